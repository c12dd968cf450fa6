import { RevealSecret } from '@hush/domain';
import { listenOnLoopback, openSocket } from '../support/raw-socket';
import { useTestApp } from '../support/test-app';
import { sleep } from '../support/timing';
import { expectUnknownSecret } from '../support/v1';

const ROUNDS = 6;

/** The raw bytes of a complete reveal with a passphrase: the v1 API's, or the recipient page's form post. */
function revealRequest(secretKey: string, passphrase: string, path = `/api/v1/secret/${secretKey}`): string {
  const body = `passphrase=${encodeURIComponent(passphrase)}`;
  return [
    `POST ${path} HTTP/1.1`,
    'Host: hush',
    'Sec-Fetch-Site: same-origin',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

describe('a reveal whose client has gone is not claimed (issue 11 §3)', () => {
  const t = useTestApp();
  let port: number;
  let stop: () => Promise<void>;
  /** How each reveal the server ran ended: "revealed" or the domain error's code. */
  let outcomes: Promise<string>[];

  beforeAll(async () => {
    ({ port, stop } = await listenOnLoopback(t));
    const useCase = t.app.get(RevealSecret);
    const execute = useCase.execute.bind(useCase);
    jest.spyOn(useCase, 'execute').mockImplementation((input) => {
      const running = execute(input);
      outcomes.push(running.then(() => 'revealed', (error: { code?: string }) => error.code ?? 'error'));
      return running;
    });
  });
  afterAll(() => stop());
  beforeEach(() => {
    outcomes = [];
  });

  // Reveal limits are off here (the test app's default): nothing but the check itself waits for the close (issue 20 §7).
  it.each([
    ['the API', 'a passphrase', 'pw', (key: string) => `/api/v1/secret/${key}`],
    ['the recipient page', 'a passphrase', 'pw', (key: string) => `/secret/${key}`],
    ['the API', 'no passphrase', '', (key: string) => `/api/v1/secret/${key}`],
    ['the recipient page', 'no passphrase', '', (key: string) => `/secret/${key}`],
  ])('a complete reveal request to %s (%s) whose connection closes at once leaves the secret revealable, exactly once', async (_surface, _kind, passphrase, pathOf) => {
    for (let round = 0; round < ROUNDS; round++) {
      const value = `round ${round}`;
      const { secret_key: secretKey } = await t.shareReceipt({ secret: value, ...(passphrase ? { passphrase } : {}) });

      const ran = outcomes.length;
      const { socket, closed } = openSocket(port);
      const request = revealRequest(secretKey, passphrase, pathOf(secretKey));
      socket.once('connect', () => {
        if (round % 2 === 0) socket.end(request);
        else socket.write(request, () => socket.destroy());
      });
      const { received } = await closed;
      expect(received).toBe('');
      // A destroyed socket closes at once on this side: wait for the server to reach the use case.
      for (const started = Date.now(); outcomes.length === ran && Date.now() - started < 2000; ) await sleep(5);
      expect(outcomes).toHaveLength(ran + 1);
      await expect(outcomes[ran]).resolves.toBe('CALLER_GONE');

      const revealed = await t.reveal(secretKey, { passphrase }).expect(200);
      expect(revealed.body.value).toBe(value);
      expectUnknownSecret(await t.reveal(secretKey, { passphrase }), secretKey);
    }
  });

  it('a client that stays gets its value as before', async () => {
    const { secret_key: secretKey } = await t.shareReceipt({ secret: 'kept', passphrase: 'pw' });
    const { socket, closed } = openSocket(port);
    socket.once('connect', () => socket.write(`${revealRequest(secretKey, 'pw').replace('Host: hush', 'Host: hush\r\nConnection: close')}`));
    const { received } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toContain('"value":"kept"');
    await expect(outcomes[0]).resolves.toBe('revealed');
  });
});
