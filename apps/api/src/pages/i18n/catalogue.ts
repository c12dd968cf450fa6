import { fillPlaceholders, type Locale } from '../../i18n/locales';
import { en, type Catalogue, type MessageKey } from './en';
import { nl } from './nl';
import { sv } from './sv';

/** The pages' texts in every language of LOCALES (src/i18n/locales.ts). */
export const CATALOGUES = { en, sv, nl } as const satisfies Record<Locale, Catalogue>;
export type { MessageKey };

export function translate(locale: Locale, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fillPlaceholders(CATALOGUES[locale][key], params);
}
