import { readPayload } from '@hush/domain';
import { freePort } from '@hush/persistence/testing';
import { createTestApp, resetDatabase, basic, type TestApp } from '../support/test-app';
import { sleep } from '../support/timing';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, verifiesSignature, type WebhookCall, type WebhookReceiver } from '../support/webhook-receiver';

const parse = (call: WebhookCall) => readPayload('webhook', call.body);
const ALICE = 'alice@example.com';

describe('webhooks (NOTIFICATIONS.md §3): signed events, delivered at least once', () => {
  let receiver: WebhookReceiver;
  let second: WebhookReceiver;
  let hush: TestApp;
  let auth: string;
  let metricsUrl: string;
  const metric = async (line: string): Promise<number | undefined> => {
    const text = await (await fetch(`${metricsUrl}/metrics`)).text();
    const found = text.split('\n').find((l) => l.startsWith(line));
    return found === undefined ? undefined : Number(found.slice(line.length).trim());
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    second = await startWebhookReceiver();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    hush = await createTestApp({
      METRICS_PORT: String(metricsPort),
      WEBHOOK_URL: `${receiver.url},${second.url}`,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      OUTBOX_POLL_MS: '50',
      OUTBOX_FIRST_RETRY_MS: '200',
    }, { clock: 'system' });
  });
  afterAll(async () => {
    await receiver.close();
    await second.close();
    await hush.close();
  });
  beforeEach(async () => {
    await resetDatabase(hush);
    auth = basic(ALICE, await hush.createAccount(ALICE));
    receiver.calls.length = 0;
    second.calls.length = 0;
    receiver.answer(204);
    second.answer(204);
  });

  it('POSTs every event of a secret\'s life, in order, signed, with nothing secret in the body', async () => {
    const shared = await hush.shareReceipt({ secret: 'webhook-value-marker', passphrase: 'webhook-pass-marker', ttl: '3600' }, auth);
    await hush.reveal(shared.secret_key, { passphrase: 'wrong' }).expect(404);
    await hush.reveal(shared.secret_key, { passphrase: 'webhook-pass-marker' }).expect(200);
    const burned = await hush.shareReceipt({ secret: 'second' }, auth);
    await hush.http().post(`/api/v1/private/${burned.metadata_key}/burn`).set('Authorization', auth).expect(200);

    await receiver.waitFor((r) => r.delivered.length === 5);
    const events = receiver.delivered.map(parse);
    const first = shared.secret_key.slice(0, 6);
    expect(events.filter((e) => e.data.secret_shortkey === first).map((e) => [e.type, e.data.state])).toEqual([
      ['secret.created', 'new'], ['secret.passphrase_failed', 'new'], ['secret.revealed', 'received'],
    ]);
    expect(events.filter((e) => e.data.secret_shortkey === burned.secret_key.slice(0, 6)).map((e) => e.type)).toEqual(['secret.created', 'secret.burned']);
    for (const call of receiver.delivered) {
      expect(verifiesSignature(call)).toBe(true);
      expect(call.id).toMatch(/^msg_[0-9a-f-]{36}$/);
      expect(Object.keys(JSON.parse(call.body))).toEqual(['type', 'timestamp', 'data']);
      expect(parse(call).data.custid).toBe(ALICE);
      for (const secret of ['webhook-value-marker', 'webhook-pass-marker', shared.secret_key, shared.metadata_key, burned.metadata_key, burned.secret_key]) {
        expect(call.body).not.toContain(secret);
      }
    }
    await second.waitFor((r) => r.delivered.length === 5);
    expect(second.delivered.map((call) => call.id)).toEqual(receiver.delivered.map((call) => call.id));
  });

  it('keeps retrying a receiver that is down, with the same webhook-id, and loses nothing', async () => {
    receiver.answer(503);
    const receipts = [];
    for (let i = 0; i < 3; i++) receipts.push(await hush.shareReceipt({ secret: `down-${i}` }));
    await receiver.waitFor((r) => r.calls.length >= 6);
    expect(receiver.delivered).toHaveLength(0);
    receiver.answer(200);
    await receiver.waitFor((r) => r.delivered.length === 3, 30_000);
    const idsTried = new Set(receiver.calls.map((call) => call.id));
    expect(idsTried.size).toBe(3);
    expect(new Set(receiver.delivered.map((call) => call.id))).toEqual(idsTried);
    expect(receiver.delivered.every((call) => verifiesSignature(call))).toBe(true);
    await second.waitFor((r) => r.delivered.length === 3);
    await sleep(200);
    expect(await hush.db.dataSource.query('SELECT count(*)::int AS n FROM hush_outbox')).toEqual([{ n: 0 }]);
  });

  it('a receiver that never answers holds neither the request nor the other receiver\'s deliveries', async () => {
    second.answer('hang');
    const started = Date.now();
    await hush.shareReceipt({ secret: 'slow receiver' });
    expect(Date.now() - started).toBeLessThan(1000);
    await receiver.waitFor((r) => r.delivered.length === 1, 3000);
    await hush.shareReceipt({ secret: 'another' });
    await receiver.waitFor((r) => r.delivered.length === 2, 3000);
    expect(second.delivered).toHaveLength(0);
  });

  it('shows a failing receiver in the outbox list and the backlog, and logs its origin but never its path or token', async () => {
    receiver.answer(500);
    await hush.shareReceipt({ secret: 'logged' });
    await receiver.waitFor((r) => r.calls.length >= 1);
    await sleep(100);
    const pending = await hush.db.outbox.list({ dead: false, limit: 10 });
    expect(pending.find((entry) => entry.lastError === 'HTTP 500')).toBeDefined();
    const warnings = hush.logs.lines.filter((line) => line.includes('[Outbox]') && line.includes('HTTP 500'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(hush.logs.lines.join('\n')).not.toContain('receiver-path-token');
    expect((await hush.db.outbox.backlog()).pending).toBeGreaterThan(0);
    expect(await metric('hush_outbox_backlog')).toBeGreaterThanOrEqual(1);
    expect(await metric('hush_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(await metric('hush_outbox_deliveries_total{kind="webhook",outcome="retried"}')).toBeGreaterThanOrEqual(1);
    receiver.answer(204);
    await receiver.waitFor((r) => r.delivered.length >= 1, 10_000);
    await sleep(200);
    expect(await metric('hush_outbox_backlog')).toBe(0);
    expect(await metric('hush_outbox_oldest_age_seconds')).toBe(0);
    expect(await metric('hush_outbox_deliveries_total{kind="webhook",outcome="delivered"}')).toBeGreaterThanOrEqual(1);
  });
});
