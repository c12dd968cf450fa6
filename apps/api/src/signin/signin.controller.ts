import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Optional, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EndSession, NotAuthorizedError, SignInWithToken } from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { SessionCookie } from '../http/auth/session-cookie';
import { requestOrigin } from '../http/request-origin';
import { SameOriginGuard } from '../http/same-origin.guard';
import { localNext, type SignInPage } from '../http/signin-page';
import { rateLimitClient } from '../rate-limit/client-address';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { SingleSignOn } from '../http/single-sign-on';
import { APP_CONFIG, SIGNIN_PAGE, SINGLE_SIGN_ON } from '../tokens';

interface TokenForm {
  readonly custid?: unknown;
  readonly token?: unknown;
  readonly next?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * ACCOUNTS.md §1–2: the sign-in page, sign-in with account name and API token, and sign-out. A session
 * starts with a new token every time (the browser's old one ends), and sign-out deletes its row.
 */
@ApiExcludeController()
@Controller()
export class SignInController {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly signInWithToken: SignInWithToken,
    private readonly endSession: EndSession,
    private readonly limiter: RateLimiter,
    @Inject(SIGNIN_PAGE) private readonly page: SignInPage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Bound only when OIDC_ISSUER_URL is set.
    @Optional() @Inject(SINGLE_SIGN_ON) private readonly sso: SingleSignOn | null = null,
  ) {
    this.cookie = new SessionCookie(config);
  }

  @Get('signin')
  show(@Query('next') next: unknown, @Req() request: Request, @Res() response: Response): void {
    this.page.show(request, response, { next: localNext(next) });
  }

  @Post('signin/token')
  @HttpCode(303)
  @UseGuards(SameOriginGuard)
  async withToken(@Body() form: TokenForm, @Req() request: Request, @Res() response: Response): Promise<void> {
    const next = localNext(form.next);
    const custid = text(form.custid).trim();
    if (!this.config.web.tokenSignIn) throw new NotFoundException();
    let token: string;
    try {
      ({ token } = await this.signInWithToken.execute({ custid, token: text(form.token), origin: requestOrigin(request), previousToken: this.cookie.read(request) }));
    } catch (error) {
      if (!(error instanceof NotAuthorizedError)) throw error;
      // The API's failed-authentication budget: past it, 429 instead of the page.
      await this.limiter.authenticationFailed(rateLimitClient(request.ip));
      this.page.show(request, response, { status: 401, next, message: 'token_refused', custid });
      return;
    }
    this.cookie.set(response, token);
    response.redirect(303, next);
  }

  @Post('signout')
  @HttpCode(303)
  @UseGuards(SameOriginGuard)
  async signOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    const token = this.cookie.read(request);
    if (token) await this.endSession.execute({ token, origin: requestOrigin(request) });
    this.cookie.clear(response);
    // With OIDC_SIGN_OUT_AT_PROVIDER=true, on to the provider's end-session endpoint, which sends the browser back to PUBLIC_URL.
    response.redirect(303, this.sso?.endSessionUrl() ?? '/');
  }
}
