import { StorageUnavailableError } from '@hush/domain';
import { DataSource } from 'typeorm';
import { PostgresClient } from '../sql/postgres-client';
import { ExclusiveLock } from './operation-ports';

/** PostgreSQL session-level advisory locks, on a connection of its own for as long as the work runs. */
export class PostgresAdvisoryLock implements ExclusiveLock {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: PostgresClient,
  ) {}

  whileHolding<T>(lockKey: number, work: () => Promise<T>): Promise<T | undefined> {
    return this.withLock(lockKey, false, work);
  }

  /** Waits for the lock instead of skipping. */
  async afterAcquiring<T>(lockKey: number, work: () => Promise<T>): Promise<T> {
    return (await this.withLock(lockKey, true, work)) as T;
  }

  private withLock<T>(key: number, wait: boolean, work: () => Promise<T>): Promise<T | undefined> {
    return this.client.run(async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        if (wait) {
          await runner.query('SELECT pg_advisory_lock($1)', [key]);
        } else {
          const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as { locked: boolean }[];
          if (!row?.locked) return undefined;
        }
        let result: T;
        try {
          result = await work();
        } finally {
          // TypeORM releases a runner whose connection broke: the lock ended with that session.
          if (!runner.isReleased) await runner.query('SELECT pg_advisory_unlock($1)', [key]);
        }
        // The lock ended before the work did, so another holder may have overlapped it: the caller must not count on it.
        if (runner.isReleased) throw new StorageUnavailableError();
        return result;
      } finally {
        await runner.release();
      }
    });
  }
}
