import type { Database } from '@hush/persistence';
import { isEmbeddedTestDatabase, openTestDatabase } from '@hush/persistence/testing';
import type { QueryRunner } from 'typeorm';
import type { Response } from 'supertest';
import { basic, useTestApp, type TestApp } from '../support/test-app';
import { sleep, timed } from '../support/timing';
import { expectUnknownSecret, expectV1Error } from '../support/v1';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
/** The app waits 3 s for a pool connection before answering "Service temporarily unavailable". */
const PROMPTLY_MS = 1500;
const POOL_SIZE = 4;
/** Half the pool: the default share of one caller. */
const SHARE = 2;

/** Connections of the app (not of this test) waiting on a row lock. */
async function blockedAppConnections(probe: Database): Promise<number> {
  const [row] = (await probe.dataSource.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
  )) as { n: number }[];
  return row?.n ?? 0;
}

/** Waits until `count` of the app's connections wait on the lock, and stay so for a moment. */
async function untilBlocked(probe: Database, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await blockedAppConnections(probe)) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} connections ever waited on the lock`);
    await sleep(20);
  }
  await sleep(300);
}

/** Starts a supertest request now (it is lazy) and keeps its response. */
const start = (request: PromiseLike<Response>): Promise<Response> => Promise.resolve(request);

// PGlite serves every connection from one session, where a row lock holds nobody up.
(isEmbeddedTestDatabase() ? describe.skip : describe)('one caller cannot take every database connection (issue 11 §3)', () => {
  let probe: Database;
  let locker: Database;
  let lock: QueryRunner;

  beforeAll(async () => {
    probe = await openTestDatabase({ poolSize: 1 });
    locker = await openTestDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    await probe.close();
    await locker.close();
  });

  /** Holds the row of every secret until released: whoever writes one of them waits, holding its connection. */
  async function lockSecrets(): Promise<void> {
    lock = locker.dataSource.createQueryRunner();
    await lock.startTransaction();
    await lock.query('SELECT 1 FROM hush_secret FOR UPDATE');
  }
  async function releaseSecrets(): Promise<void> {
    await lock.rollbackTransaction();
    await lock.release();
  }

  describe(`with a pool of ${POOL_SIZE}`, () => {
    const t = useTestApp({ DATABASE_POOL_SIZE: String(POOL_SIZE), CONCURRENT_REQUESTS_PER_CALLER: String(POOL_SIZE / 2) });

    const expectOthersServed = async (app: TestApp, bob: string) => {
      for (const [who, request] of [['bob', () => app.share({ secret: 'from bob' }, bob)], ['an anonymous client', () => app.share({ secret: 'anon' })]] as const) {
        const { res, ms } = await timed(request());
        expect({ who, status: res.status, text: res.status === 200 ? 'ok' : res.text }).toEqual({ who, status: 200, text: 'ok' });
        expect(ms).toBeLessThan(PROMPTLY_MS);
      }
    };

    it("an account's many slow calls hold half the pool at most; another account's share is still served promptly", async () => {
      const alice = basic(ALICE, await t.createAccount(ALICE));
      const bob = basic(BOB, await t.createAccount(BOB));
      const shared = await t.shareReceipt({ secret: 'burned once' }, alice);
      await lockSecrets();
      let burns: Promise<Response>[] = [];
      try {
        burns = Array.from({ length: 12 }, () => start(t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice)));
        await untilBlocked(probe, SHARE);
        await expectOthersServed(t, bob);
        expect(await blockedAppConnections(probe)).toBe(SHARE);
      } finally {
        await releaseSecrets();
      }
      const answers = await Promise.all(burns);
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
      for (const res of answers.filter((r) => r.status !== 200)) expectUnknownSecret(res, shared.metadata_key);
    });

    it("an anonymous client's slow calls are counted by its address, and hold half the pool at most", async () => {
      const bob = basic(BOB, await t.createAccount(BOB));
      const shared = await t.shareReceipt({ secret: 'revealed once' });
      await lockSecrets();
      let reveals: Promise<Response>[] = [];
      try {
        reveals = Array.from({ length: 12 }, () => start(t.reveal(shared.secret_key)));
        await untilBlocked(probe, SHARE);
        const { res, ms } = await timed(t.share({ secret: 'from bob' }, bob));
        expect(res.status).toBe(200);
        expect(ms).toBeLessThan(PROMPTLY_MS);
        expect(await blockedAppConnections(probe)).toBe(SHARE);
      } finally {
        await releaseSecrets();
      }
      const answers = await Promise.all(reveals);
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    });
  });

  describe('with QUEUED_REQUESTS_PER_CALLER=3', () => {
    const t = useTestApp({ DATABASE_POOL_SIZE: String(POOL_SIZE), CONCURRENT_REQUESTS_PER_CALLER: String(POOL_SIZE / 2), QUEUED_REQUESTS_PER_CALLER: '3' });

    it('answers the calls beyond the running and the queued ones at once, rate limited, with Retry-After', async () => {
      const alice = basic(ALICE, await t.createAccount(ALICE));
      const shared = await t.shareReceipt({ secret: 'burned once' }, alice);
      await lockSecrets();
      const settled: Response[] = [];
      let burns: Promise<Response>[] = [];
      try {
        burns = Array.from({ length: 8 }, () => start(t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice)));
        for (const burn of burns) void burn.then((res) => settled.push(res));
        await untilBlocked(probe, SHARE);
        // 2 running, 3 waiting their turn, 3 turned away while the lock is still held.
        expect(settled).toHaveLength(3);
        for (const res of settled) {
          expectV1Error(res, 429, 'Rate limit exceeded. Please try again later.');
          expect(res.headers['retry-after']).toBe('1');
        }
      } finally {
        await releaseSecrets();
      }
      const answers = await Promise.all(burns);
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
      expect(answers.filter((res) => res.headers['x-ots-intended-status'] === '404')).toHaveLength(4);
    });
  });
});
