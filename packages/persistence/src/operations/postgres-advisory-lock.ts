import { StorageUnavailableError } from '@hush/domain';
import { DataSource, QueryRunner } from 'typeorm';
import { PostgresClient } from '../sql/postgres-client';
import { ExclusiveLock } from './operation-ports';

/**
 * PostgreSQL advisory locks, on a connection of its own for as long as the work runs. Session-level where the
 * connection is its server session; behind a transaction pooler, transaction-level (`transactionTimeoutMs` set),
 * held by a transaction left open around the work, so the pooler keeps that one server session for it and
 * the lock ends with the transaction, however it ends: a session lock there would stay on a server
 * session the pooler hands to others.
 */
export class PostgresAdvisoryLock implements ExclusiveLock {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: PostgresClient,
    private readonly transactionTimeoutMs: number | null = null,
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
        return this.transactionTimeoutMs === null ? await sessionLocked(runner, key, wait, work) : await transactionLocked(runner, key, wait, this.transactionTimeoutMs, work);
      } finally {
        await runner.release();
      }
    });
  }
}

async function sessionLocked<T>(runner: QueryRunner, key: number, wait: boolean, work: () => Promise<T>): Promise<T | undefined> {
  if (!(await acquired(runner, key, wait, ''))) return undefined;
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
}

async function transactionLocked<T>(runner: QueryRunner, key: number, wait: boolean, timeoutMs: number, work: () => Promise<T>): Promise<T | undefined> {
  await runner.query(`BEGIN; SET LOCAL statement_timeout = ${timeoutMs}`);
  let result: T | undefined;
  try {
    if (await acquired(runner, key, wait, '_xact')) result = await work();
  } catch (error) {
    if (!runner.isReleased) await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  if (runner.isReleased) throw new StorageUnavailableError();
  // Ends the transaction and the lock with it; if it fails, the lock may have ended before the work did.
  await runner.query('COMMIT');
  return result;
}

async function acquired(runner: QueryRunner, key: number, wait: boolean, scope: '' | '_xact'): Promise<boolean> {
  if (wait) {
    await runner.query(`SELECT pg_advisory${scope}_lock($1)`, [key]);
    return true;
  }
  const [row] = (await runner.query(`SELECT pg_try_advisory${scope}_lock($1) AS locked`, [key])) as { locked: boolean }[];
  return row?.locked === true;
}
