import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** What the receiver has got so far (`GET /deliveries`). */
export interface WebhookDeliveries {
  /** POSTs received, redeliveries included. */
  readonly received: number;
  /** Distinct `webhook-id`s: the events delivered. */
  readonly unique: number;
  /** POSTs whose Standard Webhooks signature did not verify against WEBHOOK_SECRET. */
  readonly badSignatures: number;
  /** Distinct events by their body's `type`. */
  readonly byType: Readonly<Record<string, number>>;
}

const key = Buffer.from((process.env.WEBHOOK_SECRET ?? '').replace(/^whsec_/, ''), 'base64');

/** Standard Webhooks 1.0: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`; the header may list several. */
function signed(id: string, timestamp: string, body: string, header: string): boolean {
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((entry) => {
    const given = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
    return entry.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let received = 0;
let badSignatures = 0;
const ids = new Set<string>();
const byType: Record<string, number> = {};

createServer((request, response) => {
  if (request.method !== 'POST') {
    const deliveries: WebhookDeliveries = { received, unique: ids.size, badSignatures, byType };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(deliveries));
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    response.writeHead(204).end();
    received += 1;
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(request.headers['webhook-id'] ?? '');
    if (!signed(id, String(request.headers['webhook-timestamp'] ?? ''), body, String(request.headers['webhook-signature'] ?? ''))) {
      badSignatures += 1;
      return;
    }
    if (ids.has(id)) return;
    ids.add(id);
    const type = (JSON.parse(body) as { type?: string }).type ?? 'unknown';
    byType[type] = (byType[type] ?? 0) + 1;
  });
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
