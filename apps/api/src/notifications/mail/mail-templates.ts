import type { Locale } from '../../i18n/locales';
import { utcDateFormat } from '../../i18n/utc-date-format';
import { translateMail } from './i18n/mail-catalogue';
import { assertMailLink, oneLine, renderMail, type MailBlock, type RenderedMail } from './mail-layout';

export type { RenderedMail };

export interface RecipientMailInput {
  readonly locale: Locale;
  /** The whole share link, `{PUBLIC_URL}/secret/{secret_key}`. */
  readonly link: string;
  readonly expiresAt: Date;
  readonly passphraseRequired: boolean;
  readonly senderCustid: string;
}

export type RevealNoticeEvent = 'secret.revealed' | 'secret.burned_by_policy' | 'secret.expired';

export interface RevealNoticeInput {
  readonly locale: Locale;
  readonly event: RevealNoticeEvent;
  /** The first 6 characters of the secret key, as the burn response shows them; anything longer is cut. */
  readonly shortKey: string;
  readonly at: Date;
}

/** The length of the reference a notice may show (NOTIFICATIONS.md §2). */
export const SHORT_KEY_LENGTH = 6;

/** NOTIFICATIONS.md §1: the link, its expiry, "it works once", and the passphrase hint; nothing else of the secret. */
export function renderRecipientMail(input: RecipientMailInput): RenderedMail {
  assertMailLink(input.link);
  const { locale } = input;
  const sender = oneLine(input.senderCustid);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: translateMail(locale, 'recipient.intro', { sender }) },
    { kind: 'action', label: translateMail(locale, 'recipient.open'), href: input.link, copyHint: translateMail(locale, 'recipient.copy') },
    { kind: 'paragraph', text: translateMail(locale, 'recipient.once') },
    { kind: 'paragraph', text: translateMail(locale, 'recipient.expiry', { expiry: utcDateFormat(locale).format(input.expiresAt) }) },
  ];
  if (input.passphraseRequired) blocks.push({ kind: 'notice', text: translateMail(locale, 'recipient.passphrase') });
  blocks.push({ kind: 'paragraph', text: translateMail(locale, 'recipient.unexpected') });
  return renderMail({ locale, subject: translateMail(locale, 'recipient.subject', { sender }), blocks, footer: [translateMail(locale, 'footer')] });
}

const NOTICE_KEYS = {
  'secret.revealed': { subject: 'notice.revealed.subject', body: 'notice.revealed.body' },
  'secret.burned_by_policy': { subject: 'notice.burned_by_policy.subject', body: 'notice.burned_by_policy.body' },
  'secret.expired': { subject: 'notice.expired.subject', body: 'notice.expired.body' },
} as const satisfies Record<RevealNoticeEvent, object>;

/** NOTIFICATIONS.md §2: what happened to the creator's secret, and when; no link, value or key beyond the reference. */
export function renderRevealNotice(input: RevealNoticeInput): RenderedMail {
  const { locale } = input;
  const keys = NOTICE_KEYS[input.event];
  const params = { ref: oneLine(input.shortKey).slice(0, SHORT_KEY_LENGTH), date: utcDateFormat(locale).format(input.at) };
  return renderMail({
    locale,
    subject: translateMail(locale, keys.subject, params),
    blocks: [{ kind: 'paragraph', text: translateMail(locale, keys.body, params) }],
    footer: [translateMail(locale, 'notice.why'), translateMail(locale, 'footer')],
  });
}
