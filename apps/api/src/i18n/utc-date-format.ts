import type { Locale } from './locales';

const formats = new Map<Locale, Intl.DateTimeFormat>();

/** Dates as every page and mail writes them: the server cannot know the reader's time zone, so UTC, and said so. */
export function utcDateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
    });
    formats.set(locale, format);
  }
  return format;
}
