import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { anonymousCaller, type Caller } from '@hush/domain';
import type { Request } from 'express';
import { rateLimitClient } from '../rate-limit/client-address';
import { type AnonymousLimit, RateLimiter } from '../rate-limit/rate-limiter';

/** Which budget an anonymous call of this route spends; without it, anonymous calls are not counted. */
export const AnonymousRateLimit = Reflector.createDecorator<AnonymousLimit>();

/** Runs after CallerGuard: an account's call counts against the account, an anonymous one against its client. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    const caller = request.user ?? anonymousCaller;
    if (caller.kind === 'account') {
      await this.limiter.admitAccount(caller.custid);
    } else {
      const limit = this.reflector.get(AnonymousRateLimit, context.getHandler());
      if (limit) await this.limiter.admitAnonymous(limit, rateLimitClient(request.ip));
    }
    return true;
  }
}
