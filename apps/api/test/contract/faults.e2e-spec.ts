import type { Response, Test } from 'supertest';
import { basic, createProxiedTestApp, createTestApp, resetDatabase, useTestApp, type ProxiedTestApp, type TestApp } from '../support/test-app';
import { timed } from '../support/timing';
import { INTENDED_STATUS, JSON_UTF8, UNAVAILABLE, UNEXPECTED } from '../support/v1';

const ALICE = 'alice@example.com';
const QUICKLY_MS = 5000;

function expectNoStackTrace(res: Response): void {
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|Error:|ECONNREFUSED|stack/);
}

/** State, failed attempts and whether a value is stored, of every secret. */
const secretStates = (t: TestApp): Promise<unknown[]> =>
  t.db.dataSource.query('SELECT state, failed_attempts, value_sealed IS NOT NULL AS has_value FROM hush_secret');

describe('storage unavailable (spec §8: intended 503)', () => {
  /** Its database behind a proxy the tests cut. */
  let t: ProxiedTestApp;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    t = await createProxiedTestApp();
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
