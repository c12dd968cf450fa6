import { accountCaller, ShareSecret } from '@hush/domain';
import { basic, useTestApp, type TestApp } from '../support/test-app';
import { timed } from '../support/timing';

const ALICE = 'alice@example.com';
const PROMPTLY_MS = 2000;

/** `count` receipts of alice, one a second (the oldest first), through the real use case; their metadata keys, newest first. */
async function shareMany(t: TestApp, count: number, recipients: string[] = []): Promise<string[]> {
  const share = t.app.get(ShareSecret);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    keys.push((await share.execute({ caller: accountCaller(ALICE), secret: `secret ${i}`, ttl: 3600, recipients })).metadataKey);
    t.clock.advanceSeconds(1);
  }
  return keys.reverse();
}

async function recent(t: TestApp, auth: string) {
  const { res, ms } = await timed(t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200));
  // Sent as prepared text (issue 20 §3): byte for byte what serialising the list would give.
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.text).toBe(JSON.stringify(res.body));
  return { body: res.body as { metadata_key: string; created: number }[], text: res.text, ms };
}

describe('GET /private/recent is bounded (issue 11 §3)', () => {
  describe('by default', () => {
    const t = useTestApp();

    it('gives an account with 1,010 receipts exactly the newest 1,000, newest first, promptly', async () => {
      const alice = basic(ALICE, await t.createAccount(ALICE));
      const newestFirst = await shareMany(t, 1010);
      const { body, ms } = await recent(t, alice);
      expect(body.map((m) => m.metadata_key)).toEqual(newestFirst.slice(0, 1000));
      expect(ms).toBeLessThan(PROMPTLY_MS);
    });
  });

  describe('with RECENT_MAX_ITEMS=3', () => {
    const t = useTestApp({ RECENT_MAX_ITEMS: '3' });

    it('lists the newest 3, newest first', async () => {
      const alice = basic(ALICE, await t.createAccount(ALICE));
      const newestFirst = await shareMany(t, 5);
      expect((await recent(t, alice)).body.map((m) => m.metadata_key)).toEqual(newestFirst.slice(0, 3));
    });
  });

  describe('with RECENT_MAX_BYTES=16384', () => {
    const t = useTestApp({ RECENT_MAX_BYTES: '16384' });

    it('lists the newest receipts whose JSON fits in 16384 bytes, newest first, and stops before the one that would not', async () => {
      const alice = basic(ALICE, await t.createAccount(ALICE));
      // Ten recipients with long top-level domains: about 2.4 KB a receipt.
      const recipients = Array.from({ length: 10 }, (_, i) => `person${i}@example.${'x'.repeat(200)}`);
      const newestFirst = await shareMany(t, 12, recipients);
      const { body, text } = await recent(t, alice);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(16_384);
      expect(body.length).toBeGreaterThan(1);
      expect(body.map((m) => m.metadata_key)).toEqual(newestFirst.slice(0, body.length));
      // Every receipt here is the same size, so one more would have gone past the budget.
      const itemBytes = Buffer.byteLength(JSON.stringify(body[0]));
      expect(Buffer.byteLength(text) + 1 + itemBytes).toBeGreaterThan(16_384);
    });
  });
});
