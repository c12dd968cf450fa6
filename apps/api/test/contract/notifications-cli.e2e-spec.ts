import { runCommand } from '../support/cli';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, type WebhookReceiver } from '../support/webhook-receiver';

const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const ALICE = 'alice@example.com';

describe('admin CLI for notifications: audit list, outbox list and retry, account notices', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, OUTBOX_POLL_MS: '50' }, { clock: 'system' });
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    receiver.calls.length = 0;
    receiver.answer(204);
  });

  it('audit list tells the whole story of a secret, one JSON object per line, with no key or value', async () => {
    const auth = basic(ALICE, await t.createAccount(ALICE));
    const { body } = await t.http().post('/api/v1/share').set('Authorization', auth).set('User-Agent', 'story-agent/1')
      .type('form').send({ secret: 'AUDIT-VALUE', passphrase: 'AUDIT-PASS' }).expect(200);
    await t.reveal(body.secret_key, { passphrase: 'nope' }).expect(404);
    await t.http().post(`/api/v1/secret/${body.secret_key}`).set('User-Agent', 'reader/2').type('form').send({ passphrase: 'AUDIT-PASS' }).expect(200);
    await t.share({ secret: 'someone else' }).expect(200);

    const story = await runCommand(['audit', 'list', '--receipt', body.metadata_key]);
    expect(story.status).toBe(0);
    const entries = jsonLines(story.stdout);
    expect(entries.map((e) => [e.event, e.custid, e.owner, e.user_agent, e.reason])).toEqual([
      ['secret.created', ALICE, ALICE, 'story-agent/1', null],
      ['secret.passphrase_failed', 'anon', ALICE, null, 'wrong passphrase'],
      ['secret.revealed', 'anon', ALICE, 'reader/2', null],
    ]);
    expect(Object.keys(entries[0] ?? {})).toEqual(['at', 'event', 'custid', 'owner', 'secret_ref', 'client_address', 'user_agent', 'reason', 'event_id']);
    expect(entries.every((e) => typeof e.client_address === 'string' && /^\d{4}-\d\d-\d\dT/.test(String(e.at)))).toBe(true);
    for (const secret of ['AUDIT-VALUE', 'AUDIT-PASS', body.secret_key, body.metadata_key]) expect(story.stdout).not.toContain(secret);

    expect(jsonLines((await runCommand(['audit', 'list'])).stdout)).toHaveLength(4);
    expect(jsonLines((await runCommand(['audit', 'list', '--custid', ALICE])).stdout)).toHaveLength(3);
    expect(jsonLines((await runCommand(['audit', 'list', '--limit', '2'])).stdout)).toHaveLength(2);
    expect(jsonLines((await runCommand(['audit', 'list', '--since', new Date(Date.now() + 60_000).toISOString()])).stdout)).toHaveLength(0);
    const bad = await runCommand(['audit', 'list', '--since', 'yesterday']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^hush-admin: .*--since/);
  });

  it('outbox list shows what waits and what died, and outbox retry delivers the dead again with the same id', async () => {
    const empty = await runCommand(['outbox', 'list']);
    expect([empty.status, empty.stdout, empty.stderr]).toEqual([0, '', 'No messages in the outbox\n']);
    expect((await runCommand(['outbox', 'list', '--dead'])).stderr).toBe('No dead messages in the outbox\n');
    receiver.answer(503);
    await t.share({ secret: 'to a receiver that is down' }).expect(200);
    await receiver.waitFor((r) => r.calls.length >= 1);
    const pending = jsonLines((await runCommand(['outbox', 'list', '--pending'])).stdout);
    expect(pending).toMatchObject([{ kind: 'webhook', event: 'secret.created', last_error: 'HTTP 503', dead: null }]);
    expect(String(pending[0]?.destination)).toMatch(/^http:\/\/127\.0\.0\.1:\d+#[0-9a-f]{12}$/);
    expect(JSON.stringify(pending)).not.toContain('receiver-path-token');

    // As if the retry period had passed.
    await t.db.dataSource.query("UPDATE hush_outbox SET dead_at = now(), lease_token = NULL, lease_until = NULL");
    const dead = jsonLines((await runCommand(['outbox', 'list', '--dead'])).stdout);
    expect(dead).toHaveLength(1);
    expect(jsonLines((await runCommand(['outbox', 'list', '--pending'])).stdout)).toHaveLength(0);

    receiver.answer(204);
    const retried = await runCommand(['outbox', 'retry', String(dead[0]?.id)]);
    expect(retried.stdout.trim()).toBe('Retrying 1 dead message');
    await receiver.waitFor((r) => r.delivered.length === 1);
    expect(new Set(receiver.calls.map((call) => call.id)).size).toBe(1);
    expect((await runCommand(['outbox', 'retry'])).stdout.trim()).toBe('Retrying 0 dead messages');
    expect((await runCommand(['outbox', 'retry', 'x'])).status).not.toBe(0);
  });

  it('account notify-on-reveal and locale are kept, listed, and refused for a custid that is not an address', async () => {
    await t.createAccount(ALICE);
    await t.createAccount('robot-7');
    expect((await runCommand(['account', 'notify-on-reveal', ALICE, 'on'])).status).toBe(0);
    expect((await runCommand(['account', 'locale', ALICE, 'sv'])).status).toBe(0);
    const refused = await runCommand(['account', 'notify-on-reveal', 'robot-7', 'on']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/^hush-admin: Reveal notices are mailed to the account's name, and "robot-7" is not an e-mail address/);
    expect(refused.stderr).not.toMatch(/recipient/i);
    expect((await runCommand(['account', 'locale', ALICE, 'fr'])).status).not.toBe(0);
    expect((await runCommand(['account', 'notify-on-reveal', ALICE, 'maybe'])).status).not.toBe(0);
    const list = (await runCommand(['account', 'list'])).stdout.trim().split('\n');
    expect(list[0]).toBe('CUSTID\tSTATUS\tCREATED\tREVEAL_NOTICES\tMAIL_LOCALE');
    expect(list.find((line) => line.startsWith(ALICE))).toMatch(/\ton\tsv$/);
    expect(list.find((line) => line.startsWith('robot-7'))).toMatch(/\toff\tdefault$/);
  });
});
