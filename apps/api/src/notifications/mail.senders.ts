import { isDeliverableAddress, readPayload, type AccountRepository, type DeliveryAttempt, type MessageSender, type OutboxMessage, type RecipientMail } from '@hush/domain';
import { isLocale, type Locale } from '../i18n/locales';
import { MailDeliveryError } from './mail/mail-delivery.error';
import type { MailMessage } from './mail/mail-message';
import { renderRecipientMail, renderRevealNotice, type MailBrand, type RevealNoticeEvent } from './mail/mail-templates';
import type { SmtpMailer } from './mail/smtp-mailer';

export interface MailSettings {
  readonly publicUrl: string;
  readonly replyToCreator: boolean;
  readonly defaultLocale: Locale;
  readonly brand: MailBrand;
}

/** Sends a rendered mail; a refusal or a broken connection is the attempt's result, never an exception. */
async function deliver(mailer: SmtpMailer, message: MailMessage): Promise<DeliveryAttempt> {
  try {
    await mailer.send(message);
    return { ok: true };
  } catch (error) {
    if (error instanceof MailDeliveryError) return { ok: false, permanent: error.permanent, reason: error.message };
    throw error;
  }
}

/** The language of mails about an account's secrets: its own setting, or the service's default. */
async function localeOf(accounts: AccountRepository, custid: string, fallback: Locale): Promise<Locale> {
  const locale = (await accounts.findByCustid(custid))?.locale;
  return isLocale(locale) ? locale : fallback;
}

/** NOTIFICATIONS.md §1: the link to the first recipient, from the creator's name, in the creator's language. */
export class RecipientMailSender implements MessageSender {
  constructor(
    private readonly mailer: SmtpMailer,
    private readonly accounts: AccountRepository,
    private readonly settings: MailSettings,
  ) {}

  async send(message: OutboxMessage, recipient: RecipientMail | null): Promise<DeliveryAttempt> {
    if (recipient === null) return { ok: false, permanent: true, reason: 'the message holds no recipient' };
    const payload = readPayload('recipient_mail', message.payload);
    const rendered = renderRecipientMail({
      locale: await localeOf(this.accounts, message.custid, this.settings.defaultLocale),
      brand: this.settings.brand,
      link: `${this.settings.publicUrl}/secret/${recipient.secretKey}`,
      expiresAt: new Date(payload.expires),
      passphraseRequired: payload.passphrase_required,
      senderCustid: message.custid,
    });
    // Answers go to the creator, unless MAIL_REPLY_TO_CREATOR=false; the display name stays the brand's (PAGES.md §7).
    const replyTo = this.settings.replyToCreator && isDeliverableAddress(message.custid) ? { replyTo: message.custid } : {};
    return deliver(this.mailer, { to: recipient.address, ...replyTo, ...rendered });
  }
}

/** NOTIFICATIONS.md §2: the creator's notice that a secret was opened, burned by policy or expired unread. */
export class RevealNoticeSender implements MessageSender {
  constructor(
    private readonly mailer: SmtpMailer,
    private readonly accounts: AccountRepository,
    private readonly settings: MailSettings,
  ) {}

  async send(message: OutboxMessage): Promise<DeliveryAttempt> {
    const payload = readPayload('reveal_notice', message.payload);
    const rendered = renderRevealNotice({
      locale: await localeOf(this.accounts, message.custid, this.settings.defaultLocale),
      brand: this.settings.brand,
      event: message.event as RevealNoticeEvent,
      shortKey: payload.secret_shortkey ?? '',
      at: new Date(payload.at),
      createdAt: payload.created ? new Date(payload.created) : null,
    });
    return deliver(this.mailer, { to: message.custid, ...rendered });
  }
}
