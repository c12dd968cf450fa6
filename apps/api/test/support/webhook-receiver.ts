import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { sleep } from './timing';

/** A signing secret for the tests: `whsec_` and base64 of 32 bytes. */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

export interface WebhookCall {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  readonly status: number;
  readonly at: number;
  /** Set once the answer is sent (never, for a call left hanging). */
  answered: boolean;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request, whatever it was answered. */
  readonly calls: WebhookCall[];
  /** Requests answered 2xx so far, in arrival order. */
  readonly delivered: WebhookCall[];
  /** How to answer from now on: a status, or 'hang' (never answer); after `delayMs`. */
  answer(reply: number | 'hang', delayMs?: number): void;
  /** Requests that arrived while another with the same webhook-id was still being answered. */
  readonly overlaps: number;
  waitFor(done: (receiver: WebhookReceiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server in the test process, standing in for a customer's webhook endpoint. */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  let mode: number | 'hang' = 204;
  let delay = 0;
  let overlaps = 0;
  const answering = new Map<string, number>();
  const calls: WebhookCall[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const header = (name: string) => String(request.headers[name] ?? '');
      const status = mode === 'hang' ? 0 : mode;
      const call: WebhookCall = {
        id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature'),
        body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now(), answered: false,
      };
      calls.push(call);
      if (mode === 'hang') {
        hanging.add(response);
        return;
      }
      const id = header('webhook-id');
      if ((answering.get(id) ?? 0) > 0) overlaps++;
      answering.set(id, (answering.get(id) ?? 0) + 1);
      setTimeout(() => {
        answering.set(id, (answering.get(id) ?? 1) - 1);
        response.writeHead(status).end();
        call.answered = true;
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hush?token=receiver-path-token`,
    calls,
    get delivered() {
      return calls.filter((call) => call.answered && call.status >= 200 && call.status < 300);
    },
    answer(reply, delayMs = 0) {
      mode = reply;
      delay = delayMs;
    },
    get overlaps() {
      return overlaps;
    },
    async waitFor(done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(receiver)) {
        if (Date.now() > deadline) throw new Error(`webhook receiver: gave up waiting after ${timeoutMs} ms (${calls.length} calls)`);
        await sleep(25);
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** Checks a call's signature twice: with the reference library, and by the Standard Webhooks formula itself. */
export function verifiesSignature(call: WebhookCall, secret = TEST_WEBHOOK_SECRET): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${call.id}.${call.timestamp}.${call.body}`).digest('base64');
  const byFormula = call.signature.split(' ').includes(`v1,${expected}`);
  let byLibrary = true;
  try {
    new Webhook(secret).verify(call.body, { 'webhook-id': call.id, 'webhook-timestamp': call.timestamp, 'webhook-signature': call.signature });
  } catch {
    byLibrary = false;
  }
  return byFormula && byLibrary;
}
