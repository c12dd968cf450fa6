import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { cookieValue } from '../cookies';

/**
 * The browser session's cookie (ACCOUNTS.md §2): `__Host-hush_session` when PUBLIC_URL is https (the prefix
 * makes the browser insist on Secure, Path=/ and no Domain), else `hush_session`; HttpOnly, SameSite=Lax.
 * The shared base, so that the pages resolve their caller from it and sign-in sets it.
 */
export class SessionCookie {
  readonly name: string;
  private readonly options: CookieOptions;

  constructor(config: Pick<AppConfig, 'publicUrl'>) {
    const secure = config.publicUrl.startsWith('https:');
    this.name = secure ? '__Host-hush_session' : 'hush_session';
    this.options = { httpOnly: true, path: '/', sameSite: 'lax', secure };
  }

  /** The token the request's cookie holds, or null. */
  read(request: Pick<Request, 'headers'>): string | null {
    return cookieValue(request, this.name, /^[A-Za-z0-9_-]{1,128}$/);
  }

  /** A session cookie (no Max-Age): the server ends the session; the browser forgets it when it closes. */
  set(response: Response, token: string): void {
    response.cookie(this.name, token, this.options);
  }

  clear(response: Response): void {
    response.clearCookie(this.name, this.options);
  }
}
