import type { LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const FROM_CONFIG: Record<string, LogLevel | undefined> = { fatal: 'fatal', error: 'error', warn: 'warn', info: 'log', debug: 'debug', trace: 'verbose' };

/** LOG_LEVEL (pino-style names) to the Nest levels it enables; `silent` enables none. */
export function nestLogLevels(level: string): LogLevel[] {
  const threshold = FROM_CONFIG[level];
  return threshold ? ORDER.slice(0, ORDER.indexOf(threshold) + 1) : [];
}
