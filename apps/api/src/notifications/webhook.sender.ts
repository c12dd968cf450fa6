import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DeliveryAttempt, MessageSender, OutboxMessage } from '@hush/domain';
import { webhookDestination } from './webhook-destination';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Idle connections are closed before a receiver's own keep-alive timeout (Node's default is 5 s) could close them under a request. */
const IDLE_CONNECTION_MS = 4_000;

/** Standard Webhooks 1.0: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the `whsec_` secret's key. */
const signature = (key: Buffer, id: string, timestamp: number, body: string): string =>
  `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

class WebhookTimeout extends Error {}

/**
 * POSTs an event's body, signed as Standard Webhooks 1.0 do; the same webhook-id on every attempt. Node's own
 * HTTP client on kept-alive connections: a delivery is a few syscalls, not a fetch's streams and promises.
 */
export class WebhookSender implements MessageSender {
  private readonly urls: ReadonlyMap<string, URL>;
  private readonly key: Buffer;
  private readonly httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });

  constructor(
    urls: readonly string[],
    secret: string,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {
    this.urls = new Map(urls.map((url) => [webhookDestination(url), new URL(url)]));
    this.key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  }

  async send(message: OutboxMessage): Promise<DeliveryAttempt> {
    const url = this.urls.get(message.destination ?? '');
    if (url === undefined) return { ok: false, permanent: true, reason: 'the destination is no longer in WEBHOOK_URL' };
    const id = `msg_${message.eventId}`;
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const status = await this.post(url, message.payload, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(message.payload)),
        'user-agent': 'Hush-Webhooks/1.0',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(this.key, id, timestamp, message.payload),
      });
      if (status >= 200 && status < 300) return { ok: true };
      return { ok: false, permanent: false, reason: `HTTP ${status}` };
    } catch (error) {
      return { ok: false, permanent: false, reason: describeFailure(error) };
    }
  }

  /** The answer's status once its headers arrive: its body is not needed, and a slow or endless one must not hold the delivery. */
  private post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const https = url.protocol === 'https:';
      const request: ClientRequest = (https ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: https ? this.httpsAgent : this.httpAgent });
      const deadline = setTimeout(() => request.destroy(new WebhookTimeout()), this.timeoutMs);
      request.once('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      request.once('response', (response) => {
        resolve(response.statusCode ?? 0);
        response.once('close', () => clearTimeout(deadline));
        response.resume();
      });
      request.end(body);
    });
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof WebhookTimeout) return 'timed out';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `connection failed: ${code}` : 'connection failed';
}
