import 'reflect-metadata';
import { PrototypeStableExpressAdapter } from '@hush/api/reference-kit';
import { NestFactory } from '@nestjs/core';
import { referenceModule, serveReference } from './bare-nest.module';

/** Reference: Hush's use cases behind a bare Nest controller on Hush's own Express adapter (no middleware, guards or filters). */
async function main(): Promise<void> {
  const app = await NestFactory.create(referenceModule(), new PrototypeStableExpressAdapter(), { logger: false });
  await serveReference(app);
}

void main();
