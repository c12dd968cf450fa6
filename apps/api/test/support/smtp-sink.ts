import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One message as the sink received and parsed it. */
export interface SinkMessage {
  /** The envelope (MAIL FROM and RCPT TO), which can differ from the headers. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Header names in lower case. */
  readonly headers: ReadonlyMap<string, HeaderValue>;
  readonly from?: AddressObject;
  readonly replyTo?: AddressObject;
  readonly to?: AddressObject;
  readonly subject: string;
  readonly text: string;
  /** Empty when the message has no HTML part. */
  readonly html: string;
  /** The message as it came over the wire. */
  readonly raw: string;
}

export type SinkStage = 'rcpt' | 'data';

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly messages: readonly SinkMessage[];
  /** Answers `code` to the next `times` messages, at RCPT TO (echoing the address, as real servers do) or after DATA. */
  failNext(code: number, times?: number, stage?: SinkStage): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly SinkMessage[]>;
  close(): Promise<void>;
}

interface Failure {
  readonly code: number;
  readonly stage: SinkStage;
}

const rejection = (code: number, text: string): Error => Object.assign(new Error(text), { responseCode: code });

/** A real SMTP server in the test process: plain text, any or no authentication, every message parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const planned: Failure[] = [];
  // The failure a transaction drew at MAIL FROM, by session and transaction.
  const drawn = new Map<string, Failure>();
  const waiters = new Set<() => void>();
  const transaction = (session: SMTPServerSession): string => `${session.id}:${String((session as { transaction?: number }).transaction)}`;

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anyone' }),
    onMailFrom: (_address, session, callback) => {
      const failure = planned.shift();
      if (failure) drawn.set(transaction(session), failure);
      callback();
    },
    onRcptTo: (address, session, callback) => {
      const failure = drawn.get(transaction(session));
      if (failure?.stage === 'rcpt') return callback(rejection(failure.code, `<${address.address}>: Recipient address rejected`));
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const failure = drawn.get(transaction(session));
        drawn.delete(transaction(session));
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        if (failure) return callback(rejection(failure.code, `Message for ${to.join(', ')} refused`));
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const mailFrom = session.envelope.mailFrom;
            const single = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value[0] : value);
            messages.push({
              envelope: { from: mailFrom ? mailFrom.address : '', to },
              headers: parsed.headers,
              from: parsed.from,
              replyTo: parsed.replyTo,
              to: single(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              raw,
            });
            for (const wake of waiters) wake();
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error('unparsable message')),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(code, times = 1, stage = 'data') {
      for (let i = 0; i < times; i++) planned.push({ code, stage });
    },
    waitForMessages(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`The SMTP sink got ${messages.length} of ${count} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
