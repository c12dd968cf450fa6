/** Just enough HTML reading for the page tests: entity decoding and the values of named elements. */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|#39|apos);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? whole;
  });
}

/** A textarea's value as a browser parses it: one leading line feed after the start tag is dropped. */
export function textareaValue(html: string, id: string): string | undefined {
  const match = new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (!match) return undefined;
  return decodeEntities((match[1] ?? '').replace(/^\n/, ''));
}

export function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /\bvalue="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decodeEntities(value);
}

/** What must never be in a page under a CSP without 'unsafe-inline': inline scripts, styles and handlers. */
export function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (!/\bsrc="/.test(match[1] ?? '') || (match[2] ?? '').trim() !== '') found.push(match[0]);
  }
  for (const match of html.matchAll(/<style\b|\sstyle="|\son[a-z]+="|javascript:/gi)) found.push(match[0]);
  return found;
}

export const title = (html: string): string => decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
export const heading = (html: string): string => decodeEntities(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
