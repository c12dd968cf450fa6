import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { referenceModule } from './bare-nest.module';

/** Reference: the bare Nest controller on the Fastify adapter instead of Express, to price the adapter alone. */
async function main(): Promise<void> {
  const app = await NestFactory.create(await referenceModule(), new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
