#!/usr/bin/env node
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { AdminModule } from './admin.module';
import { cliFailureLine } from './cli-failure';
import { configFromEnvironment } from './config/environment';

/** Logs to stderr, so stdout holds only the command's result; start-up failures are reported once, by `fail`. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: 'log', _stream?: 'stdout' | 'stderr'): void {
    if (context === 'ExceptionHandler') return;
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

function fail(error: unknown): void {
  process.stderr.write(`${cliFailureLine(error)}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  await CommandFactory.run(AdminModule.forRoot(config), {
    cliName: 'hush-admin',
    logger: new StderrLogger('hush-admin', { logLevels: ['fatal', 'error', 'warn'] }),
    serviceErrorHandler: fail,
    abortOnError: false,
  });
}

main().catch(fail);
