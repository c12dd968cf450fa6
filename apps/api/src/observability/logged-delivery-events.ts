import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { DeliveryEvents, DeliveryOutcome, OutboxMessage } from '@hush/domain';
import { Counter } from 'prom-client';
import { METRIC } from './metric-names';

/** Every delivery attempt counted by kind and outcome; failures logged with what went wrong (never an address or URL path). */
@Injectable()
export class LoggedDeliveryEvents implements DeliveryEvents {
  private readonly logger = new Logger('Outbox');

  constructor(@InjectMetric(METRIC.deliveries) private readonly deliveries: Counter<'kind' | 'outcome'>) {}

  attempted(message: OutboxMessage, outcome: DeliveryOutcome, reason?: string): void {
    this.deliveries.inc({ kind: message.kind, outcome });
    const what = `${message.kind} ${message.id} (${message.event}${message.destination ? ` to ${message.destination.split('#')[0]}` : ''}, attempt ${message.attempts})`;
    if (outcome === 'retried') this.logger.warn(`${what} failed, will retry: ${reason}`);
    else if (outcome === 'dead') this.logger.error(`${what} failed for good, kept as dead: ${reason}`);
    else this.logger.debug(`${what}: ${outcome}`);
  }
}
