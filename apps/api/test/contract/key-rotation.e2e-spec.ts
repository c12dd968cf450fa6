import { runCommand } from '../support/cli';
import { createTestApp, useTestApp, type TestApp } from '../support/test-app';
import { TEST_MASTER_KEY } from '../support/test-master-key';
import { expectV1Error } from '../support/v1';

const OLD_KEY = TEST_MASTER_KEY;
const NEW_KEY = 'the next master key for the rotation test, 32+ chars';

describe('master key rotation (issue: key rotation)', () => {
  // Three apps on the one test database: before, during and after the rotation.
  const before = useTestApp({ MASTER_KEY: OLD_KEY }, { clock: 'system' });
  let during: TestApp;
  let after: TestApp;

  beforeAll(async () => {
    during = await createTestApp({ MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY }, { clock: 'system' });
    after = await createTestApp({ MASTER_KEY: NEW_KEY }, { clock: 'system' });
  });
  afterAll(() => Promise.all([during, after].map((t) => t.close())));

  const keyIds = async () => (await before.db.dataSource.query('SELECT DISTINCT key_id FROM hush_secret')).length;

  it('keeps old secrets readable during rotation, re-encrypts them, and lets the old key go', async () => {
    const old1 = await before.shareReceipt({ secret: 'old 1' });
    const old2 = await before.shareReceipt({ secret: 'old 2', passphrase: 'pw' });
    const old3 = await before.shareReceipt({ secret: 'old 3' });
    await during.reveal(old1.secret_key).expect(200, { value: 'old 1', secret_key: old1.secret_key, share_domain: '' });
    await during.shareReceipt({ secret: 'new 1' });
    expect(await keyIds()).toBe(2);

    const rotate = await runCommand(['keys', 'rotate'], { MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY });
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(/Re-encrypted 3 rows/);
    expect(await keyIds()).toBe(1);
    const again = await runCommand(['keys', 'rotate'], { MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY });
    expect(again.stdout).toMatch(/Re-encrypted 0 rows/);

    await after.reveal(old2.secret_key, { passphrase: 'pw' }).expect(200);
    expectV1Error(await before.reveal(old3.secret_key), 500, 'An unexpected error occurred');
    expect((await after.reveal(old3.secret_key).expect(200)).body.value).toBe('old 3');
  });

  it('is safe while the API serves traffic: every secret is revealed exactly once, with its value', async () => {
    const shared = [];
    for (let i = 0; i < 40; i++) shared.push(await before.shareReceipt({ secret: `value ${i}` }));
    const rotation = runCommand(['keys', 'rotate'], { MASTER_KEY: NEW_KEY, MASTER_KEY_PREVIOUS: OLD_KEY });
    const reveals = await Promise.all(shared.flatMap((s) => [during.reveal(s.secret_key), during.reveal(s.secret_key)]));
    expect((await rotation).status).toBe(0);
    const values = reveals.filter((res) => res.status === 200).map((res) => res.body.value).sort();
    expect(values).toEqual(shared.map((_, i) => `value ${i}`).sort());
    expect(reveals.filter((res) => res.status !== 200).every((res) => res.body.message === 'Unknown secret')).toBe(true);
  });
});
