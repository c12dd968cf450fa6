import type { Request, Response } from 'express';

/** Why the sign-in page is shown again (ACCOUNTS.md §1); each has its text in the pages' catalogues. */
export type SignInMessage = 'token_refused' | 'sso_failed' | 'sso_refused' | 'sso_unavailable';

export interface SignInPageState {
  /** 200, or the failure's status (401 for a refused token, 400/403 for SSO, 503 when the provider is down). */
  readonly status?: number;
  /** Where to go after signing in: a local path (see localNext). */
  readonly next: string;
  readonly message?: SignInMessage;
  /** The account name typed, kept in the token form after a refusal. */
  readonly custid?: string;
}

/**
 * The sign-in page as the sign-in surface shows it: drawn by the pages (their layout, catalogues and
 * headers), bound under SIGNIN_PAGE (tokens.ts), so that neither surface imports the other.
 */
export interface SignInPage {
  show(request: Request, response: Response, state: SignInPageState): void;
}

/** Where a sign-in with no (usable) `next` goes. */
export const SIGNIN_DEFAULT_NEXT = '/account';

/**
 * `?next=` as a path on this site, or the default: only a single leading `/` followed by something that is
 * not `/` or `\` (so never `//host` or `/\host`, which browsers read as another host), no control characters,
 * no scheme. What a browser would do with tabs, line breaks and `\` is done first, as sitePath does.
 */
export function localNext(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return SIGNIN_DEFAULT_NEXT;
  const cleaned = value.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
  if (!/^\/(?![/])/.test(cleaned) || /\p{Cc}/u.test(cleaned)) return SIGNIN_DEFAULT_NEXT;
  return cleaned;
}
