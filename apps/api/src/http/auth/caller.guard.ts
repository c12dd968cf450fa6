import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { anonymousCaller, Caller, NotAuthorizedError } from '@hush/domain';
import type { Request } from 'express';

/**
 * Every v1 route: no Authorization header means the anonymous caller; a header that is present
 * must hold valid credentials, never falling back to anonymous (spec §2).
 */
@Injectable()
export class CallerGuard extends AuthGuard('basic') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    if (request.headers.authorization === undefined) {
      request.user = anonymousCaller;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser = Caller>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new NotAuthorizedError();
    return user;
  }
}
