import 'reflect-metadata';
import { PrototypeStableExpressAdapter } from '@hush/api/http-adapter';
import { NestFactory } from '@nestjs/core';
import { referenceModule } from './bare-nest.module';

/** Reference: Hush's use cases behind a bare Nest controller on Hush's own Express adapter (no middleware, guards or filters). */
async function main(): Promise<void> {
  const app = await NestFactory.create(await referenceModule(), new PrototypeStableExpressAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
