import { Logger, Provider } from '@nestjs/common';
import { Database, PostgresRateCounter, RateCounter } from '@hush/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE, RATE_COUNTER } from '../tokens';
import { describeForLog } from '../observability/describe-error';
import { FallbackRateCounter } from '../rate-limit/fallback-rate-counter';
import { InMemoryRateCounter } from '../rate-limit/in-memory-rate-counter';
import { RateLimiter } from '../rate-limit/rate-limiter';

/** How long a request waits for the shared counters (a hit takes about a millisecond) before it is counted in this process. */
export const SHARED_COUNT_DEADLINE_MS = 250;

/** Shared in PostgreSQL when there is one (so the limits hold for all replicas together); in memory on the embedded database. */
export function rateCounterFor(config: Pick<AppConfig, 'database' | 'rateLimit'>, db: Pick<Database, 'client'>): RateCounter {
  const window = config.rateLimit.windowSeconds;
  const local = new InMemoryRateCounter(window);
  if (!config.database.url) return local;
  const logger = new Logger('RateLimit');
  return new FallbackRateCounter(new PostgresRateCounter(db.client, window, SHARED_COUNT_DEADLINE_MS), local, (error) =>
    logger.warn(`Shared rate-limit counters failed; counting in this process for now: ${describeForLog(error)}`),
  );
}

export const rateLimitProviders: Provider[] = [
  { provide: RATE_COUNTER, inject: [APP_CONFIG, DATABASE], useFactory: rateCounterFor },
  { provide: RateLimiter, inject: [APP_CONFIG, RATE_COUNTER], useFactory: (config: AppConfig, counter: RateCounter) => new RateLimiter(counter, config.rateLimit) },
];
