import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { MailDeliveryError } from './mail-delivery.error';
import type { MailMessage } from './mail-message';

export interface SmtpMailerOptions {
  /** SMTP_URL, e.g. `smtp://user:pass@mail.example.com:587` (`smtps://` for implicit TLS). */
  readonly url: string;
  /** MAIL_FROM: an address, maybe with a display name (`Hush <hush@example.com>`). */
  readonly from: string;
  /** MAIL_FROM_NAME: the display name of every mail, in place of MAIL_FROM's own; never a sender's address (PAGES.md §7). */
  readonly fromName?: string;
  /** Limit on connecting, the greeting and each silence of the socket; default 10 s. */
  readonly timeoutMs?: number;
}

/** Whole-send deadline, in timeouts: a server that trickles a byte at a time cannot hold a worker for ever. */
const SEND_DEADLINE_TIMEOUTS = 3;

interface NodemailerError {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly responseCode?: unknown;
}

/**
 * Sends one message per connection (no pool): mail here is rare, relays drop idle pooled connections, and a
 * failure then belongs to its own message only. Every failure is a MailDeliveryError.
 */
export class SmtpMailer {
  private readonly transport: ReturnType<typeof createTransport>;
  private readonly from: { readonly name: string; readonly address: string };
  private readonly deadlineMs: number;

  constructor(options: SmtpMailerOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const [parsed] = addressparser(options.from, { flatten: true });
    if (!parsed?.address.includes('@')) throw new Error('MAIL_FROM must be an e-mail address, optionally with a display name');
    this.from = { name: options.fromName ?? parsed.name, address: parsed.address };
    this.deadlineMs = timeoutMs * SEND_DEADLINE_TIMEOUTS;
    this.transport = createTransport({
      url: options.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
      // Nothing of a message is read from a file or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        // As one address object: a string would be split at commas into several recipients.
        to: { name: '', address: message.to },
        ...(message.replyTo === undefined ? {} : { replyTo: { name: '', address: message.replyTo } }),
        subject: message.subject,
        text: message.text,
        html: message.html,
        // RFC 3834: auto-responders (out of office) do not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: AbortSignal.timeout(this.deadlineMs),
      });
    } catch (error) {
      throw deliveryError(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

const systemCode = (value: unknown): string | undefined => (typeof value === 'string' && /^E[A-Z_]+$/.test(value) ? value : undefined);

/** What went wrong, without anything the server or the message said. */
function deliveryError(error: unknown): MailDeliveryError {
  const { code, originalCode, responseCode } = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const reply = typeof responseCode === 'number' && responseCode >= 200 && responseCode < 600 ? responseCode : undefined;
  // Wrong credentials are the operator's to fix, not the message's: worth trying again later.
  if (code === 'EAUTH') return new MailDeliveryError(`SMTP authentication failed${reply ? ` (${reply})` : ''}`, false, reply);
  if (reply !== undefined) return MailDeliveryError.reply(reply);
  switch (code) {
    case 'ETIMEDOUT':
    case 'EABORT':
      return new MailDeliveryError('SMTP timed out', false);
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'ETLS':
    case 'EPROXY':
      return new MailDeliveryError(`SMTP connection failed: ${systemCode(originalCode) ?? code}`, false);
    case 'EENVELOPE':
    case 'EMESSAGE':
      // Refused before any server saw it (no reply code): sending it again changes nothing.
      return new MailDeliveryError(`SMTP message refused: ${code}`, true);
    default:
      return new MailDeliveryError(`SMTP delivery failed: ${systemCode(code) ?? 'unexpected error'}`, false);
  }
}
