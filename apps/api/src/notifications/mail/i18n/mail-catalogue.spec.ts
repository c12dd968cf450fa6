import { LOCALES, placeholders } from '../../../i18n/locales';
import { en } from './en';
import { MAIL_CATALOGUES, translateMail, type MailMessageKey } from './mail-catalogue';

const keys = Object.keys(en) as MailMessageKey[];

describe('mail catalogues', () => {
  it('exist for every page language, with exactly the English keys', () => {
    expect(Object.keys(MAIL_CATALOGUES).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) expect(Object.keys(MAIL_CATALOGUES[locale]).sort()).toEqual([...keys].sort());
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s uses the same placeholders as English, leaves nothing empty and copies no sentence', (locale) => {
    for (const key of keys) {
      const message = MAIL_CATALOGUES[locale][key];
      expect([key, placeholders(message).sort()]).toEqual([key, placeholders(en[key]).sort()]);
      expect(message.trim()).not.toBe('');
      if (en[key].includes(' ')) expect([key, message]).not.toEqual([key, en[key]]);
    }
  });

  it("uses the pages' words for a deletion", () => {
    expect(MAIL_CATALOGUES.sv['notice.burned_by_policy.body']).toMatch(/raderades/);
    expect(MAIL_CATALOGUES.nl['notice.burned_by_policy.body']).toMatch(/verwijderd/);
  });

  it('fills placeholders once: a value that looks like a placeholder stays as it is', () => {
    expect(translateMail('en', 'recipient.intro', { sender: '{expiry}', brand: '{sender}' })).toBe('{expiry} shared a secret with you through {sender}.');
  });
});
