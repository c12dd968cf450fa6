import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { referenceModule, serveReference } from './bare-nest.module';

/** Reference: the bare Nest controller on the Fastify adapter instead of Express, to price the adapter alone. */
async function main(): Promise<void> {
  const app = await NestFactory.create(referenceModule(), new FastifyAdapter(), { logger: false });
  await serveReference(app);
}

void main();
