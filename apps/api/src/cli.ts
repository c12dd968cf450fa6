#!/usr/bin/env node
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
// The program's own commander instance, which nest-commander provides under this token but does not export.
import { Commander } from 'nest-commander/src/constants';
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

/** The package's bin name, which help and logs show (commander would take the file's: `cli`). */
const CLI_NAME = 'hush-admin';

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const app = await CommandFactory.createWithoutRunning(AdminModule.forRoot(config), {
    cliName: CLI_NAME,
    logger: new StderrLogger(CLI_NAME, { logLevels: ['fatal', 'error', 'warn'] }),
    serviceErrorHandler: fail,
    abortOnError: false,
  });
  try {
    app.get<{ name(name: string): unknown }>(Commander).name(CLI_NAME);
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch(fail);
