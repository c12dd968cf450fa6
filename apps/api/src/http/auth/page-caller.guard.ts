import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type Caller, ResumeSession } from '@hush/domain';
import type { Request } from 'express';
import type { AppConfig } from '../../config/app-config';
import { RateLimiter } from '../../rate-limit/rate-limiter';
import { APP_CONFIG } from '../../tokens';
import { CallerGuard } from './caller.guard';
import { SessionCookie } from './session-cookie';

/** The account a page request's session cookie stands for (set by PageCallerGuard), for the page's header. */
export interface SignedIn {
  readonly custid: string;
}

type PageRequest = Request & { user?: Caller; signedIn?: SignedIn };

export function signedInOf(request: Request): SignedIn | undefined {
  return (request as PageRequest).signedIn;
}

/**
 * The pages' caller (ACCOUNTS.md §1–2): the browser session's account first, then Basic as on the API
 * (scripts keep working), then anonymous. The v1 API keeps CallerGuard: Basic only.
 */
@Injectable()
export class PageCallerGuard extends CallerGuard {
  private readonly cookie: SessionCookie;

  constructor(
    limiter: RateLimiter,
    private readonly resumeSession: ResumeSession,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(limiter);
    this.cookie = new SessionCookie(config);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const token = this.cookie.read(request);
    const session = token ? await this.resumeSession.execute({ token }) : null;
    if (session) {
      request.user = session.caller;
      request.signedIn = { custid: session.custid };
      return true;
    }
    return super.canActivate(context);
  }
}
