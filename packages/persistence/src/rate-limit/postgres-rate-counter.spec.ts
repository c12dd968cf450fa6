import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { PostgresRateCounter } from './postgres-rate-counter';

const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';

describe(`PostgresRateCounter on ${where}`, () => {
  let db: Database;
  let counter: PostgresRateCounter;
  beforeAll(async () => {
    db = await openTestDatabase();
    // An hour-long window: no test straddles a window's end.
    counter = new PostgresRateCounter(db.client, 3600);
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it('counts each key on its own, within the current window', async () => {
    expect((await counter.hit({ key: 'a' })).hits).toBe(1);
    expect((await counter.hit({ key: 'a' })).hits).toBe(2);
    const other = await counter.hit({ key: 'b' });
    expect(other.hits).toBe(1);
    expect(other.resetsInSeconds).toBeGreaterThanOrEqual(1);
    expect(other.resetsInSeconds).toBeLessThanOrEqual(3600);
  });

  it('gives every one of many concurrent hits its own count', async () => {
    const counts = await Promise.all(Array.from({ length: 40 }, () => counter.hit({ key: 'busy' })));
    expect(counts.map((count) => count.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('counts exactly across two processes\' pools hitting the same keys at once (each batching its own hits)', async () => {
    const other = await openTestDatabase();
    try {
      const replicas = [counter, new PostgresRateCounter(other.client, 3600)];
      const keys = ['x', 'y', 'z'];
      const counts = await Promise.all(
        Array.from({ length: 90 }, (_, i) => (replicas[i % 2] as PostgresRateCounter).hit({ key: keys[i % 3] as string })),
      );
      for (const [k] of keys.entries()) {
        const hits = counts.filter((_, i) => i % 3 === k).map((count) => count.hits).sort((a, b) => a - b);
        expect(hits).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      }
    } finally {
      await other.close();
    }
  });

  it('starts again in a new window, and prunes the rows of windows that have ended', async () => {
    await counter.hit({ key: 'old' });
    await counter.hit({ key: 'old' });
    await db.dataSource.query("UPDATE hush_rate_counter SET window_start = window_start - interval '2 hours'");
    await counter.hit({ key: 'fresh' });
    await counter.prune();
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_rate_counter')).toEqual([{ n: 1 }]);
    expect((await counter.hit({ key: 'old' })).hits).toBe(1);
  });

  // PGlite serves every connection from one session, where a lock blocks no one.
  (isEmbeddedTestDatabase() ? it.skip : it)('gives up within its deadline while the table is locked, also for hits queued behind the stuck one', async () => {
    const locker = db.dataSource.createQueryRunner();
    await locker.connect();
    const quick = new PostgresRateCounter(db.client, 3600, 250);
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE hush_rate_counter IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, i) => quick.hit({ key: `k${i}` }).then(() => 'counted', () => (Date.now() - started < 1000 ? 'refused within 1 s' : 'refused late'))),
      );
      expect(outcomes).toEqual(Array(5).fill('refused within 1 s'));
      // While the first statement still waits for the lock, later hits are refused at once.
      const again = Date.now();
      await expect(quick.hit({ key: 'later' })).rejects.toThrow(/within 250 ms/);
      expect(Date.now() - again).toBeLessThan(100);
    } finally {
      await locker.query('ROLLBACK');
      await locker.release();
    }
  });

  it('stores digests of the keys, never the account names or addresses themselves', async () => {
    await counter.hit({ key: 'account:alice@example.com' });
    const rows = (await db.dataSource.query('SELECT encode(key_hash, \'escape\') AS key FROM hush_rate_counter')) as { key: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).not.toContain('alice');
  });
});
