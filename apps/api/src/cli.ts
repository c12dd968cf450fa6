#!/usr/bin/env node
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { AdminModule } from './cli/admin.module';
import { configFromEnvironment } from './config/environment';
import { describeForLog } from './http/errors/v1-exception.filter';

/** Logs to stderr, so stdout holds only the command's result. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: 'log', _stream?: 'stdout' | 'stderr'): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hush-admin: ${message.split('\n')[0]}\n`);
  if (process.env.HUSH_DEBUG) process.stderr.write(`${describeForLog(error)}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  await CommandFactory.run(AdminModule.forRoot(config), {
    cliName: 'hush-admin',
    logger: new StderrLogger('hush-admin', { logLevels: ['fatal', 'error', 'warn'] }),
    serviceErrorHandler: fail,
  });
}

main().catch(fail);
