import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import type { SignInMessage, SignInPage, SignInPageState } from '../http/signin-page';
import type { SingleSignOn } from '../http/single-sign-on';
import type { MessageKey } from './i18n/catalogue';
import { PageContext } from './page-context';
import type { PageRenderer } from './page-renderer';

const MESSAGES: Record<SignInMessage, MessageKey> = {
  token_refused: 'signin.error.token_refused',
  sso_failed: 'signin.error.sso_failed',
  sso_refused: 'signin.error.sso_refused',
  sso_unavailable: 'signin.error.sso_unavailable',
};

/** The sign-in page (ACCOUNTS.md §1) in the pages' layout and languages, for the sign-in surface to show. */
export class PagesSignInPage implements SignInPage {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly config: Pick<AppConfig, 'web' | 'publicUrl' | 'brand'>,
    /** Single sign-on when it is configured: its button's label (the SSO form posts to /signin/sso), the issuer's origin, whether it is reachable. */
    private readonly sso: Pick<SingleSignOn, 'providerName' | 'issuerOrigin' | 'available'> | null = null,
  ) {}

  show(request: Request, response: Response, state: SignInPageState): void {
    const context = PageContext.of(request, this.config);
    const provider = this.sso?.providerName;
    // The provider not discovered yet (down at start-up): the page says so, 503, and keeps the button to try again.
    const unavailable = this.sso !== null && !this.sso.available;
    const message = state.message ?? (unavailable ? 'sso_unavailable' : undefined);
    this.renderer.send(response, context, 'signin', {
      status: state.status ?? (unavailable ? 503 : 200),
      // Chromium applies form-action to the redirect after the SSO form's post (ACCOUNTS.md §1's one exception).
      formActionOrigins: this.sso ? [this.sso.issuerOrigin] : [],
      title: 'signin.title',
      switchPath: '/signin',
      data: {
        next: state.next,
        custid: state.custid ?? '',
        message: message ? context.t(MESSAGES[message]) : undefined,
        tokenForm: this.config.web.tokenSignIn,
        sso: provider === undefined ? undefined : context.t('signin.sso', { provider }),
      },
    });
  }
}
