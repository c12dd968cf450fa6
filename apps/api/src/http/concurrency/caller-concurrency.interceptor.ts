import { CallHandler, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Caller } from '@hush/domain';
import type { Request, Response } from 'express';
import { defer, finalize, mergeMap, type Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../composition/tokens';
import { KeyedSemaphore } from './keyed-semaphore';

/** What the caller guard leaves on a request: who is calling. */
type IdentifiedRequest = Request & { user?: Caller };

/** One account, whatever its addresses; an anonymous client by its address. */
function callerKey(caller: Caller, address: string | undefined): string {
  return caller.kind === 'account' ? `account:${caller.custid}` : `address:${address ?? ''}`;
}

/**
 * Each caller's share of the database pool (issue 11 §3): at most `perCaller.concurrent` of its requests
 * run at once, the next `perCaller.queued` wait here holding no connection, and the rest are answered 429,
 * so that one caller's slow calls always leave connections for everyone else. Per process, as the pool is.
 */
@Injectable()
export class CallerConcurrencyInterceptor implements NestInterceptor {
  private readonly slots: KeyedSemaphore | null;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'perCaller'>) {
    const { concurrent, queued } = config.perCaller;
    this.slots = concurrent > 0 ? new KeyedSemaphore(concurrent, queued) : null;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<IdentifiedRequest>();
    const slots = this.slots;
    // Routes without a caller (health, metrics) are not the callers' to share.
    if (slots === null || request.user === undefined) return next.handle();
    return defer(() => slots.acquire(callerKey(request.user as Caller, request.ip))).pipe(
      mergeMap((release) => {
        if (release === null) {
          http.getResponse<Response>().setHeader('Retry-After', '1');
          throw new HttpException('Too many concurrent requests from one caller', HttpStatus.TOO_MANY_REQUESTS);
        }
        return next.handle().pipe(finalize(release));
      }),
    );
  }
}
