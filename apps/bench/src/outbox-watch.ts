import { Client } from 'pg';
import type { WebhookDeliveries } from './webhook-receiver.server';

export interface OutboxSnapshot {
  /** Audit rows so far: one per event, and each event writes one webhook message. */
  readonly events: number;
  /** Messages not yet delivered (nor given up). */
  readonly pending: number;
  /** Messages given up on. */
  readonly dead: number;
  /** Distinct events the receiver has got, over the whole bench. */
  readonly delivered: number;
}

export async function receiverDeliveries(receiverUrl: string): Promise<WebhookDeliveries> {
  return (await (await fetch(`${receiverUrl}/deliveries`)).json()) as WebhookDeliveries;
}

/** Watches a server's audit trail and outbox from outside, through its database and the webhook receiver. */
export class OutboxWatch {
  private constructor(
    private readonly client: Client,
    private readonly receiverUrl: string,
  ) {}

  static async open(databaseUrl: string, receiverUrl: string): Promise<OutboxWatch> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new OutboxWatch(client, receiverUrl);
  }

  async snapshot(): Promise<OutboxSnapshot> {
    const { rows } = await this.client.query<{ events: number; pending: number; dead: number }>(
      `SELECT (SELECT count(*)::int FROM hush_audit) AS events,
        count(*) FILTER (WHERE dead_at IS NULL)::int AS pending, count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead FROM hush_outbox`,
    );
    const [row] = rows;
    if (!row) throw new Error('no outbox figures');
    return { ...row, delivered: (await receiverDeliveries(this.receiverUrl)).unique };
  }

  /** Waits until no message is pending, `limitMs` at most; resolves with the seconds it took and how many are left. */
  async drain(limitMs: number): Promise<{ seconds: number; pending: number }> {
    const start = performance.now();
    for (;;) {
      // Only the pending count while waiting: counting the audit trail often would take the worker's database time.
      const { rows } = await this.client.query<{ pending: number }>('SELECT count(*)::int AS pending FROM hush_outbox WHERE dead_at IS NULL');
      const pending = rows[0]?.pending ?? Number.NaN;
      if (pending === 0 || performance.now() - start > limitMs) return { seconds: (performance.now() - start) / 1000, pending };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
