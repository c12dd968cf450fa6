import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../tokens';
import { inCallerSlot } from './caller-slots';
import { KeyedSemaphore } from './keyed-semaphore';

/**
 * Each caller's share of the database pool: at most `perCaller.concurrent` of its requests
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
    return inCallerSlot(this.slots, context, next);
  }
}
