import { execFileSync } from 'node:child_process';
import type { Database } from '@hush/persistence';
import { openTestDatabase, truncateAll } from '@hush/persistence/testing';

/** How many rows hush_secret holds (whatever their state). */
export async function secretRows(holder: { readonly db: Database }): Promise<number> {
  const [row] = (await holder.db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')) as { n: number }[];
  if (row === undefined) throw new Error('SELECT count(*) returned no row');
  return row.n;
}

/** Empties the test database from a connection of its own (for suites whose servers run in other processes). */
export async function truncateTestDatabase(): Promise<void> {
  const db = await openTestDatabase({ poolSize: 1 });
  try {
    await truncateAll(db);
  } finally {
    await db.close();
  }
}

/** A database beside the test database, on the same server (its name keeps "test" in it), created empty. */
export function freshDatabase(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  const name = `${url.pathname.slice(1)}_${suffix}`;
  for (const sql of [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]) execFileSync('psql', [url.href, '-qXc', sql]);
  url.pathname = `/${name}`;
  return url.href;
}
