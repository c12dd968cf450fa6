import { freePort } from '@hush/persistence/testing';
import { basic } from '../support/test-app';
import { TEST_MASTER_KEY } from '../support/test-master-key';
import { runCli, startServer, type ServerProcess } from '../support/processes';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { sleep } from '../support/timing';
import { TEST_WEBHOOK_SECRET } from '../support/webhook-receiver';

const MARK = 'LEAKMARK';

describe('logs: one JSON object per line, and never a secret (issue: logs)', () => {
  let server: ServerProcess;
  let token: string;
  let sink: SmtpSink;

  beforeAll(async () => {
    token = (await runCli(['account', 'create', `log-test-${Date.now()}@example.com`])).stdout.trim().split('\n').at(-1) ?? '';
    sink = await startSmtpSink();
    // A mail server that refuses the recipient (echoing the address, as real ones do) and a webhook URL with a token that nothing answers.
    sink.failNext(550, 10, 'rcpt');
    server = await startServer({
      LOG_LEVEL: 'trace',
      SMTP_URL: sink.url,
      MAIL_FROM: 'hush@example.com',
      PUBLIC_URL: 'https://hush.example.com',
      WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/hooks/${MARK}-webhook-token`,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      OUTBOX_POLL_MS: '50',
      OUTBOX_FIRST_RETRY_MS: '100',
    });
  });
  afterAll(async () => {
    await server.stop();
    await sink.close();
  });

  it('logs requests with id and route pattern, and no value, passphrase, header, token or key', async () => {
    const custid = (await runCli(['account', 'list'])).stdout.split('\n').find((line) => line.startsWith('log-test-'))?.split('\t')[0] ?? '';
    const auth = basic(custid, token);
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });

    const keys: string[] = [];
    type Receipt = { secret_key: string; metadata_key: string; value?: string };
    const shared = (await (await post(`/api/v1/share?secret=${MARK}-query-value`, `secret=${MARK}-value&passphrase=${MARK}-pass&recipient=${MARK}.rcpt@example.org`, { Authorization: auth })).json()) as Receipt;
    // Left unread, so that its mail is attempted (a revealed secret's mail is dropped unsent).
    const mailed = (await (await post('/api/v1/share', `secret=${MARK}-mailed&recipient=${MARK}.kept@example.org`, { Authorization: auth })).json()) as Receipt;
    keys.push(mailed.secret_key, mailed.metadata_key);
    keys.push(shared.secret_key, shared.metadata_key);
    await post(`/api/v1/secret/${shared.secret_key}?passphrase=${MARK}-wrong`, `passphrase=${MARK}-wrong2`);
    await post(`/api/v1/secret/${shared.secret_key}`, `passphrase=${MARK}-pass`);
    await fetch(`${server.url}/api/v1/private/${shared.metadata_key}`, { headers: { Authorization: auth } });
    const generated = (await (await post('/api/v1/generate', `passphrase=${MARK}-gen`, { Authorization: auth })).json()) as Receipt;
    keys.push(generated.secret_key, generated.metadata_key, generated.value ?? '');
    await post(`/api/v1/private/${generated.metadata_key}/burn`, '', { Authorization: auth });
    await fetch(`${server.url}/api/v1/private/recent`, { headers: { Authorization: auth } });
    await fetch(`${server.url}/api/v1/authcheck`, { headers: { Authorization: basic(custid, `${MARK}-badtoken`) } });
    await post('/api/v1/share', `{"secret":"${MARK}-json`, { 'Content-Type': 'application/json' });
    await post('/api/v1/share', JSON.stringify({ secret: `${MARK}-json-ok` }), { 'Content-Type': 'application/json', 'X-Request-Id': 'caller-request-1' });
    await fetch(`${server.url}/api/v1/nope/${MARK}-path`);
    for (let i = 0; i < 100 && !/recipient_mail \d+ .*failed for good/.test(server.stdout()); i++) await sleep(50);
    await sleep(300);

    const lines = server.stdout().trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry.msg === 'request completed' || entry.msg === 'request errored');
    expect(requests.length).toBeGreaterThanOrEqual(11);
    for (const entry of requests) {
      expect(entry.req).toEqual({ id: expect.any(String), method: expect.any(String) });
      expect(typeof entry.route).toBe('string');
    }
    expect(requests.map((entry) => entry.route)).toEqual(expect.arrayContaining(['/api/v1/secret/:key', '/api/v1/private/:key/burn', 'unmatched']));
    expect(requests.some((entry) => (entry.req as { id: string }).id === 'caller-request-1')).toBe(true);

    const outbox = entries.filter((entry) => entry.context === 'Outbox').map((entry) => String(entry.msg));
    expect(outbox.some((msg) => msg.includes('SMTP 550 (permanent)'))).toBe(true);
    expect(outbox.some((msg) => msg.includes('webhook') && msg.includes('connection failed'))).toBe(true);
    const text = server.stdout();
    expect(text).not.toContain(MARK);
    expect(text).not.toContain(token);
    expect(text).not.toContain(TEST_MASTER_KEY);
    expect(text).not.toMatch(/authorization/i);
    for (const key of keys) expect(text).not.toContain(key);
  });
});
