import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@hush/persistence/testing';
import { MailDeliveryError } from '../../src/notifications/mail/mail-delivery.error';
import type { MailMessage } from '../../src/notifications/mail/mail-message';
import { SmtpMailer } from '../../src/notifications/mail/smtp-mailer';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const RECIPIENT = 'bob.recipient@example.org';
const CREATOR = 'alice.creator@example.com';
const MESSAGE: MailMessage = {
  to: RECIPIENT,
  subject: 'A secret for you — åäö',
  text: 'Open https://hush.example.com/secret/abc123 once.',
  html: '<p>Open <a href="https://hush.example.com/secret/abc123">the link</a> once.</p>',
};
const ADDRESS = /[^\s<>"]+@[^\s<>"]+/;

/** The error `send` fails with (it must fail). */
async function failure(mailer: SmtpMailer, message: MailMessage = MESSAGE): Promise<MailDeliveryError> {
  const error: unknown = await mailer.send(message).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(MailDeliveryError);
  return error as MailDeliveryError;
}

const expectNothingOfTheMail = (error: MailDeliveryError) => {
  expect(error.message).not.toMatch(ADDRESS);
  expect(error.message).not.toMatch(/secret|abc123|rejected|refused for/i);
  expect(String(error.stack)).not.toMatch(ADDRESS);
  expect(error.cause).toBeUndefined();
};

describe('SmtpMailer against a real SMTP server', () => {
  let sink: SmtpSink;
  const mailers: SmtpMailer[] = [];
  const mailer = (from = 'Hush <hush@mail.example.net>', url = sink.url, timeoutMs?: number, fromName?: string) => {
    const made = new SmtpMailer({ url, from, timeoutMs, fromName });
    mailers.push(made);
    return made;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => {
    for (const made of mailers.splice(0)) made.close();
  });
  afterAll(async () => {
    await sink?.close();
  });

  it('delivers both parts from MAIL_FROM, under MAIL_FROM_NAME as display name, with the creator as Reply-To', async () => {
    const before = sink.messages.length;
    await mailer(undefined, undefined, undefined, 'Example AB').send({ ...MESSAGE, replyTo: CREATOR });
    const [message] = (await sink.waitForMessages(before + 1)).slice(before);

    expect(message?.envelope).toEqual({ from: 'hush@mail.example.net', to: [RECIPIENT] });
    expect(message?.from?.value).toEqual([{ name: 'Example AB', address: 'hush@mail.example.net' }]);
    expect(message?.replyTo?.value).toEqual([{ name: '', address: CREATOR }]);
    expect(message?.to?.value).toEqual([{ name: '', address: RECIPIENT }]);
    expect(message?.subject).toBe(MESSAGE.subject);
    expect(message?.text.trim()).toBe(MESSAGE.text);
    expect(message?.html.trim()).toBe(MESSAGE.html);
    expect(message?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message?.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it("keeps MAIL_FROM's own display name without MAIL_FROM_NAME, and sends no Reply-To without one", async () => {
    const before = sink.messages.length;
    await mailer('"Hush at Example" <hush@mail.example.net>').send(MESSAGE);
    const [message] = (await sink.waitForMessages(before + 1)).slice(before);
    expect(message?.from?.value).toEqual([{ name: 'Hush at Example', address: 'hush@mail.example.net' }]);
    expect(message?.headers.has('reply-to')).toBe(false);

    await mailer('hush@mail.example.net').send(MESSAGE);
    const [bare] = (await sink.waitForMessages(before + 2)).slice(before + 1);
    expect(bare?.from?.value).toEqual([{ name: '', address: 'hush@mail.example.net' }]);
  });

  it('sends to exactly one address, and keeps a display name with quotes, commas and non-ASCII in one header', async () => {
    const before = sink.messages.length;
    await mailer(undefined, undefined, undefined, 'Åsa "Boss", Ops\r\nBcc: evil@example.com').send(MESSAGE);
    const [message] = (await sink.waitForMessages(before + 1)).slice(before);
    expect(message?.envelope.to).toEqual([RECIPIENT]);
    expect(message?.headers.has('bcc')).toBe(false);
    expect(message?.from?.value).toHaveLength(1);
    expect(message?.from?.value[0]?.address).toBe('hush@mail.example.net');
    expect(message?.from?.value[0]?.name).toMatch(/^Åsa "Boss", Ops/);

    const refused = await failure(mailer(), { ...MESSAGE, to: `${RECIPIENT}, evil@example.com` });
    expect(refused.permanent).toBe(true);
    expect(sink.messages).toHaveLength(before + 1);
  });

  it.each([
    [451, 'data', false],
    [451, 'rcpt', false],
    [421, 'data', false],
    [550, 'rcpt', true],
    [550, 'data', true],
    [552, 'data', true],
  ] as const)('answers SMTP %i at %s with MailDeliveryError, permanent: %s, and no address in its message', async (code, stage, permanent) => {
    const before = sink.messages.length;
    sink.failNext(code, 1, stage);
    const error = await failure(mailer());
    expect(error).toMatchObject({ permanent, responseCode: code, message: `SMTP ${code} (${permanent ? 'permanent' : 'temporary'})` });
    expectNothingOfTheMail(error);
    expect(sink.messages).toHaveLength(before);
    // The next message goes through again.
    await mailer().send(MESSAGE);
    await sink.waitForMessages(before + 1);
  });

  it('fails N messages for failNext(code, N), then delivers', async () => {
    const before = sink.messages.length;
    sink.failNext(451, 2);
    const sender = mailer();
    expect((await failure(sender)).permanent).toBe(false);
    expect((await failure(sender)).permanent).toBe(false);
    await sender.send(MESSAGE);
    expect(await sink.waitForMessages(before + 1)).toHaveLength(before + 1);
  });

  it('answers a closed port with a temporary MailDeliveryError naming the system error only', async () => {
    const closed = await freePort();
    const error = await failure(mailer(undefined, `smtp://127.0.0.1:${closed}`));
    expect(error).toMatchObject({ permanent: false, message: 'SMTP connection failed: ECONNREFUSED' });
    expect(error.responseCode).toBeUndefined();
    expectNothingOfTheMail(error);
  });

  it('gives up on a server that never greets after timeoutMs, as a temporary failure', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const error = await failure(mailer(undefined, `smtp://127.0.0.1:${port}`, 300));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toMatchObject({ permanent: false });
      expect(error.message).toMatch(/^SMTP (timed out|connection failed: E[A-Z]+)$/);
      expectNothingOfTheMail(error);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('gives up on a server that trickles its answers (never silent for timeoutMs) after 3 × timeoutMs in all', async () => {
    const sockets = new Set<Socket>();
    const trickler: Server = createServer((socket) => {
      sockets.add(socket);
      socket.write('220 slow.example ESMTP\r\n');
      // Answers EHLO one space every 50 ms, for ever: never a complete reply, never silent.
      const timer = setInterval(() => socket.writable && socket.write(' '), 50);
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickler.listen(0, '127.0.0.1', resolve));
    const { port } = trickler.address() as { port: number };
    try {
      const started = Date.now();
      const error = await failure(mailer(undefined, `smtp://127.0.0.1:${port}`, 200));
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(550);
      expect(took).toBeLessThan(2000);
      expect(error).toMatchObject({ permanent: false, message: 'SMTP timed out' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => trickler.close(() => resolve()));
    }
  });

  it('accepts credentials in SMTP_URL (the sink takes any)', async () => {
    const before = sink.messages.length;
    await mailer(undefined, `smtp://user:pa%24%24@127.0.0.1:${sink.port}`).send(MESSAGE);
    await sink.waitForMessages(before + 1);
  });

  it('refuses a MAIL_FROM without an address, without echoing it', () => {
    expect(() => new SmtpMailer({ url: sink.url, from: 'just a name' })).toThrow(/^MAIL_FROM must be an e-mail address/);
  });
});
