import type { Request } from 'express';

/** The value of the request's cookie `name` when it matches `shape` (anything else counts as no cookie), or null. */
export function cookieValue(request: Pick<Request, 'headers'>, name: string, shape: RegExp): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
    return shape.test(value) ? value : null;
  }
  return null;
}
