import { LOCALES } from '../../i18n/locales';
import { utcDateFormat } from '../../i18n/utc-date-format';
import { MAIL_CATALOGUES } from './i18n/mail-catalogue';
import { renderRecipientMail, renderRevealNotice, type MailBrand, type RenderedMail, type RevealNoticeEvent } from './mail-templates';

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
const HUSH: MailBrand = { name: 'Hush', logoUrl: null, footer: null };
const EXAMPLE_AB: MailBrand = {
  name: 'Example AB',
  logoUrl: 'https://hush.example.com/assets/brand/logo.png',
  footer: { text: 'Run by Example AB IT — help', url: 'https://it.example.com/help?a=1&b=2' },
};
/** A style attribute that a double quote inside it ends early (a quoted font name, say): the rest of its rules are lost. */
const BROKEN_STYLE = /\sstyle="[^"]*"[^\s>]/;

const parts = (mail: RenderedMail) => [mail.subject, mail.text, mail.html];
const expectNothingStored = (mail: RenderedMail) => {
  for (const part of parts(mail)) for (const forbidden of FORBIDDEN) expect(part).not.toContain(forbidden);
};
const expectPlainMailHtml = (html: string) => {
  expect(html).not.toMatch(/<(script|style|img|link|iframe|form)\b/i);
  expect(html).not.toMatch(BROKEN_STYLE);
  expect(html).not.toMatch(/\ssrc=|\son[a-z]+=|javascript:|url\(/i);
};
const recipientMail = (overrides: Partial<Parameters<typeof renderRecipientMail>[0]> = {}) =>
  renderRecipientMail({ ...STORED, locale: 'en', brand: HUSH, link: LINK, expiresAt: EXPIRES, passphraseRequired: false, senderCustid: 'alice@example.com', ...overrides });

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
      expect(part).toContain(t.footer.replace('{brand}', 'Hush'));
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
  const CREATED = new Date('2026-12-05T16:45:00Z');

  it.each(LOCALES.flatMap((locale) => EVENTS.map((event) => [locale, event] as const)))('%s, %s: what happened and when, with the 6-character reference only', (locale, event) => {
    // The caller passes the whole key by mistake: only its first 6 characters may show.
    const mail = renderRevealNotice({ ...STORED, locale, brand: HUSH, event, shortKey: SECRET_KEY, at: AT, createdAt: CREATED });
    const t = MAIL_CATALOGUES[locale];
    const which = event.replace('secret.', '') as 'revealed' | 'burned_by_policy' | 'expired';
    const date = utcDateFormat(locale).format(AT);

    expect(mail.subject).toBe(t[`notice.${which}.subject`].replace('{ref}', 'k3y9x2'));
    const body = t[`notice.${which}.body`].replace('{ref}', 'k3y9x2').replace('{date}', date);
    expect(mail.text).toContain(body);
    expect(mail.html).toContain(body);
    // When it was shared, and the reference the created page, the status page and /account show.
    const created = t['notice.created'].replace('{created}', utcDateFormat(locale).format(CREATED)).replace('{ref}', 'k3y9x2');
    expect(mail.text).toContain(created);
    expect(mail.html).toContain(created);
    for (const part of parts(mail)) {
      expect(part).not.toContain('k3y9x2a');
      expect(part).not.toContain(SECRET_KEY);
      expect(part).not.toMatch(/https?:/);
    }
    expect(mail.html).not.toContain('<a ');
    expect(mail.text).toContain(t['notice.why'].replace('{brand}', 'Hush'));
    expectNothingStored(mail);
    expectPlainMailHtml(mail.html);
  });

  it('says each event in its own words', () => {
    const notice = (event: RevealNoticeEvent) => renderRevealNotice({ locale: 'en', brand: HUSH, event, shortKey: 'abc123', at: AT, createdAt: CREATED });
    expect(EVENTS.map((event) => notice(event).subject)).toEqual(['Your secret abc123 was opened', 'Your secret abc123 was deleted', 'Your secret abc123 expired unread']);
    expect(notice('secret.burned_by_policy').text).toContain('too many wrong passphrases');
  });

  it('leaves out when it was shared for a notice queued before that was kept', () => {
    const mail = renderRevealNotice({ locale: 'en', brand: HUSH, event: 'secret.revealed', shortKey: 'abc123', at: AT, createdAt: null });
    expect(mail.text).toContain('Your secret abc123 was opened on');
    expect(mail.text).not.toContain('You shared it on');
  });
});

describe('the brand on every mail (PAGES.md §7)', () => {
  const AT = new Date('2026-12-06T08:30:00Z');
  const mails = LOCALES.flatMap((locale) => [
    recipientMail({ locale, brand: EXAMPLE_AB }),
    renderRevealNotice({ locale, brand: EXAMPLE_AB, event: 'secret.revealed', shortKey: 'abc123', at: AT, createdAt: AT }),
  ]);

  it.each(mails.map((mail) => [mail.subject, mail] as const))('%s: names the brand, shows its logo by its absolute link, and ends with its footer line', (_, mail) => {
    expect(mail.text.startsWith('Example AB\n')).toBe(true);
    expect(mail.text).toContain('Run by Example AB IT — help: https://it.example.com/help?a=1&b=2');
    expect(mail.text).not.toMatch(/\bHush\b/);
    expect(mail.html).not.toMatch(/\bHush\b/);
    expect(mail.html).toContain('<img src="https://hush.example.com/assets/brand/logo.png" alt="Example AB" height="40"');
    expect(mail.html).toContain('<a href="https://it.example.com/help?a=1&amp;b=2" style="color:#52525b">Run by Example AB IT — help</a>');
    expect(mail.html.match(/<img\b/g)).toHaveLength(1);
    expect(mail.html).not.toMatch(BROKEN_STYLE);
  });

  it('says the sender "via" the brand in the text, not as a display name', () => {
    expect(recipientMail({ brand: EXAMPLE_AB }).text).toContain('alice@example.com shared a secret with you through Example AB.');
    expect(recipientMail({ locale: 'sv', brand: EXAMPLE_AB }).text).toContain('alice@example.com har delat en hemlighet med dig via Example AB.');
    expect(recipientMail({ locale: 'nl', brand: EXAMPLE_AB }).text).toContain('alice@example.com heeft via Example AB een geheim met je gedeeld.');
  });

  it('writes a footer line without a link as text, and escapes the brand in HTML', () => {
    const mail = recipientMail({ brand: { name: 'A & <B>', logoUrl: null, footer: { text: 'IT desk', url: null } } });
    expect(mail.html).toContain('A &amp; &lt;B&gt;');
    expect(mail.html).toContain('>IT desk</p>');
    expect(mail.text).toContain('\nIT desk\n');
  });
});
