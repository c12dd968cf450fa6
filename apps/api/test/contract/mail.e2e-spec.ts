import { freePort } from '@hush/persistence/testing';
import { runCommand } from '../support/cli';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { sleep } from '../support/timing';
import { expectV1Error } from '../support/v1';

const ALICE = 'alice@example.com';
const PUBLIC_URL = 'https://hush.example.com';
const LINK = /https:\/\/hush\.example\.com\/secret\/([0-9a-z]+)/;

describe('recipient e-mail and read notices (NOTIFICATIONS.md §1–2), over real SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let auth: string;

  /** The next `count` messages after those already received. */
  const nextMessages = async (count: number, timeoutMs = 10_000): Promise<SinkMessage[]> => {
    const before = sink.messages.length;
    await sink.waitForMessages(before + count, timeoutMs);
    return sink.messages.slice(before, before + count);
  };
  const shareTo = (fields: Record<string, string>) => t.http().post('/api/v1/share').set('Authorization', auth).type('form').send(fields);
  const rows = async (table: string): Promise<number> => ((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]?.n ?? 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      // No display name of its own: the brand is the mails' (MAIL_FROM_NAME's default).
      MAIL_FROM: 'hush@example.com',
      BRAND_NAME: 'Example AB',
      PUBLIC_URL,
      OUTBOX_POLL_MS: '50',
      OUTBOX_FIRST_RETRY_MS: '200',
      MAIL_PER_RECIPIENT_PER_HOUR: '3',
    }, { clock: 'system' });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    auth = basic(ALICE, await t.createAccount(ALICE));
  });

  it('mails the first recipient once, under the brand\'s name: a working link, the expiry, the passphrase hint, and nothing secret', async () => {
    const { body } = await shareTo({ secret: 'MAIL-VALUE-MARKER', passphrase: 'MAIL-PASS-MARKER', recipient: 'bob@example.org', 'recipient[]': 'carol@example.org' })
      .expect(200);
    expect(body.recipient).toEqual(['bo*****@e*****.org', 'ca*****@e*****.org']);
    const [mail] = await nextMessages(1);
    await sleep(300);
    expect(sink.messages.filter((m) => m.envelope.to.includes('bob@example.org'))).toHaveLength(1);
    expect(sink.messages.some((m) => m.envelope.to.includes('carol@example.org'))).toBe(false);
    expect(mail?.envelope).toEqual({ from: 'hush@example.com', to: ['bob@example.org'] });
    // PAGES.md §7: the display name is the brand, never the sender's address; the sender is named in the text, and answers go to them.
    expect(mail?.from?.value).toEqual([{ address: 'hush@example.com', name: 'Example AB' }]);
    expect(mail?.headers.get('from')).toMatchObject({ text: '"Example AB" <hush@example.com>' });
    expect(mail?.replyTo?.value).toEqual([{ address: ALICE, name: '' }]);
    expect(mail?.text).toContain(`${ALICE} shared a secret with you through Example AB.`);
    expect(mail?.text).toContain('Sent by Example AB, which shows each secret once');
    expect(mail?.text).toMatch(LINK);
    expect(mail?.html).toContain(`href="${PUBLIC_URL}/secret/${body.secret_key}"`);
    expect(LINK.exec(mail?.text ?? '')?.[1]).toBe(body.secret_key);
    expect(mail?.text).toMatch(/passphrase/i);
    for (const secret of ['MAIL-VALUE-MARKER', 'MAIL-PASS-MARKER', body.metadata_key]) expect(mail?.raw).not.toContain(secret);
    const opened = await t.reveal(LINK.exec(mail?.text ?? '')?.[1] ?? '', { passphrase: 'MAIL-PASS-MARKER' }).expect(200);
    expect(opened.body.value).toBe('MAIL-VALUE-MARKER');
    expect(await rows("hush_outbox WHERE kind = 'recipient_mail'")).toBe(0);
  });

  it('the create page offers the field to an account, and says the link will be e-mailed', async () => {
    const form = await t.http().get('/').set('Authorization', auth).expect(200);
    expect(form.text).toContain('Example AB e-mails the link to this address for you.');
    const created = await t.http().post('/').set('Authorization', auth).set('Origin', PUBLIC_URL)
      .type('form').send({ secret: 'from the page', recipient: 'kim@example.org', action: 'share' });
    expect(created.text).toContain('We will e-mail the link to <strong>kim@example.org</strong>.');
    const [mail] = await nextMessages(1);
    expect(mail?.envelope.to).toEqual(['kim@example.org']);
  });

  it('retries a 4xx and then delivers; a 5xx ends as dead, listed by the CLI', async () => {
    sink.failNext(451);
    await shareTo({ secret: 'x', recipient: 'dave@example.org' }).expect(200);
    const [retried] = await nextMessages(1);
    expect(retried?.envelope.to).toEqual(['dave@example.org']);

    sink.failNext(550, 1, 'rcpt');
    await shareTo({ secret: 'y', recipient: 'erin@example.org' }).expect(200);
    for (let i = 0; i < 100 && (await rows('hush_outbox WHERE dead_at IS NOT NULL')) === 0; i++) await sleep(50);
    const dead = (await runCommand(['outbox', 'list', '--dead'])).stdout;
    expect(JSON.parse(dead.trim())).toMatchObject({ kind: 'recipient_mail', last_error: 'SMTP 550 (permanent)', attempts: 1 });
    expect(dead).not.toContain('erin@example.org');
    const sealed = (await t.db.dataSource.query('SELECT sealed FROM hush_outbox')) as { sealed: string }[];
    expect(sealed[0]?.sealed).not.toContain('erin');
  });

  it('does not send the mail of a secret burned before it went out', async () => {
    sink.failNext(451);
    const { body } = await shareTo({ secret: 'burn me', recipient: 'frank@example.org' }).expect(200);
    await t.http().post(`/api/v1/private/${body.metadata_key}/burn`).set('Authorization', auth).expect(200);
    for (let i = 0; i < 100 && (await rows('hush_outbox')) > 0; i++) await sleep(50);
    expect(await rows('hush_outbox')).toBe(0);
    expect(sink.messages.some((m) => m.envelope.to.includes('frank@example.org'))).toBe(false);
  });

  it('refuses past the recipient\'s hourly budget with 429 and Retry-After, storing nothing; sub-addresses and case count as the mailbox', async () => {
    const bob = basic('bob@example.com', await t.createAccount('bob@example.com'));
    const before = sink.messages.length;
    const from = (authorization: string, recipient: string) =>
      t.http().post('/api/v1/share').set('Authorization', authorization).type('form').send({ secret: 'x', recipient });
    // One account gets 2 of the mailbox's 3 an hour, however it spells the address.
    await from(auth, 'grace@example.org').expect(200);
    await from(auth, 'grace+1@example.org').expect(200);
    const secrets = await rows('hush_secret');
    const audit = await rows('hush_audit');
    const refused = await from(auth, 'Grace+2@EXAMPLE.org');
    expectV1Error(refused, 429, 'Rate limit exceeded. Please try again later.');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await rows('hush_secret')).toBe(secrets);
    expect(await rows('hush_audit')).toBe(audit);
    // A zero-width joiner does not make another mailbox: such an address is refused outright.
    expectV1Error(await from(auth, 'gr\u200dace@example.org'), 400, 'Undeliverable email address: gr\u200dace@example.org');
    expect(await rows('hush_secret')).toBe(secrets);
    // Another sender still reaches the mailbox, up to its hourly cap.
    await from(bob, 'grace@example.org').expect(200);
    expectV1Error(await from(bob, 'grace+3@example.org'), 429, 'Rate limit exceeded. Please try again later.');
    await from(auth, 'heidi@example.org').expect(200);
    const mails = (await sink.waitForMessages(before + 4, 10_000)).slice(before);
    expect(mails.map((mail) => mail.envelope.to.join()).sort()).toEqual(['grace+1@example.org', 'grace@example.org', 'grace@example.org', 'heidi@example.org']);
  });

  it('writes in the sender account\'s language', async () => {
    await runCommand(['account', 'locale', ALICE, 'sv']);
    await shareTo({ secret: 'hej', recipient: 'ivan@example.org' }).expect(200);
    const [mail] = await nextMessages(1);
    expect(mail?.headers.get('content-language') ?? mail?.html).toBeDefined();
    expect(`${mail?.subject} ${mail?.text}`).toMatch(/hemlig|länk|en gång/i);
  });

  it('tells an opted-in creator that a secret was opened, when it was shared, and the reference its pages show; no link or key', async () => {
    await runCommand(['account', 'notify-on-reveal', ALICE, 'on']);
    const { body } = await t.share({ secret: 'watched' }, auth).expect(200);
    const reference = body.secret_key.slice(0, 6);
    const receipt = await t.http().get(`/receipt/${body.metadata_key}`).set('Authorization', auth).expect(200);
    const account = await t.http().get('/account').set('Authorization', auth).expect(200);
    await t.reveal(body.secret_key).expect(200);
    const [notice] = await nextMessages(1);
    expect(notice?.envelope.to).toEqual([ALICE]);
    expect(notice?.from?.value).toEqual([{ address: 'hush@example.com', name: 'Example AB' }]);
    expect(notice?.subject).toBe(`Your secret ${reference} was opened`);
    expect(notice?.text).toMatch(new RegExp(`You shared it on \\w+ \\d+, \\d{4} at \\d\\d:\\d\\d [AP]M UTC\\. ${reference} is its reference`));
    expect(receipt.text).toContain(`<dd class="reference">${reference}</dd>`);
    expect(account.text).toContain(`Secret ${reference}`);
    expect(notice?.raw).not.toContain(body.secret_key);
    expect(notice?.raw).not.toContain(body.metadata_key);
    expect(notice?.raw).not.toMatch(/https?:\/\//);
  });
});

describe('a mail server that is down (NOTIFICATIONS.md §6)', () => {
  // Its own app: replicas share one configuration, and an app with another SMTP_URL on the same outbox would take the other's mail.
  let down: TestApp;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    down = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, MAIL_FROM: 'hush@example.com', PUBLIC_URL, OUTBOX_POLL_MS: '50', OUTBOX_FIRST_RETRY_MS: '100',
      METRICS_PORT: String(metricsPort),
    }, { clock: 'system' });
  });
  afterAll(() => down.close());
  beforeEach(() => resetDatabase(down));

  it('leaves readiness alone, the share answers at once, and the failure shows in metrics and logs', async () => {
    const auth = basic(ALICE, await down.createAccount(ALICE));
    const started = Date.now();
    await down.http().post('/api/v1/share').set('Authorization', auth).type('form').send({ secret: 'z', recipient: 'judy@example.org' }).expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    await down.http().get('/health/ready').expect(200);
    let retried = 0;
    for (let i = 0; i < 100 && retried === 0; i++) {
      await sleep(50);
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      retried = Number(/hush_outbox_deliveries_total\{kind="recipient_mail",outcome="retried"\} (\d+)/.exec(text)?.[1] ?? 0);
    }
    expect(retried).toBeGreaterThan(0);
    expect(down.logs.lines.some((line) => line.includes('[Outbox]') && line.includes('SMTP connection failed: ECONNREFUSED'))).toBe(true);
    expect(down.logs.lines.join('\n')).not.toContain('judy@example.org');
  });
});
