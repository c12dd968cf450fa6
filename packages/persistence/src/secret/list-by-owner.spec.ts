import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { SECRET_SQL } from './postgres-secret.repository';
import { secretInsertSql } from './secret-table';

const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';
const ALICE = 'alice@example.com';
const NOW = new Date('2026-06-01T12:00:00Z');

/** `count` receipts of `owner` (null: anonymous), the g-th created g seconds before NOW, shaped like real rows. */
async function insertReceipts(db: Database, owner: string | null, count: number, tag: string): Promise<void> {
  const sealed = `'v1.000000000000.${'A'.repeat(80)}'`;
  const created = `(timestamptz '${NOW.toISOString()}' - make_interval(secs => g))`;
  await db.dataSource.query(
    secretInsertSql(
      {
        metadata_key_hash: `sha256(('${tag}m' || g)::bytea)`, secret_key_hash: `sha256(('${tag}s' || g)::bytea)`,
        metadata_key_sealed: sealed, secret_key_sealed: sealed, value_sealed: sealed, key_id: "'000000000000'", passphrase_hash: 'NULL',
        owner: owner === null ? 'NULL' : `'${owner}'`, ttl: '604800', state: "'new'", failed_attempts: '0',
        recipients: "ARRAY['de*****@e*****.com', 'pe*****@e*****.org']", created_at: created, updated_at: created, received_at: 'NULL',
        secret_expires_at: `${created} + interval '7 days'`, metadata_expires_at: `${created} + interval '14 days'`, version: '0',
        passphrase_required: 'false', short_key: "'abcdef'",
      },
      `generate_series(1, ${count}) AS g`,
    ),
  );
}

describe(`the recent list's query on ${where}`, () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
    await truncateAll(db);
    await insertReceipts(db, ALICE, 5000, 'alice');
    await insertReceipts(db, 'bob@example.com', 5000, 'bob');
    await insertReceipts(db, null, 10_000, 'anon');
    await db.dataSource.query('ANALYZE hush_secret');
  });
  afterAll(async () => {
    await truncateAll(db);
    await db.close();
  });

  it('answers an account with thousands of receipts promptly, with exactly the newest `limit`, newest first', async () => {
    const started = performance.now();
    const listed = await db.secrets.listByOwner(ALICE, NOW, 1000);
    const ms = performance.now() - started;
    expect(listed).toHaveLength(1000);
    expect(listed.every((secret) => secret.owner === ALICE)).toBe(true);
    const created = listed.map((secret) => secret.createdAt.getTime());
    expect(created).toEqual(Array.from({ length: 1000 }, (_, i) => NOW.getTime() - (i + 1) * 1000));
    expect(ms).toBeLessThan(2000);
  });

  it('reads the owner index newest first and stops at the limit: no scan of the table, no sort of the owner\'s rows', async () => {
    // The pool runs it as a prepared statement, so the plan checked is the generic one it settles on.
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query(`PREPARE recent_probe AS ${SECRET_SQL.listByOwner.text}`);
      await runner.query('SET plan_cache_mode = force_generic_plan');
      const rows = (await runner.query(`EXPLAIN EXECUTE recent_probe('${ALICE}', '${NOW.toISOString()}', 1000, 0)`)) as { 'QUERY PLAN': string }[];
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/^Limit/);
      expect(plan).toMatch(/Index Scan Backward using hush_secret_owner_created_idx/);
      expect(plan).not.toMatch(/Seq Scan|Sort/);
    } finally {
      await runner.query('DEALLOCATE ALL');
      await runner.query('RESET plan_cache_mode');
      await runner.release();
    }
  });
});
