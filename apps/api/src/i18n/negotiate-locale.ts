import type { Request } from 'express';
import { isLocale, type Locale } from './locales';

/** `Accept-Language` ranges by preference (q-values), each reduced to its language (`sv-SE` → `sv`). */
function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { language: range.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ language, q }) => language !== '' && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ language }) => language);
}

/** PAGES.md §5: `?lang=`, then `Accept-Language`, then the configured default. */
export function negotiateLocale(request: Pick<Request, 'query' | 'headers'>, fallback: Locale): { locale: Locale; fromQuery: boolean } {
  const asked = request.query.lang;
  if (isLocale(asked)) return { locale: asked, fromQuery: true };
  const accepted = acceptedLanguages(request.headers['accept-language']).find(isLocale);
  return { locale: accepted ?? fallback, fromQuery: false };
}
