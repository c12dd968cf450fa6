import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Caller } from '@hush/domain';
import type { Request } from 'express';
import { defer, finalize, mergeMap, type Observable } from 'rxjs';
import { rateLimitClient } from '../../rate-limit/client-address';
import { RateLimitedError } from '../../rate-limit/rate-limited.error';
import type { KeyedSemaphore } from './keyed-semaphore';

/** What the caller guard leaves on a request: who is calling. */
type IdentifiedRequest = Request & { user?: Caller };

/** One account, whatever its addresses; an anonymous client by its address (an IPv6 one by its /64), as the rate limits count. */
function callerKey(caller: Caller, address: string | undefined): string {
  return caller.kind === 'account' ? `account:${caller.custid}` : `address:${rateLimitClient(address)}`;
}

/** Runs the handler holding one of the caller's slots, waiting in turn for it; 429 when the caller's queue is full. */
export function inCallerSlot(slots: KeyedSemaphore, context: ExecutionContext, next: CallHandler): Observable<unknown> {
  const request = context.switchToHttp().getRequest<IdentifiedRequest>();
  // Routes without a caller (health, metrics) are not the callers' to share.
  if (request.user === undefined) return next.handle();
  return defer(() => slots.acquire(callerKey(request.user as Caller, request.ip))).pipe(
    mergeMap((release) => {
      if (release === null) throw new RateLimitedError(1);
      return next.handle().pipe(finalize(release));
    }),
  );
}
