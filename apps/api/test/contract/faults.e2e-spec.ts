import { testDatabaseUrl } from '@hush/persistence/testing';
import type { Response, Test } from 'supertest';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { proxyFor, type TcpProxy } from '../support/tcp-proxy';

const ALICE = 'alice@example.com';
const UNAVAILABLE = '{"message":"Service temporarily unavailable"}';
const UNEXPECTED = '{"message":"An unexpected error occurred"}';
const QUICKLY_MS = 5000;

async function timed(request: Test): Promise<{ res: Response; ms: number }> {
  const started = Date.now();
  const res = await request;
  return { res, ms: Date.now() - started };
}

function expectNoStackTrace(res: Response): void {
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|Error:|ECONNREFUSED|stack/);
}

describe('storage unavailable (spec §8: intended 503)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    const forwarded = proxyFor(testDatabaseUrl());
    proxy = forwarded.proxy;
    // The app migrates at start-up: the database must be reachable while it is created.
    await proxy.start();
    const url = forwarded.proxiedUrl();
    expect(new URL(url).pathname).toBe(new URL(testDatabaseUrl()).pathname);
    t = await createTestApp({ DATABASE_URL: url });
  });
  afterAll(async () => {
    await proxy.start();
    await t.close();
    await proxy.stop();
  });
  beforeEach(async () => {
    await proxy.start();
    await resetDatabase(t);
    token = await t.createAccount(ALICE);
    alice = basic(ALICE, token);
  });

  it('answers quickly with "Service temporarily unavailable" while the database is cut off, and recovers without a restart', async () => {
    const shared = (await t.http().post('/api/v1/share').set('Authorization', alice).type('form').send({ secret: 'survives the outage', passphrase: 'pw' }).expect(200))
      .body as { secret_key: string; metadata_key: string };

    await proxy.stop();

    const requests: ReadonlyArray<[string, () => Test]> = [
      ['anonymous share', () => t.http().post('/api/v1/share').type('form').send({ secret: 'lost in the outage' })],
      ['account share', () => t.http().post('/api/v1/share').set('Authorization', alice).type('form').send({ secret: 'lost in the outage' })],
      ['generate', () => t.http().post('/api/v1/generate')],
      ['reveal', () => t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase: 'pw' })],
      ['reveal with a wrong passphrase', () => t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase: 'wrong' })],
      ['metadata', () => t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice)],
      ['burn', () => t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice)],
      ['recent', () => t.http().get('/api/v1/private/recent').set('Authorization', alice)],
      ['authcheck', () => t.http().get('/api/v1/authcheck').set('Authorization', alice)],
      // Twice: the second request must not hang on a pool left broken by the first.
      ['share again', () => t.http().post('/api/v1/share').type('form').send({ secret: 'lost in the outage' })],
      ['reveal again', () => t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase: 'pw' })],
    ];
    for (const [name, send] of requests) {
      const { res, ms } = await timed(send());
      const observed = { name, status: res.status, text: res.text, intended: res.headers['x-ots-intended-status'] };
      expect(observed).toEqual({ name, status: 404, text: UNAVAILABLE, intended: '503' });
      expect(ms).toBeLessThan(QUICKLY_MS);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expectNoStackTrace(res);
    }

    await proxy.start();

    // Back without restarting the app; nothing from the outage was stored, nothing was consumed or counted.
    await t.http().get('/api/v1/authcheck').set('Authorization', alice).expect(200);
    const recent = await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
    expect(recent.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([shared.metadata_key]);
    const rows = (await t.db.dataSource.query('SELECT state, failed_attempts, value_sealed IS NOT NULL AS has_value FROM hush_secret')) as unknown[];
    expect(rows).toEqual([{ state: 'new', failed_attempts: 0, has_value: true }]);
    const after = await t.http().post('/api/v1/share').type('form').send({ secret: 'after the outage' }).expect(200);
    expect((await t.http().post(`/api/v1/secret/${after.body.secret_key}`).expect(200)).body.value).toBe('after the outage');
    const revealed = await t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase: 'pw' }).expect(200);
    expect(revealed.body.value).toBe('survives the outage');

    const logs = t.logs.lines.join('\n');
    for (const needle of ['survives the outage', 'lost in the outage', shared.secret_key, shared.metadata_key, token]) expect(logs).not.toContain(needle);
  });

  it('recovers after repeated outages', async () => {
    for (let round = 0; round < 3; round++) {
      await proxy.stop();
      const { res, ms } = await timed(t.http().post('/api/v1/share').type('form').send({ secret: `round ${round}` }));
      expect(res.text).toBe(UNAVAILABLE);
      expect(res.headers['x-ots-intended-status']).toBe('503');
      expect(ms).toBeLessThan(QUICKLY_MS);
      await proxy.start();
      const ok = await t.http().post('/api/v1/share').type('form').send({ secret: `round ${round}` }).expect(200);
      expect((await t.http().post(`/api/v1/secret/${ok.body.secret_key}`).expect(200)).body.value).toBe(`round ${round}`);
    }
  });
});

describe('unexpected errors (spec §8: intended 500)', () => {
  const OTHER_MASTER_KEY = 'a different master key of at least 32 chars';
  let t: TestApp;
  let other: TestApp;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp();
    other = await createTestApp({ MASTER_KEY: OTHER_MASTER_KEY });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    token = await t.createAccount(ALICE);
    alice = basic(ALICE, token);
  });

  it('a secret that cannot be decrypted answers "An unexpected error occurred", is not consumed, and leaks nothing to the log', async () => {
    const value = 'the value that must never be logged';
    const passphrase = 'the passphrase that must never be logged';
    const shared = (await t.http().post('/api/v1/share').set('Authorization', alice).type('form').send({ secret: value, passphrase }).expect(200)).body as {
      secret_key: string;
      metadata_key: string;
    };

    const attempts: Test[] = [
      other.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase }),
      other.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase: 'a wrong guess' }),
      other.http().post(`/api/v1/secret/${shared.secret_key}`),
      other.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice),
      other.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', alice),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect({ status: res.status, text: res.text, intended: res.headers['x-ots-intended-status'] }).toEqual({ status: 404, text: UNEXPECTED, intended: '500' });
      expectNoStackTrace(res);
      for (const needle of [value, passphrase, shared.secret_key, shared.metadata_key]) expect(res.text).not.toContain(needle);
    }

    // Not consumed, not counted, not burned, not marked viewed.
    const [row] = (await t.db.dataSource.query('SELECT state, failed_attempts, value_sealed IS NOT NULL AS has_value FROM hush_secret')) as {
      state: string;
      failed_attempts: number;
      has_value: boolean;
    }[];
    expect(row).toEqual({ state: 'new', failed_attempts: 0, has_value: true });
    const revealed = await t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send({ passphrase }).expect(200);
    expect(revealed.body.value).toBe(value);

    // Details go to the server log only, without secret data. (Nest's static Logger may route one
    // app's lines to the other's logger, so both are read.)
    const lines = [...t.logs.lines, ...other.logs.lines];
    expect(lines.some((line) => line.startsWith('error'))).toBe(true);
    const logs = lines.join('\n');
    for (const needle of [value, passphrase, shared.secret_key, shared.metadata_key, token, OTHER_MASTER_KEY]) expect(logs).not.toContain(needle);
  });
});
