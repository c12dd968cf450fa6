import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { cookieValue } from '../../http/cookies';
import { TRANSACTION_TTL_MS } from './oidc-client';

/**
 * The sign-in transaction cookie (ACCOUNTS.md §2): the sealed state, nonce, PKCE verifier and `next`, for ten
 * minutes, only on /signin (the callback is the one reader). SameSite=Lax, so the provider's top-level redirect
 * brings it back. On https it is `__Secure-hush_signin`: the `__Host-` prefix would demand Path=/, and a narrow
 * path matters more here; the `__Secure-` prefix still makes the browser insist on Secure.
 */
export class TransactionCookie {
  readonly name: string;
  private readonly options: CookieOptions;

  constructor(config: Pick<AppConfig, 'publicUrl'>) {
    const secure = config.publicUrl.startsWith('https:');
    this.name = secure ? '__Secure-hush_signin' : 'hush_signin';
    this.options = { httpOnly: true, path: '/signin', sameSite: 'lax', secure };
  }

  read(request: Pick<Request, 'headers'>): string | null {
    return cookieValue(request, this.name, /^[A-Za-z0-9_.-]{1,4096}$/);
  }

  set(response: Response, sealed: string): void {
    response.cookie(this.name, sealed, { ...this.options, maxAge: TRANSACTION_TTL_MS });
  }

  clear(response: Response): void {
    response.clearCookie(this.name, this.options);
  }
}
