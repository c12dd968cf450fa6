import { LOCALES, placeholders } from '../../i18n/locales';
import { CATALOGUES, translate } from './catalogue';
import { en } from './en';

describe('message catalogues', () => {
  it('exist for every language of LOCALES, in its order', () => {
    expect(Object.keys(CATALOGUES)).toEqual([...LOCALES]);
  });

  it('have exactly the English keys in every language', () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s uses the same placeholders as English in every message, and leaves none empty', (locale) => {
    for (const [key, english] of Object.entries(en)) {
      const message = CATALOGUES[locale][key as keyof typeof en];
      expect([key, placeholders(message).sort()]).toEqual([key, placeholders(english).sort()]);
      expect(message.trim()).not.toBe('');
    }
  });

  it('are translations, not copies of the English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const same = Object.entries(en).filter(([key, english]) => CATALOGUES[locale][key as keyof typeof en] === english).map(([key]) => key);
      // Words that are the same in both languages (Status, Hush's name) are fine; whole sentences are not.
      expect(same.filter((key) => en[key as keyof typeof en].includes(' '))).toEqual([]);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('sv', 'error.429.body', { seconds: 12 })).toBe('Vänta 12 sekunder och försök sedan igen.');
    expect(translate('nl', 'error.413.body')).toContain('{max}');
  });
});
