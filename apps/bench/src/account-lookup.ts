import type { Database } from '@hush/persistence';
import { BENCH_ACCOUNT } from './fixtures';

/** The SQL the account repository really sends for a Basic-auth lookup, captured through TypeORM's logger. */
export async function captureAccountLookup(db: Database): Promise<string> {
  const queries: string[] = [];
  const source = db.dataSource as unknown as { logger: Record<string, unknown> };
  const original = source.logger;
  source.logger = { ...original, logQuery: (query: string) => queries.push(query) };
  try {
    await db.accounts().findByCustid(BENCH_ACCOUNT);
  } finally {
    source.logger = original;
  }
  const lookup = queries.find((query) => /hush_account/.test(query));
  if (!lookup) throw new Error('could not capture the account lookup');
  return `${lookup.replace(/\$1/g, `'${BENCH_ACCOUNT}'`).replace(/\s+/g, ' ').trim()};`;
}
