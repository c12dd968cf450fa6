import { en, type Catalogue, type MessageKey } from './en';
import { nl } from './nl';
import { sv } from './sv';

export const CATALOGUES = { en, sv, nl } as const satisfies Record<string, Catalogue>;
export type Locale = keyof typeof CATALOGUES;
export const LOCALES = Object.keys(CATALOGUES) as Locale[];
export type { MessageKey };

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && Object.hasOwn(CATALOGUES, value);

/** The placeholders a message takes, `{name}`, in order of appearance. */
export const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);

/** `message` with its placeholders filled in, unknown ones left visible (the template escapes the result). */
export const fillPlaceholders = (message: string, params: Readonly<Record<string, string | number>> = {}): string =>
  message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export function translate(locale: Locale, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fillPlaceholders(CATALOGUES[locale][key], params);
}
