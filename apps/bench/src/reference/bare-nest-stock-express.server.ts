import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { referenceModule, serveReference } from './bare-nest.module';

/** Reference: Hush's use cases behind a bare Nest controller on Nest's stock Express adapter (no middleware, guards or filters). */
async function main(): Promise<void> {
  const app = await NestFactory.create(referenceModule(), { logger: false });
  await serveReference(app);
}

void main();
