import { Provider } from '@nestjs/common';
import type { MessageSenders } from '@hush/domain';
import type { Database } from '@hush/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE, MESSAGE_SENDERS } from '../tokens';
import { RecipientMailSender, RevealNoticeSender } from '../notifications/mail.senders';
import type { MailBrand } from '../notifications/mail/mail-templates';
import { SmtpMailer } from '../notifications/mail/smtp-mailer';
import { WebhookSender } from '../notifications/webhook.sender';

/** The brand as mails show it: the logo by its absolute link on PUBLIC_URL. */
function mailBrand(config: AppConfig): MailBrand {
  const { name, logo, footer } = config.brand;
  return { name, logoUrl: logo ? `${config.publicUrl}${logo.path}` : null, footer };
}

function mailSenders(config: AppConfig, db: Database): MessageSenders {
  if (!config.mail) return {};
  const mailer = new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from, fromName: config.mail.fromName });
  const settings = { publicUrl: config.publicUrl, replyToCreator: config.mail.replyToCreator, defaultLocale: config.web.defaultLocale, brand: mailBrand(config) };
  return { recipient_mail: new RecipientMailSender(mailer, db.accounts, settings), reveal_notice: new RevealNoticeSender(mailer, db.accounts, settings) };
}

/** A sender for each kind of outbox message the configuration enables. */
export const messageSendersProvider: Provider = {
  provide: MESSAGE_SENDERS,
  inject: [APP_CONFIG, DATABASE],
  useFactory: (config: AppConfig, db: Database): MessageSenders => ({
    ...(config.webhooks ? { webhook: new WebhookSender(config.webhooks.urls, config.webhooks.secret) } : {}),
    ...mailSenders(config, db),
  }),
};
