import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configFromEnvironment } from './config/environment';
import { configureHttp } from './http/configure-http';
import { nestLogLevels } from './logger-levels';

async function bootstrap(): Promise<void> {
  const config = configFromEnvironment();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: nestLogLevels(config.logLevel),
  });
  configureHttp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('Hush').log(`Listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`hush: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
