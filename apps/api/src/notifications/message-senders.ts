import { Provider } from '@nestjs/common';
import type { MessageSenders } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, MESSAGE_SENDERS } from '../composition/tokens';
import { WebhookSender } from './webhook.sender';

/** A sender for each kind of outbox message the configuration enables. */
export const messageSendersProvider: Provider = {
  provide: MESSAGE_SENDERS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): MessageSenders => ({
    ...(config.webhooks ? { webhook: new WebhookSender(config.webhooks.urls, config.webhooks.secret) } : {}),
  }),
};
