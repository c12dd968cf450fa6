import { execFileSync } from 'node:child_process';
import { testDatabaseUrl } from '@hush/persistence/testing';
import { runCommand } from '../support/cli';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, type WebhookReceiver } from '../support/webhook-receiver';

/** Everything the database holds, as text: pg_dump on a real PostgreSQL, every row as JSON on the embedded one. */
async function dumpDatabase(t: TestApp): Promise<string> {
  if (process.env.DATABASE_URL) return execFileSync('pg_dump', ['--data-only', testDatabaseUrl()], { encoding: 'utf8' });
  const tables = ['hush_secret', 'hush_account', 'hush_audit', 'hush_outbox', 'hush_mail_quota'];
  const rows = await Promise.all(tables.map((table) => t.db.dataSource.query(`SELECT row_to_json(r)::text AS json FROM ${table} r`)));
  return rows.flat().map((row: { json: string }) => row.json).join('\n');
}

describe('secrets stay secret (spec §1, §7; NOTIFICATIONS.md)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    t = await createTestApp({
      SMTP_URL: sink.url, MAIL_FROM: 'hush@example.com', PUBLIC_URL: 'https://hush.example.com', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, OUTBOX_POLL_MS: '50',
    }, { clock: 'system' });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
    await receiver.close();
  });
  beforeEach(() => resetDatabase(t));

  it('a dump of the database, the logs, the audit trail, mails and webhook bodies reveal no value, passphrase, key or token', async () => {
    const token = await t.createAccount('alice@example.com');
    const auth = basic('alice@example.com', token);
    const revealed: string[] = [];
    const exposed: string[] = [token];
    const secretKeys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const value = `VALUE-MARKER-${i}-${'x'.repeat(i * 10)}`;
      const passphrase = `PASSPHRASE-MARKER-${i}`;
      const { body } = await t.http().post('/api/v1/share').set('Authorization', auth).type('form')
        .send({ secret: value, passphrase, recipient: 'delano@example.com' }).expect(200);
      exposed.push(value, passphrase, body.secret_key, body.metadata_key);
      secretKeys.push(body.secret_key);
      await t.reveal(body.secret_key, { passphrase: 'WRONG-MARKER' }).expect(404);
      if (i % 2 === 0) revealed.push((await t.reveal(body.secret_key, { passphrase }).expect(200)).body.value);
      if (i === 1) await t.http().post(`/api/v1/private/${body.metadata_key}/burn`).set('Authorization', auth).expect(200);
      await t.http().get(`/api/v1/private/${body.metadata_key}`).set('Authorization', auth).expect(200);
    }
    const generated = await t.http().post('/api/v1/generate').set('Authorization', auth).expect(200);
    exposed.push(generated.body.value, generated.body.secret_key, generated.body.metadata_key);
    await t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200);
    await t.http().get('/api/v1/status').set('Authorization', basic('alice@example.com', 'TOKEN-GUESS-MARKER')).expect(404);

    expect(revealed).toHaveLength(3);
    // 6 creations, 5 wrong passphrases, 3 reveals, 1 burn.
    await receiver.waitFor((r) => r.delivered.length >= 15);
    for (let i = 0; i < 200 && Number((await t.db.outbox.backlog()).pending) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.messages.length).toBeGreaterThan(0);
    const dump = await dumpDatabase(t);
    expect(dump).toContain('de*****@e*****.com');
    for (const text of [...exposed, 'WRONG-MARKER', 'delano@example.com']) expect(dump).not.toContain(text);
    const logs = t.logs.lines.join('\n');
    for (const text of [...exposed, 'WRONG-MARKER', 'TOKEN-GUESS-MARKER']) expect(logs).not.toContain(text);
    const audit = (await runCommand(['audit', 'list'])).stdout;
    expect(audit.trim().split('\n')).toHaveLength(15);
    const webhooks = receiver.delivered.map((call) => call.body).join('\n');
    for (const text of [...exposed, 'WRONG-MARKER', 'delano@example.com']) {
      expect(audit).not.toContain(text);
      expect(webhooks).not.toContain(text);
    }
    // The recipient's mail carries the secret key (its link) and nothing else of the secret.
    const mails = sink.messages.map((mail) => mail.raw).join('\n');
    for (const text of [...exposed.filter((text) => !secretKeys.includes(text)), 'WRONG-MARKER']) expect(mails).not.toContain(text);
  });
});
