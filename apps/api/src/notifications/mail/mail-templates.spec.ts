import { LOCALES } from '../../i18n/locales';
import { utcDateFormat } from '../../i18n/utc-date-format';
import { MAIL_CATALOGUES } from './i18n/mail-catalogue';
import { renderRecipientMail, renderRevealNotice, type RenderedMail, type RevealNoticeEvent } from './mail-templates';

const SECRET_KEY = 'k3y9x2abcdefghijklmnopqrstuvwxyz0123';
const LINK = `https://hush.example.com/secret/${SECRET_KEY}`;
const EXPIRES = new Date('2026-12-05T14:07:00Z');
/** What a caller holds next to the template's input: none of it may reach a mail. */
const STORED = {
  value: 'VALUE-hunter2-correct-horse',
  secret: 'VALUE-hunter2-correct-horse',
  passphrase: 'PASSPHRASE-open-sesame',
  metadataKey: 'METADATAKEY9f8e7d6c5b4a',
  metadata_key: 'METADATAKEY9f8e7d6c5b4a',
  recipient: 'bob.recipient@example.org',
  recipients: ['bob.recipient@example.org'],
};
const FORBIDDEN = [STORED.value, STORED.passphrase, STORED.metadataKey, STORED.recipient];
const EVENTS: readonly RevealNoticeEvent[] = ['secret.revealed', 'secret.burned_by_policy', 'secret.expired'];

const parts = (mail: RenderedMail) => [mail.subject, mail.text, mail.html];
const expectNothingStored = (mail: RenderedMail) => {
  for (const part of parts(mail)) for (const forbidden of FORBIDDEN) expect(part).not.toContain(forbidden);
};
const expectPlainMailHtml = (html: string) => {
  expect(html).not.toMatch(/<(script|style|img|link|iframe|form)\b/i);
  expect(html).not.toMatch(/\ssrc=|\son[a-z]+=|javascript:|url\(/i);
};
const recipientMail = (overrides: Partial<Parameters<typeof renderRecipientMail>[0]> = {}) =>
  renderRecipientMail({ ...STORED, locale: 'en', link: LINK, expiresAt: EXPIRES, passphraseRequired: false, senderCustid: 'alice@example.com', ...overrides });

describe('the recipient mail (NOTIFICATIONS.md §1)', () => {
  it.each(LOCALES)('%s: link in both parts (a real anchor in HTML), expiry in UTC, "works once", in that language', (locale) => {
    const mail = recipientMail({ locale });
    const t = MAIL_CATALOGUES[locale];
    const expiry = utcDateFormat(locale).format(EXPIRES);

    expect(mail.subject).toBe(t['recipient.subject'].replace('{sender}', 'alice@example.com'));
    expect(mail.text.split('\n')).toContain(LINK);
    expect(mail.html).toContain(`<a href="${LINK}"`);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(expiry);
      expect(part).toContain('UTC');
      expect(part).toContain(t['recipient.once']);
      expect(part).toContain(t['recipient.open']);
      expect(part).toContain(t.footer);
      expect(part).not.toContain(t['recipient.passphrase']);
    }
    expectNothingStored(mail);
    expectPlainMailHtml(mail.html);
  });

  it('writes the expiry as the pages do, in UTC', () => {
    expect(recipientMail().text).toContain('It works until December 5, 2026 at 02:07 PM UTC;');
    expect(recipientMail({ locale: 'sv' }).text).toContain('Den fungerar till 5 december 2026 kl. 14:07 UTC;');
    expect(recipientMail({ locale: 'nl' }).text).toContain('Hij werkt tot 5 december 2026 om 14:07 UTC;');
  });

  it.each(LOCALES)('%s: says the sender gives the passphrase separately only when there is one, and never the passphrase', (locale) => {
    const mail = recipientMail({ locale, passphraseRequired: true });
    const hint = MAIL_CATALOGUES[locale]['recipient.passphrase'];
    expect(mail.text).toContain(hint);
    expect(mail.html).toContain(hint.replace(/'/g, '&#39;'));
    expectNothingStored(mail);
  });

  it('escapes the custid in HTML, keeps it readable in text, and keeps the subject on one line', () => {
    const senderCustid = '<script>alert("x")</script> & \'Eve\'\r\nBcc: evil@example.com';
    const mail = recipientMail({ senderCustid });
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Eve&#39;');
    expect(mail.text).toContain('<script>alert("x")</script> & \'Eve\'');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text.split('\n').filter((line) => line.startsWith('Bcc:'))).toEqual([]);
  });

  it('escapes the link in the href, and refuses anything but an absolute http(s) link', () => {
    const withQuery = `${LINK}?a=1&b=2`;
    expect(recipientMail({ link: withQuery }).html).toContain(`href="${LINK}?a=1&amp;b=2"`);
    for (const link of ['javascript:alert(1)', '/secret/abc', `${LINK}" onclick="x`, `${LINK} more`, 'data:text/html,hi']) {
      expect(() => recipientMail({ link })).toThrow('A mail link must be an absolute http(s) URL');
    }
  });
});

describe('the read notice (NOTIFICATIONS.md §2)', () => {
  const AT = new Date('2026-12-06T08:30:00Z');

  it.each(LOCALES.flatMap((locale) => EVENTS.map((event) => [locale, event] as const)))('%s, %s: what happened and when, with the 6-character reference only', (locale, event) => {
    // The caller passes the whole key by mistake: only its first 6 characters may show.
    const mail = renderRevealNotice({ ...STORED, locale, event, shortKey: SECRET_KEY, at: AT });
    const t = MAIL_CATALOGUES[locale];
    const which = event.replace('secret.', '') as 'revealed' | 'burned_by_policy' | 'expired';
    const date = utcDateFormat(locale).format(AT);

    expect(mail.subject).toBe(t[`notice.${which}.subject`].replace('{ref}', 'k3y9x2'));
    const body = t[`notice.${which}.body`].replace('{ref}', 'k3y9x2').replace('{date}', date);
    expect(mail.text).toContain(body);
    expect(mail.html).toContain(body);
    for (const part of parts(mail)) {
      expect(part).not.toContain('k3y9x2a');
      expect(part).not.toContain(SECRET_KEY);
      expect(part).not.toMatch(/https?:/);
    }
    expect(mail.html).not.toContain('<a ');
    expect(mail.text).toContain(t['notice.why']);
    expectNothingStored(mail);
    expectPlainMailHtml(mail.html);
  });

  it('says each event in its own words', () => {
    const subjects = EVENTS.map((event) => renderRevealNotice({ locale: 'en', event, shortKey: 'abc123', at: AT }).subject);
    expect(subjects).toEqual(['Your secret abc123… was opened', 'Your secret abc123… was burned', 'Your secret abc123… expired unread']);
    expect(renderRevealNotice({ locale: 'en', event: 'secret.burned_by_policy', shortKey: 'abc123', at: AT }).text).toContain('too many wrong passphrases');
  });
});
