import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AccountDisabledError, SignInNotAllowedError, SignInWithIdentity, StartSession } from '@hush/domain';
import type { Request, Response } from 'express';
import { SessionCookie } from '../../http/auth/session-cookie';
import { requestOrigin } from '../../http/request-origin';
import { SameOriginGuard } from '../../http/same-origin.guard';
import { localNext, type SignInPage } from '../../http/signin-page';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG, SIGNIN_PAGE } from '../../tokens';
import { OidcClient, SignInFlowError, SignInUnavailableError } from './oidc-client';
import { TransactionCookie } from './transaction-cookie';

interface SsoForm {
  readonly next?: unknown;
}

/**
 * ACCOUNTS.md §1: `POST /signin/sso` starts the authorization-code flow (a POST under the same-origin rule, so no
 * other site can start a sign-in in someone's name), `GET /signin/callback` ends it: state, code exchange, ID
 * token, who may enter (§3), a new session. A failure shows the sign-in page again (400, 403, or 503 while the
 * provider cannot be reached), starts no session and deletes the transaction.
 */
@ApiExcludeController()
@Controller('signin')
export class OidcController {
  private readonly logger = new Logger('SingleSignOn');
  private readonly sessions: SessionCookie;

  constructor(
    private readonly oidc: OidcClient,
    private readonly transactions: TransactionCookie,
    private readonly signInWithIdentity: SignInWithIdentity,
    private readonly startSession: StartSession,
    @Inject(SIGNIN_PAGE) private readonly page: SignInPage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sessions = new SessionCookie(config);
  }

  @Post('sso')
  @HttpCode(303)
  @UseGuards(SameOriginGuard)
  async begin(@Body() form: SsoForm | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    const next = localNext(form?.next);
    try {
      const { url, transaction } = await this.oidc.begin(next);
      this.transactions.set(response, transaction);
      response.redirect(303, url);
    } catch (error) {
      if (!(error instanceof SignInUnavailableError)) throw error;
      this.page.show(request, response, { status: 503, next, message: 'sso_unavailable' });
    }
  }

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const sealed = this.transactions.read(request);
    // Whatever happens next, the transaction is spent.
    this.transactions.clear(response);
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?') + 1) : '';
    let next = localNext(this.oidc.nextOf(sealed));
    try {
      const completed = await this.oidc.complete(query, sealed);
      next = localNext(completed.next);
      const origin = requestOrigin(request);
      const { custid } = await this.signInWithIdentity.execute({ claims: completed.claims, origin });
      const session = await this.startSession.execute({ custid, method: 'sso', origin, previousToken: this.sessions.read(request) });
      this.sessions.set(response, session.token);
      response.redirect(303, next);
    } catch (error) {
      if (error instanceof SignInFlowError) {
        this.logger.warn(`Single sign-on callback refused: ${error.reason}`);
        this.page.show(request, response, { status: 400, next, message: 'sso_failed' });
      } else if (error instanceof SignInNotAllowedError || error instanceof AccountDisabledError) {
        // The audit trail has the reason (SignInWithIdentity records it); the person gets one message.
        this.page.show(request, response, { status: 403, next, message: 'sso_refused' });
      } else if (error instanceof SignInUnavailableError) {
        this.page.show(request, response, { status: 503, next, message: 'sso_unavailable' });
      } else {
        throw error;
      }
    }
  }
}
