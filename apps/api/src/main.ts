import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { startupWarnings } from './config/app-config';
import { configFromEnvironment } from './config/environment';
import { configureSurfaces } from './surfaces';
import { shutDownGracefully } from './lifecycle/graceful-shutdown';
import { PrototypeStableExpressAdapter } from './http/prototype-stable-express.adapter';
import { createLogger, PinoNestLogger } from './observability/logging';
import { limitHeapGrowth } from './runtime/heap-growth';

limitHeapGrowth();

/** Past this, a shutdown that has not finished is cut short. */
const SHUTDOWN_DEADLINE_MS = 9000;

async function bootstrap(): Promise<void> {
  const config = configFromEnvironment();
  const pinoLogger = createLogger(config);
  const logger = new PinoNestLogger(pinoLogger);
  for (const warning of startupWarnings(config)) logger.warn(warning, 'Config');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new PrototypeStableExpressAdapter(), {
    bodyParser: false,
    logger,
  });
  configureSurfaces(app, config, pinoLogger);
  await app.listen(config.port, config.host);
  logger.log(`Listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`, 'Hush');

  const shutDown = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: shutting down`, 'Hush');
    setTimeout(() => {
      logger.error('Shutdown took too long; exiting', 'Hush');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    shutDownGracefully(app).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`, 'Hush');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`hush: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
