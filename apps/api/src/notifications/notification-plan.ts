import type { NotificationPlan } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { webhookDestination } from './webhook-destination';

/** Which outbox messages each change writes, from the configuration. */
export function notificationPlan(config: Pick<AppConfig, 'webhooks' | 'mail' | 'outbox'>): NotificationPlan {
  return {
    webhooks: (config.webhooks?.urls ?? []).map(webhookDestination),
    notices: config.mail !== null,
    horizonMs: config.outbox.retryHorizonMs,
  };
}
