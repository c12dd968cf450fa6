import { randomUUID } from 'node:crypto';
import { StorageUnavailableError, type OutboxMessage } from '@hush/domain';
import { isEmbeddedTestDatabase, setTestDatabaseReadOnly, testDatabaseUrl } from '@hush/persistence/testing';
import type { Response, Test } from 'supertest';
import { basic, createProxiedTestApp, createTestApp, resetDatabase, useTestApp, type ProxiedTestApp, type TestApp } from '../support/test-app';
import { OutboxWorker } from '../../src/notifications/outbox.worker';
import { PURGE_LOCK, PurgeScheduler } from '../../src/scheduling/purge.scheduler';
import { startServer } from '../support/processes';
import { proxyFor } from '../support/tcp-proxy';
import { sleep, timed } from '../support/timing';
import { INTENDED_STATUS, JSON_UTF8, UNAVAILABLE, UNEXPECTED, wire } from '../support/v1';

const ALICE = 'alice@example.com';
const QUICKLY_MS = 5000;

function expectNoStackTrace(res: Response): void {
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|Error:|ECONNREFUSED|stack/);
}

/** State, failed attempts and whether a value is stored, of every secret. */
const secretStates = (t: TestApp): Promise<unknown[]> =>
  t.db.dataSource.query('SELECT state, failed_attempts, value_sealed IS NOT NULL AS has_value FROM hush_secret');

/** Ends every connection the app has, and lets its pool hear of it before new ones are made. */
async function cutConnections(t: ProxiedTestApp): Promise<void> {
  await t.proxy.stop();
  await sleep(100);
  await t.proxy.start();
}

describe('storage unavailable (spec §8: intended 503)', () => {
  /** Its database behind a proxy the tests cut. */
  let t: ProxiedTestApp;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    // authcheck is among the calls that must fail: with the account cache on it would be answered from memory.
    t = await createProxiedTestApp({ ACCOUNT_CACHE_SECONDS: '0' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.proxy.start();
    await resetDatabase(t);
    token = await t.createAccount(ALICE);
    alice = basic(ALICE, token);
  });

  it('answers quickly with "Service temporarily unavailable" while the database is cut off, and recovers without a restart', async () => {
    const shared = await t.shareReceipt({ secret: 'survives the outage', passphrase: 'pw' }, alice);

    await t.proxy.stop();

    const requests: ReadonlyArray<[string, () => Test]> = [
      ['anonymous share', () => t.share({ secret: 'lost in the outage' })],
      ['account share', () => t.share({ secret: 'lost in the outage' }, alice)],
      ['generate', () => t.http().post('/api/v1/generate')],
      ['reveal', () => t.reveal(shared.secret_key, { passphrase: 'pw' })],
      ['reveal with a wrong passphrase', () => t.reveal(shared.secret_key, { passphrase: 'wrong' })],
      ['metadata', () => t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice)],
      ['burn', () => t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice)],
      ['recent', () => t.http().get('/api/v1/private/recent').set('Authorization', alice)],
      ['authcheck', () => t.http().get('/api/v1/authcheck').set('Authorization', alice)],
      // Twice: the second request must not hang on a pool left broken by the first.
      ['share again', () => t.share({ secret: 'lost in the outage' })],
      ['reveal again', () => t.reveal(shared.secret_key, { passphrase: 'pw' })],
    ];
    for (const [name, send] of requests) {
      const { res, ms } = await timed(send());
      const observed = { name, status: res.status, text: res.text, intended: res.headers[INTENDED_STATUS] };
      expect(observed).toEqual({ name, status: 404, text: UNAVAILABLE, intended: '503' });
      expect(ms).toBeLessThan(QUICKLY_MS);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expectNoStackTrace(res);
    }

    await t.proxy.start();

    // Back without restarting the app; nothing from the outage was stored, nothing was consumed or counted.
    await t.http().get('/api/v1/authcheck').set('Authorization', alice).expect(200);
    const recent = await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
    expect(recent.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([shared.metadata_key]);
    expect(await secretStates(t)).toEqual([{ state: 'new', failed_attempts: 0, has_value: true }]);
    const after = await t.share({ secret: 'after the outage' }).expect(200);
    expect((await t.http().post(`/api/v1/secret/${after.body.secret_key}`).expect(200)).body.value).toBe('after the outage');
    const revealed = await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(200);
    expect(revealed.body.value).toBe('survives the outage');

    const logs = t.logs.lines.join('\n');
    for (const needle of ['survives the outage', 'lost in the outage', shared.secret_key, shared.metadata_key, token]) expect(logs).not.toContain(needle);
  });

  it('answers "Service temporarily unavailable" while the database refuses writes (25006: a standby, or a leader still promoting), and readiness turns 503', async () => {
    const shared = await t.shareReceipt({ secret: 'kept while read-only' }, alice);
    await setTestDatabaseReadOnly(t.db, true);
    try {
      // Sessions opened from now on are read-only (on PostgreSQL): the app's are cut, as in a failover.
      await cutConnections(t);
      const unavailable = { status: 404, text: UNAVAILABLE, intended: '503' };
      expect(wire(await t.share({ secret: 'refused' }))).toEqual(unavailable);
      expect(wire(await t.share({ secret: 'refused' }, alice))).toEqual(unavailable);
      expect(wire(await t.reveal(shared.secret_key))).toEqual(unavailable);
      await t.http().get('/health/ready').expect(503);
    } finally {
      await setTestDatabaseReadOnly(t.db, false);
      await cutConnections(t);
    }
    await t.http().get('/health/ready').expect(200);
    expect((await t.reveal(shared.secret_key).expect(200)).body.value).toBe('kept while read-only');
  });

  it('recovers after repeated outages', async () => {
    for (let round = 0; round < 3; round++) {
      await t.proxy.stop();
      const { res, ms } = await timed(t.share({ secret: `round ${round}` }));
      expect(res.text).toBe(UNAVAILABLE);
      expect(res.headers[INTENDED_STATUS]).toBe('503');
      expect(ms).toBeLessThan(QUICKLY_MS);
      await t.proxy.start();
      const ok = await t.share({ secret: `round ${round}` }).expect(200);
      expect((await t.http().post(`/api/v1/secret/${ok.body.secret_key}`).expect(200)).body.value).toBe(`round ${round}`);
    }
  });
});

describe('a database that accepts connections and does not answer (spec §8: intended 503)', () => {
  /** Short, so the suite is quick: the client gives up on an answer 1 s after the 1 s statement timeout. */
  const TIMEOUTS = { DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '1000', DATABASE_PROBE_TIMEOUT_MS: '300' };
  /** The query timeout (2 s) and room for a busy machine. */
  const WITHIN_TIMEOUT_MS = 3500;
  /** Far below any timeout: nothing waited for the database. */
  const AT_ONCE_MS = 250;
  const unavailable = { status: 404, text: UNAVAILABLE, intended: '503' };
  let t: ProxiedTestApp;
  let alice: string;

  beforeAll(async () => {
    t = await createProxiedTestApp(TIMEOUTS);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.proxy.release();
    await t.proxy.start();
    await resetDatabase(t);
    alice = basic(ALICE, await t.createAccount(ALICE));
  });

  /** Polls until `ready` answers 200, for at most `ms`; how long it took. */
  async function readyAgainWithin(ms: number): Promise<number> {
    const started = Date.now();
    while ((await t.http().get('/health/ready')).status !== 200) {
      if (Date.now() - started > ms) throw new Error(`not ready again within ${ms} ms`);
      await sleep(50);
    }
    return Date.now() - started;
  }

  it('answers "Service temporarily unavailable" within the timeouts, then at once; readiness turns 503; both recover when it answers again', async () => {
    const kept = await t.shareReceipt({ secret: 'survives the stall', passphrase: 'pw' }, alice);
    await t.http().get('/health/ready').expect(200);

    t.proxy.hold();

    // The first request waits out the query timeout, and its timeout starts a probe.
    const first = await timed(t.share({ secret: 'lost in the stall' }));
    expect(wire(first.res)).toEqual(unavailable);
    expect(first.ms).toBeLessThan(WITHIN_TIMEOUT_MS);

    // Readiness needs no more than its probe timeout to say so.
    const ready = await timed(t.http().get('/health/ready'));
    expect(ready.res.status).toBe(503);
    expect(ready.res.body).toMatchObject({ status: 'error', details: { database: { status: 'down' } } });
    expect(ready.ms).toBeLessThan(1500);

    // Now that the database is known to hang, nothing waits for it.
    const requests: ReadonlyArray<[string, () => Test]> = [
      ['share', () => t.share({ secret: 'lost in the stall' })],
      ['reveal', () => t.reveal(kept.secret_key, { passphrase: 'pw' })],
      ['reveal with a wrong passphrase', () => t.reveal(kept.secret_key, { passphrase: 'wrong' })],
      ['metadata', () => t.http().get(`/api/v1/private/${kept.metadata_key}`).set('Authorization', alice)],
      ['generate', () => t.http().post('/api/v1/generate')],
      ['ready', () => t.http().get('/health/ready')],
    ];
    for (const [name, send] of requests) {
      const { res, ms } = await timed(send());
      if (name === 'ready') expect(res.status).toBe(503);
      else expect({ name, ...wire(res) }).toEqual({ name, ...unavailable });
      expect({ name, fast: ms < AT_ONCE_MS }).toEqual({ name, fast: true });
    }

    t.proxy.release();

    expect(await readyAgainWithin(3000)).toBeLessThan(3000);
    const after = await t.share({ secret: 'after the stall' }).expect(200);
    expect((await t.reveal(after.body.secret_key).expect(200)).body.value).toBe('after the stall');
    // Answered 503, the stalled reveal attempts neither consumed nor counted anything.
    expect((await t.reveal(kept.secret_key, { passphrase: 'pw' }).expect(200)).body.value).toBe('survives the stall');
  });

  it('recovers after repeated stalls', async () => {
    for (let round = 0; round < 2; round++) {
      t.proxy.hold();
      const { res, ms } = await timed(t.share({ secret: `round ${round}` }));
      expect(wire(res)).toEqual(unavailable);
      expect(ms).toBeLessThan(WITHIN_TIMEOUT_MS);
      t.proxy.release();
      await readyAgainWithin(3000);
      const ok = await t.share({ secret: `round ${round}` }).expect(200);
      expect((await t.reveal(ok.body.secret_key).expect(200)).body.value).toBe(`round ${round}`);
    }
  });

  // PGlite serves every connection from one session, where a lock blocks no one.
  (isEmbeddedTestDatabase() ? it.skip : it)('a statement that exceeds the statement timeout answers 503; one slow table is not a hung database', async () => {
    const locker = t.db.dataSource.createQueryRunner();
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE hush_secret IN ACCESS EXCLUSIVE MODE');
      const { res, ms } = await timed(t.share({ secret: 'waits for the lock' }));
      expect(wire(res)).toEqual(unavailable);
      expect(ms).toBeLessThan(WITHIN_TIMEOUT_MS);
      // The probe writes elsewhere and commits: the server stays ready and does not refuse at once.
      await t.http().get('/health/ready').expect(200);
    } finally {
      await locker.query('ROLLBACK');
      await locker.release();
    }
    await t.share({ secret: 'after the lock' }).expect(200);
  });

  // A pg client emits 'error' when its connection ends; one that nobody hears ends the process, and jest fails this file for it.
  describe('a connection cut under each holder of a client (issue 20, point 0): the process stays up', () => {
    /** Lets late 'end' and 'error' events of the cut connections fire, then checks that the app serves again. */
    async function expectSurvived(): Promise<void> {
      await sleep(200);
      await t.proxy.start();
      await t.http().get('/health/live').expect(200);
      await readyAgainWithin(3000);
      await t.share({ secret: 'after the cut' }).expect(200);
    }

    it('the readiness probe, cut while its write waits, in a server process of its own: it stays up, and logs the 503 as a warning', async () => {
      const { proxy, proxiedUrl } = proxyFor(testDatabaseUrl());
      await proxy.start();
      const server = await startServer({ DATABASE_URL: proxiedUrl(), DATABASE_PROBE_TIMEOUT_MS: '300' });
      try {
        proxy.hold();
        // The verdict comes at the probe timeout; the write is still out on the client it checked out.
        expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
        await proxy.stop();
        await sleep(300);
        expect(server.child.exitCode).toBeNull();
        await proxy.start();
        const started = Date.now();
        while ((await fetch(`${server.url}/health/ready`)).status !== 200) {
          if (Date.now() - started > 3000) throw new Error('not ready again within 3000 ms');
          await sleep(50);
        }
        const levels = server.stdout().trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; route?: string });
        expect(levels.filter((entry) => entry.route === '/health/ready').map((entry) => entry.level)).toEqual([40]);
        expect(levels.filter((entry) => entry.level >= 50)).toEqual([]);
      } finally {
        await proxy.start();
        await server.stop();
        await proxy.stop();
      }
    });

    it('an advisory lock, cut while the purge holds it: the work learns that the lock is gone, and the lock is free again', async () => {
      const held = t.db.locks.whileHolding(PURGE_LOCK, async () => {
        await t.proxy.stop();
        await sleep(100);
        await t.proxy.start();
        return 'purged';
      });
      await expect(held).rejects.toBeInstanceOf(StorageUnavailableError);
      await expectSurvived();
      await expect(t.db.locks.whileHolding(PURGE_LOCK, async () => 'again')).resolves.toBe('again');
      await expect(t.app.get(PurgeScheduler).tick()).resolves.toBeDefined();
    });

    it('an advisory lock, cut while the migrator waits for it', async () => {
      t.proxy.hold();
      const migrating = t.db.migrator.migrate();
      await sleep(100);
      await t.proxy.stop();
      await expect(migrating).rejects.toThrow();
      await expectSurvived();
      await expect(t.db.migrator.migrate()).resolves.toEqual([]);
    });

    it('group commit, cut with one batch in flight and one waiting: both fail, and later ones run', async () => {
      const message = (id: string) => ({ id, leaseToken: randomUUID() }) as OutboxMessage;
      t.proxy.hold();
      const batches = Promise.allSettled([t.db.outbox.complete(message('1')), t.db.outbox.complete(message('2'))]);
      await sleep(100);
      await t.proxy.stop();
      expect((await batches).map((settled) => settled.status === 'rejected' && settled.reason instanceof StorageUnavailableError)).toEqual([true, true]);
      await expectSurvived();
      await expect(t.db.outbox.complete(message('3'))).resolves.toBe(false);
    });

    it("the outbox worker, cut while it claims: a warning, and it claims again", async () => {
      const worker = t.app.get(OutboxWorker);
      t.proxy.hold();
      const polled = worker.poll();
      await sleep(100);
      await t.proxy.stop();
      await polled;
      expect(t.logs.lines.filter((line) => line.includes('Could not look for due messages'))).toEqual([expect.stringMatching(/^warn /)]);
      await expectSurvived();
      await expect(worker.poll()).resolves.toBeUndefined();
    });
  });
});

describe('unexpected errors (spec §8: intended 500)', () => {
  const OTHER_MASTER_KEY = 'a different master key of at least 32 chars';
  const t = useTestApp();
  /** The same database under another master key: it can decrypt nothing that t stored. */
  let other: TestApp;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    other = await createTestApp({ MASTER_KEY: OTHER_MASTER_KEY });
  });
  afterAll(() => other.close());
  beforeEach(async () => {
    token = await t.createAccount(ALICE);
    alice = basic(ALICE, token);
  });

  it('a secret that cannot be decrypted answers "An unexpected error occurred", is not consumed, and leaks nothing to the log', async () => {
    const value = 'the value that must never be logged';
    const passphrase = 'the passphrase that must never be logged';
    const shared = await t.shareReceipt({ secret: value, passphrase }, alice);

    const attempts: Test[] = [
      other.reveal(shared.secret_key, { passphrase }),
      other.reveal(shared.secret_key, { passphrase: 'a wrong guess' }),
      other.http().post(`/api/v1/secret/${shared.secret_key}`),
      other.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice),
      other.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect({ status: res.status, text: res.text, intended: res.headers[INTENDED_STATUS] }).toEqual({ status: 404, text: UNEXPECTED, intended: '500' });
      expectNoStackTrace(res);
      for (const needle of [value, passphrase, shared.secret_key, shared.metadata_key]) expect(res.text).not.toContain(needle);
    }

    // Not consumed, not counted, not burned, not changed.
    expect(await secretStates(t)).toEqual([{ state: 'new', failed_attempts: 0, has_value: true }]);
    const revealed = await t.reveal(shared.secret_key, { passphrase }).expect(200);
    expect(revealed.body.value).toBe(value);

    // Details go to the server log only, without secret data. (Nest's static Logger may route one
    // app's lines to the other's logger, so both are read.)
    const lines = [...t.logs.lines, ...other.logs.lines];
    expect(lines.some((line) => line.startsWith('error'))).toBe(true);
    const logs = lines.join('\n');
    for (const needle of [value, passphrase, shared.secret_key, shared.metadata_key, token, OTHER_MASTER_KEY]) expect(logs).not.toContain(needle);
  });
});
