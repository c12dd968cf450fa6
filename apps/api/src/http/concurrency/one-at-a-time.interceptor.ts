import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../tokens';
import { inCallerSlot } from './caller-slots';
import { KeyedSemaphore } from './keyed-semaphore';

/**
 * One call of the route per caller at a time in this process, the next `perCaller.queued` waiting in turn,
 * for a route whose work holds the event loop (GET /private/recent), so that one caller's
 * parallel calls cannot crowd out everyone else's, whatever CONCURRENT_REQUESTS_PER_CALLER says.
 */
@Injectable()
export class OneAtATimeInterceptor implements NestInterceptor {
  private readonly turns: KeyedSemaphore;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'perCaller'>) {
    this.turns = new KeyedSemaphore(1, config.perCaller.queued);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return inCallerSlot(this.turns, context, next);
  }
}
