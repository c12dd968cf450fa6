import type { DeliveryAttempt, MessageSender, OutboxMessage } from '@hush/domain';
import { Webhook } from 'standardwebhooks';
import { webhookDestination } from './webhook-destination';

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs an event's body, signed as Standard Webhooks 1.0 do; the same webhook-id on every attempt. */
export class WebhookSender implements MessageSender {
  private readonly urls: ReadonlyMap<string, string>;
  private readonly signer: Webhook;

  constructor(
    urls: readonly string[],
    secret: string,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {
    this.urls = new Map(urls.map((url) => [webhookDestination(url), url]));
    this.signer = new Webhook(secret);
  }

  async send(message: OutboxMessage): Promise<DeliveryAttempt> {
    const url = this.urls.get(message.destination ?? '');
    if (url === undefined) return { ok: false, permanent: true, reason: 'the destination is no longer in WEBHOOK_URL' };
    const id = `msg_${message.eventId}`;
    const sentAt = new Date();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Hush-Webhooks/1.0',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(id, sentAt, message.payload),
        },
        body: message.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The answer's body is not needed: a slow or endless one must not hold the delivery.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true };
      return { ok: false, permanent: false, reason: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, permanent: false, reason: describeFetchFailure(error) };
    }
  }
}

function describeFetchFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `connection failed: ${cause.code}` : 'connection failed';
}
