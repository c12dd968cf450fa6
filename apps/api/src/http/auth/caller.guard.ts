import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { anonymousCaller, Caller, NotAuthorizedError } from '@hush/domain';
import type { Request } from 'express';
import { rateLimitClient } from '../../rate-limit/client-address';
import { RateLimiter } from '../../rate-limit/rate-limiter';

/**
 * Every v1 route: no Authorization header means the anonymous caller; a header that is present
 * must hold valid credentials, never falling back to anonymous (spec §2). A failure counts against
 * the client's failed-authentication budget, and past it answers as rate limited.
 */
@Injectable()
export class CallerGuard extends AuthGuard('basic') {
  constructor(private readonly limiter: RateLimiter) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    if (request.headers.authorization === undefined) {
      request.user = anonymousCaller;
      return true;
    }
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof NotAuthorizedError) await this.limiter.authenticationFailed(rateLimitClient(request.ip));
      throw error;
    }
  }

  override handleRequest<TUser = Caller>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new NotAuthorizedError();
    return user;
  }
}
