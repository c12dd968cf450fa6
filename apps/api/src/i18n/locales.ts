/** The languages Hush speaks, in the order the pages list them; the pages' and the mails' catalogues and the configuration follow this list. */
export const LOCALES = ['en', 'sv', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The placeholders a message takes, `{name}`, in order of appearance. */
export const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);

/** `message` with its placeholders filled in, unknown ones left visible (the template escapes the result). */
export const fillPlaceholders = (message: string, params: Readonly<Record<string, string | number>> = {}): string =>
  message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
