import { StorageUnavailableError } from '@hush/domain';
import { Pool } from 'pg';
import { Database } from '../database';
import { assertTestDatabaseUrl, openTestDatabase, testPoolMode } from '../testing';
import { pgPoolOf } from './pg-pool';
import { statement } from './statement';
import { timedTransactions } from './statement-runner';

/** Work that runs until the test ends it, and says when it has started. */
function heldWork() {
  let release: (value: string) => void = () => undefined;
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const work = () => {
    started();
    return new Promise<string>((resolve) => (release = resolve));
  };
  return { work, running, release: (value = 'ran') => release(value) };
}

// Only the PgBouncer pass (HUSH_TEST_PGBOUNCER=1) puts a transaction pooler between these tests and PostgreSQL.
(testPoolMode() === 'transaction' ? describe : describe.skip)('through PgBouncer in transaction mode', () => {
  let db: Database;
  let other: Database;
  // Past the pooler, so that looking at the locks or ending a session never lands on the session in question.
  let direct: Pool;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL ?? '';
    assertTestDatabaseUrl(url);
    direct = new Pool({ connectionString: url, max: 2 });
    [db, other] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  });
  afterAll(() => Promise.all([db.close(), other.close(), direct.end()]));

  const LOCKS_ON = "FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = $1 AND objsubid = 1";
  /** Advisory locks on `key` held by any server session, as PostgreSQL itself counts them. */
  const locksHeld = async (key: number): Promise<number> => (await direct.query<{ n: number }>(`SELECT count(*)::int AS n ${LOCKS_ON}`, [key])).rows[0]?.n ?? -1;
  const endSessionsHolding = (key: number) => direct.query(`SELECT pg_terminate_backend(pid, 5000) ${LOCKS_ON}`, [key]);

  it('refuses the session mode\'s start-up statement_timeout, which is why the transaction mode sets it per transaction', async () => {
    await expect(openTestDatabase({ poolMode: 'session', poolSize: 1 })).rejects.toThrow(/unsupported startup parameter: statement_timeout/);
  });

  it('still cuts off a statement that outlives the statement timeout: the server cancels it (57014)', async () => {
    const quick = await openTestDatabase({ poolSize: 1, statementTimeoutMs: 200 });
    try {
      const slow = statement('test_slow', 'SELECT pg_sleep(5)');
      await expect(quick.client.query(slow)).rejects.toBeInstanceOf(StorageUnavailableError);
      // Without the server's timeout only the client's would end the wait, a second later and with no SQLSTATE, the sleep still running.
      const error = await timedTransactions(200)(pgPoolOf(quick.dataSource), { ...slow, values: [] }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: '57014', message: expect.stringMatching(/statement timeout/) });
    } finally {
      await quick.close();
    }
  });

  it('holds the purge\'s lock only while its work runs: one holder across replicas, and none left once the work ends or throws', async () => {
    const held = heldWork();
    const first = db.locks.whileHolding(4251, held.work);
    await Promise.race([held.running, first]);
    expect(await locksHeld(4251)).toBe(1);
    await expect(other.locks.whileHolding(4251, async () => 'other ran')).resolves.toBeUndefined();
    held.release();
    await expect(first).resolves.toBe('ran');
    expect(await locksHeld(4251)).toBe(0);

    await expect(other.locks.whileHolding(4251, () => Promise.reject(new Error('the work failed')))).rejects.toThrow('the work failed');
    expect(await locksHeld(4251)).toBe(0);

    let inside = 0;
    let most = 0;
    const ran = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? db : other).locks.whileHolding(4251, async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
          return i;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(ran.filter((result) => result !== undefined).length).toBeGreaterThan(0);
    expect(await locksHeld(4251)).toBe(0);
  });

  it('tells a holder whose server session ended under its work that the lock is lost, and the lock is gone with it', async () => {
    const held = heldWork();
    const first = db.locks.whileHolding(4252, held.work);
    await Promise.race([held.running, first]);
    await endSessionsHolding(4252);
    expect(await locksHeld(4252)).toBe(0);
    held.release();
    await expect(first).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(other.locks.whileHolding(4252, async () => 'other ran')).resolves.toBe('other ran');
  });

  it('runs the migrations through the pooler, replicas taking turns on the migration lock', async () => {
    await expect(Promise.all([db.migrator.migrate(), other.migrator.migrate()])).resolves.toEqual([[], []]);
    await expect(db.migrator.hasPendingMigrations()).resolves.toBe(false);
  });

  it('cuts off a readiness write that waits (here on a locked row) at the statement timeout, instead of leaving it on the server', async () => {
    const quick = await openTestDatabase({ poolSize: 1, statementTimeoutMs: 200, probeTimeoutMs: 5000 });
    const locker = await direct.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT * FROM hush_probe FOR UPDATE');
      await expect(quick.ping()).rejects.toMatchObject({ code: '57014' });
      const waiting = await locker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'INSERT INTO hush_probe%' AND wait_event_type = 'Lock'");
      expect(waiting.rows[0]?.n).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await quick.close();
    }
  });

  // Last: the server session it ends is one the pooler may not have dropped yet when the next test asks for one.
  it('leaves a session-level lock held on a server session the pooler lends to others (what Hush must not take here)', async () => {
    try {
      await db.dataSource.query('SELECT pg_try_advisory_lock(4250)');
      expect(await locksHeld(4250)).toBe(1);
    } finally {
      await endSessionsHolding(4250);
    }
  });
});
