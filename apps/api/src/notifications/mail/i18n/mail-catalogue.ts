import { fillPlaceholders, type Locale } from '../../../i18n/locales';
import { en, type MailCatalogue, type MailMessageKey } from './en';
import { nl } from './nl';
import { sv } from './sv';

/** One mail catalogue per page language: a language the pages gain without its mail texts fails the build. */
export const MAIL_CATALOGUES: Readonly<Record<Locale, MailCatalogue>> = { en, sv, nl };
export type { MailCatalogue, MailMessageKey };

export const translateMail = (locale: Locale, key: MailMessageKey, params?: Readonly<Record<string, string | number>>): string =>
  fillPlaceholders(MAIL_CATALOGUES[locale][key], params);
