import { runCli, testEnv } from '../support/processes';
import { createTestApp, resetDatabase, TEST_MASTER_KEY, type TestApp } from '../support/test-app';

const OLD_KEY = TEST_MASTER_KEY;
const NEW_KEY = 'the next master key for the rotation test, 32+ chars';

describe('master key rotation (issue: key rotation)', () => {
  let before: TestApp;
  let during: TestApp;
  let after: TestApp;

  beforeAll(async () => {
    before = await createTestApp({ MASTER_KEY: OLD_KEY }, { clock: 'system' });
    during = await createTestApp({ MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY }, { clock: 'system' });
    after = await createTestApp({ MASTER_KEY: NEW_KEY }, { clock: 'system' });
  });
  afterAll(() => Promise.all([before, during, after].map((t) => t.close())));
  beforeEach(() => resetDatabase(before));

  const share = (t: TestApp, secret: string, passphrase?: string) =>
    t.http().post('/api/v1/share').type('form').send(passphrase ? { secret, passphrase } : { secret }).expect(200).then((res) => res.body);
  const reveal = (t: TestApp, key: string, passphrase?: string) =>
    t.http().post(`/api/v1/secret/${key}`).type('form').send(passphrase ? { passphrase } : {});
  const keyIds = async () => (await before.db.dataSource.query('SELECT DISTINCT key_id FROM hush_secret')).length;

  it('keeps old secrets readable during rotation, re-encrypts them, and lets the old key go', async () => {
    const old = [await share(before, 'old 1'), await share(before, 'old 2', 'pw'), await share(before, 'old 3')];
    await reveal(during, old[0].secret_key).expect(200, { value: 'old 1', secret_key: old[0].secret_key, share_domain: '' });
    await share(during, 'new 1');
    expect(await keyIds()).toBe(2);

    const rotate = await runCli(['keys', 'rotate'], testEnv({ MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY }));
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(/Re-encrypted 3 rows/);
    expect(await keyIds()).toBe(1);
    const again = await runCli(['keys', 'rotate'], testEnv({ MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY }));
    expect(again.stdout).toMatch(/Re-encrypted 0 rows/);

    await reveal(after, old[1].secret_key, 'pw').expect(200);
    const unreadable = await reveal(before, old[2].secret_key).expect(404);
    expect(unreadable.headers['x-ots-intended-status']).toBe('500');
    expect(unreadable.body).toEqual({ message: 'An unexpected error occurred' });
    expect((await reveal(after, old[2].secret_key).expect(200)).body.value).toBe('old 3');
  });

  it('is safe while the API serves traffic: every secret is revealed exactly once, with its value', async () => {
    const shared = [];
    for (let i = 0; i < 40; i++) shared.push(await share(before, `value ${i}`));
    const rotation = runCli(['keys', 'rotate'], testEnv({ MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY }));
    const reveals = await Promise.all(shared.flatMap((s) => [reveal(during, s.secret_key), reveal(during, s.secret_key)]));
    expect((await rotation).status).toBe(0);
    const values = reveals.filter((res) => res.status === 200).map((res) => res.body.value).sort();
    expect(values).toEqual(shared.map((_, i) => `value ${i}`).sort());
    expect(reveals.filter((res) => res.status !== 200).every((res) => res.body.message === 'Unknown secret')).toBe(true);
  });
});
