import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { referenceModule } from './bare-nest.module';

/** Taken from the API's build, which publishes no type declarations. */
const ADAPTER_JS = join(__dirname, '..', '..', '..', 'api', 'dist', 'http', 'prototype-stable-express.adapter.js');

/** Reference: Hush's use cases behind a bare Nest controller on Hush's own Express adapter (no middleware, guards or filters). */
async function main(): Promise<void> {
  const { PrototypeStableExpressAdapter } = (await import(ADAPTER_JS)) as { PrototypeStableExpressAdapter: new () => ExpressAdapter };
  const app = await NestFactory.create(await referenceModule(), new PrototypeStableExpressAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
