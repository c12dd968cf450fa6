import type { Locale } from '../../i18n/locales';
import { utcDateFormat } from '../../i18n/utc-date-format';
import { translateMail } from './i18n/mail-catalogue';
import { assertMailLink, oneLine, renderMail, type MailBlock, type MailBrand, type RenderedMail } from './mail-layout';

export type { MailBrand, RenderedMail };

export interface RecipientMailInput {
  readonly locale: Locale;
  readonly brand: MailBrand;
  /** The whole share link, `{PUBLIC_URL}/secret/{secret_key}`. */
  readonly link: string;
  readonly expiresAt: Date;
  readonly passphraseRequired: boolean;
  readonly senderCustid: string;
}

export type RevealNoticeEvent = 'secret.revealed' | 'secret.burned_by_policy' | 'secret.expired';

export interface RevealNoticeInput {
  readonly locale: Locale;
  readonly brand: MailBrand;
  readonly event: RevealNoticeEvent;
  /** The first 6 characters of the secret key, as the burn response shows them; anything longer is cut. */
  readonly shortKey: string;
  readonly at: Date;
  /** When the secret was shared; null on notices queued before it was kept. */
  readonly createdAt: Date | null;
}

/** The length of the reference a notice may show (NOTIFICATIONS.md §2). */
export const SHORT_KEY_LENGTH = 6;

/** NOTIFICATIONS.md §1: the link, its expiry, "it works once", and the passphrase hint; nothing else of the secret. */
export function renderRecipientMail(input: RecipientMailInput): RenderedMail {
  assertMailLink(input.link);
  const { locale } = input;
  const sender = oneLine(input.senderCustid);
  const brand = oneLine(input.brand.name);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: translateMail(locale, 'recipient.intro', { sender, brand }) },
    { kind: 'action', label: translateMail(locale, 'recipient.open'), href: input.link, copyHint: translateMail(locale, 'recipient.copy') },
    { kind: 'paragraph', text: translateMail(locale, 'recipient.once') },
    { kind: 'paragraph', text: translateMail(locale, 'recipient.expiry', { expiry: utcDateFormat(locale).format(input.expiresAt) }) },
  ];
  if (input.passphraseRequired) blocks.push({ kind: 'notice', text: translateMail(locale, 'recipient.passphrase') });
  blocks.push({ kind: 'paragraph', text: translateMail(locale, 'recipient.unexpected') });
  return renderMail({ locale, brand: input.brand, subject: translateMail(locale, 'recipient.subject', { sender }), blocks, footer: [translateMail(locale, 'footer', { brand })] });
}

const NOTICE_KEYS = {
  'secret.revealed': { subject: 'notice.revealed.subject', body: 'notice.revealed.body' },
  'secret.burned_by_policy': { subject: 'notice.burned_by_policy.subject', body: 'notice.burned_by_policy.body' },
  'secret.expired': { subject: 'notice.expired.subject', body: 'notice.expired.body' },
} as const satisfies Record<RevealNoticeEvent, object>;

/**
 * NOTIFICATIONS.md §2: what happened to the creator's secret, when, and when it was shared; no link, value or key
 * beyond the reference, which the created page, the receipt and /account show too.
 */
export function renderRevealNotice(input: RevealNoticeInput): RenderedMail {
  const { locale } = input;
  const keys = NOTICE_KEYS[input.event];
  const dates = utcDateFormat(locale);
  const brand = oneLine(input.brand.name);
  const params = { ref: oneLine(input.shortKey).slice(0, SHORT_KEY_LENGTH), date: dates.format(input.at), brand };
  const blocks: MailBlock[] = [{ kind: 'paragraph', text: translateMail(locale, keys.body, params) }];
  if (input.createdAt !== null) blocks.push({ kind: 'paragraph', text: translateMail(locale, 'notice.created', { ...params, created: dates.format(input.createdAt) }) });
  return renderMail({
    locale,
    brand: input.brand,
    subject: translateMail(locale, keys.subject, params),
    blocks,
    footer: [translateMail(locale, 'notice.why', params), translateMail(locale, 'footer', params)],
  });
}
