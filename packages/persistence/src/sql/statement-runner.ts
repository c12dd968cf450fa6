import { withCheckedOutClient } from './checked-out-client';
import { PgPool, PgQueryConfig, PgResult } from './pg-pool';
import { isStorageUnavailable } from './storage-errors';

/** How one statement reaches the server. */
export type StatementRunner = (pool: PgPool, config: PgQueryConfig & { readonly name: string }) => Promise<PgResult>;

/** Parsed and planned once per connection, under its name: the connection is its server session (direct, or a session pooler). */
export const namedStatements: StatementRunner = (pool, config) => pool.query(config);

/** Parsed each time: PGlite serves every connection from one session, where per-connection names would collide. */
export const unnamedStatements: StatementRunner = (pool, { text, values }) => pool.query({ text, values });

/**
 * A transaction pooler (PgBouncer `pool_mode = transaction`) lends a server session for one transaction at a
 * time: statement names would not be known on the next one, and a timeout given at start-up is refused or lost,
 * so each statement runs unnamed in a transaction of its own that sets the timeout itself.
 */
export function timedTransactions(statementTimeoutMs: number): StatementRunner {
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 0) throw new Error(`statement timeout must be a whole number of ms, not ${statementTimeoutMs}`);
  const begin = `BEGIN; SET LOCAL statement_timeout = ${statementTimeoutMs}`;
  return async (pool, { text, values }) => {
    const outcome = await withCheckedOutClient(pool, async (client) => {
      await client.query({ text: begin });
      const answered = await client.query({ text, values }).then(
        (result) => ({ result }),
        (error: unknown) => {
          // A connection that timed out or broke is dropped, which ends its transaction; a ROLLBACK would wait behind it.
          if (isStorageUnavailable(error)) throw error;
          return { error };
        },
      );
      await client.query({ text: 'error' in answered ? 'ROLLBACK' : 'COMMIT' });
      return answered;
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  };
}
