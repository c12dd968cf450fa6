import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Caller } from '@hush/domain';
import type { Request } from 'express';
import { defer, finalize, mergeMap, type Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../composition/tokens';
import { rateLimitClient } from '../../rate-limit/client-address';
import { RateLimitedError } from '../../rate-limit/rate-limited.error';
import { KeyedSemaphore } from './keyed-semaphore';

/** What the caller guard leaves on a request: who is calling. */
type IdentifiedRequest = Request & { user?: Caller };

/** One account, whatever its addresses; an anonymous client by its address (an IPv6 one by its /64), as the rate limits count. */
function callerKey(caller: Caller, address: string | undefined): string {
  return caller.kind === 'account' ? `account:${caller.custid}` : `address:${rateLimitClient(address)}`;
}

/**
 * Each caller's share of the database pool (issue 11 §3): at most `perCaller.concurrent` of its requests
 * run at once, the next `perCaller.queued` wait here holding no connection, and the rest are answered 429,
 * so that one caller's slow calls always leave connections for everyone else. Per process, as the pool is;
 * registered only when the limit is on (CONCURRENT_REQUESTS_PER_CALLER > 0).
 */
@Injectable()
export class CallerConcurrencyInterceptor implements NestInterceptor {
  private readonly slots: KeyedSemaphore;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'perCaller'>) {
    this.slots = new KeyedSemaphore(config.perCaller.concurrent, config.perCaller.queued);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdentifiedRequest>();
    const slots = this.slots;
    // Routes without a caller (health, metrics) are not the callers' to share.
    if (request.user === undefined) return next.handle();
    return defer(() => slots.acquire(callerKey(request.user as Caller, request.ip))).pipe(
      mergeMap((release) => {
        if (release === null) throw new RateLimitedError(1);
        return next.handle().pipe(finalize(release));
      }),
    );
  }
}
