import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Everything that may carry secret data is censored, wherever a log call puts it. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.url', 'req.query', 'req.body', 'req.params',
  '*.secret', '*.passphrase', '*.value', '*.token', '*.apitoken', '*.secret_key', '*.metadata_key', '*.authorization',
];

/** One JSON object per line on stdout. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

/**
 * Nest's own log calls into the same pino logger. (nestjs-pino would do this too, but its per-request
 * AsyncLocalStorage costs CPU on every request; docs/develop/libraries.md has the figure.)
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void { this.logger.info({ context }, String(message)); }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.logger.error({ context: context ?? stackOrContext }, String(message));
  }
  warn(message: unknown, context?: string): void { this.logger.warn({ context }, String(message)); }
  debug(message: unknown, context?: string): void { this.logger.debug({ context }, String(message)); }
  verbose(message: unknown, context?: string): void { this.logger.trace({ context }, String(message)); }
  fatal(message: unknown, context?: string): void { this.logger.fatal({ context }, String(message)); }
}
