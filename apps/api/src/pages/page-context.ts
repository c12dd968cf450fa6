import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { fillPlaceholders, LOCALES, type Locale } from '../i18n/locales';
import { CATALOGUES, translate, type MessageKey } from './i18n/catalogue';
import { escapeKeepingBytes } from './page-renderer';
import { utcDateFormat } from '../i18n/utc-date-format';
import { negotiateLocale } from '../i18n/negotiate-locale';

const UNITS: ReadonlyArray<readonly [Intl.NumberFormatOptions['unit'], number]> = [
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * A path on this site, whatever a request asked for: tabs and line breaks dropped and `\` read
 * as `/`, as browsers do, and runs of slashes made one, so that no link built from it can name another host.
 */
export function sitePath(path: string): string {
  return `/${path.replace(/[\t\n\r]/g, '').replace(/\\/g, '/')}`.replace(/\/{2,}/g, '/');
}

/** What every page of one request knows: its language, and how to write links, dates and durations in it. */
export class PageContext {
  private constructor(
    readonly locale: Locale,
    /** Whether the language came from `?lang=`, and so is kept in links and forms. */
    private readonly keepLanguage: boolean,
    readonly publicUrl: string,
    /** BRAND_NAME: `{brand}` in every message (PAGES.md §7). */
    readonly brand: string,
  ) {}

  static of(request: Pick<Request, 'query' | 'headers'>, config: Pick<AppConfig, 'web' | 'publicUrl' | 'brand'>): PageContext {
    const { locale, fromQuery } = negotiateLocale(request, config.web.defaultLocale);
    return new PageContext(locale, fromQuery, config.publicUrl, config.brand.name);
  }

  t = (key: MessageKey, params?: Readonly<Record<string, string | number>>): string => translate(this.locale, key, { brand: this.brand, ...params });

  /** A path on this site, keeping `?lang=` when the visitor chose the language that way. */
  href = (path: string): string => (this.keepLanguage ? `${sitePath(path)}?lang=${this.locale}` : sitePath(path));

  /** An absolute link for someone else to open (from PUBLIC_URL, never from the request's Host). */
  publicLink = (path: string): string => `${this.publicUrl}${sitePath(path)}`;

  date = (date: Date): string => utcDateFormat(this.locale).format(date);

  /** A moment as HTML: UTC in the text and in `datetime`; where it runs, the page's script shows it in the reader's zone and clock. */
  time = (date: Date): string => `<time datetime="${date.toISOString()}">${escapeKeepingBytes(this.date(date))}</time>`;

  /** A message as HTML: its text escaped, its placeholders filled with HTML that is already safe (a `time`, say). */
  html = (key: MessageKey, params: Readonly<Record<string, string | number>>): string =>
    fillPlaceholders(escapeKeepingBytes(CATALOGUES[this.locale][key]), { brand: escapeKeepingBytes(this.brand), ...params });

  /** "7 days", "1 hour": the largest whole unit. */
  duration = (seconds: number): string => {
    const [unit, size] = UNITS.find(([, unitSeconds]) => seconds % unitSeconds === 0 && seconds >= unitSeconds) ?? ['second', 1];
    return new Intl.NumberFormat(this.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(seconds / size);
  };

  /** The switcher: the same page (as a GET of `path`, which may be the request's own) in each language, on PUBLIC_URL. */
  languages(path: string): Array<{ locale: Locale; name: string; href: string; current: boolean }> {
    const page = this.publicLink(path);
    return LOCALES.map((locale) => ({ locale, name: CATALOGUES[locale]['language.name'], href: `${page}?lang=${locale}`, current: locale === this.locale }));
  }
}
