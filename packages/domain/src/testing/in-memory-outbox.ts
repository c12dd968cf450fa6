import { Clock, Outbox, OutboxBacklog, OutboxEntry, OutboxMessage } from '../ports';

interface Stored {
  message: OutboxMessage;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  deadAt: Date | null;
}

/** The outbox in a Map, under the same leasing and ordering rules as the SQL one; `enqueue` stands in for a write's ChangeRecord. */
export class InMemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Stored>();
  private nextId = 1;
  private nextToken = 1;

  constructor(private readonly clock: Clock) {}

  enqueue(message: Omit<OutboxMessage, 'id' | 'attempts' | 'leaseToken' | 'createdAt' | 'retryUntil'> & { retryUntil?: Date }): string {
    const id = String(this.nextId++);
    const now = this.clock.now();
    const retryUntil = message.retryUntil ?? new Date(now.getTime() + 25 * 3600_000);
    this.rows.set(id, { message: { ...message, id, attempts: 0, leaseToken: '', createdAt: now, retryUntil }, nextAttemptAt: now, leaseUntil: null, lastError: null, deadAt: null });
    return id;
  }

  /** What is left: pending and dead entries. */
  get entries(): OutboxEntry[] {
    return [...this.rows.values()].map(toEntry);
  }

  async claim(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const stream = (row: Stored) => `${row.message.kind}|${row.message.destination}|${row.message.secretRef}`;
    const blocked = new Set<string>();
    const claimed: OutboxMessage[] = [];
    for (const row of this.rows.values()) {
      if (row.deadAt) continue;
      const key = stream(row);
      const free = !blocked.has(key) && row.nextAttemptAt <= now && (row.leaseUntil === null || row.leaseUntil <= now);
      blocked.add(key);
      if (!free || claimed.length >= limit) continue;
      row.leaseUntil = new Date(now.getTime() + leaseMs);
      row.message = { ...row.message, attempts: row.message.attempts + 1, leaseToken: String(this.nextToken++) };
      claimed.push(row.message);
    }
    return claimed;
  }

  async complete(message: OutboxMessage): Promise<boolean> {
    if (!this.holds(message)) return false;
    this.rows.delete(message.id);
    return true;
  }

  async fail(message: OutboxMessage, error: string, delayMs: number | null): Promise<boolean> {
    const row = this.rows.get(message.id);
    if (!row || !this.holds(message)) return false;
    const now = this.clock.now();
    Object.assign(row, { leaseUntil: null, lastError: error, nextAttemptAt: new Date(now.getTime() + (delayMs ?? 0)), deadAt: delayMs === null ? now : null });
    return true;
  }

  async list(query: { dead?: boolean; limit: number }): Promise<OutboxEntry[]> {
    return this.entries.filter((entry) => query.dead === undefined || (entry.deadAt !== null) === query.dead).slice(0, query.limit);
  }

  async retry(ids: readonly string[] | 'all-dead', horizonMs: number): Promise<number> {
    const now = this.clock.now();
    let count = 0;
    for (const row of this.rows.values()) {
      if (!row.deadAt || (ids !== 'all-dead' && !ids.includes(row.message.id))) continue;
      Object.assign(row, { deadAt: null, nextAttemptAt: now });
      row.message = { ...row.message, retryUntil: new Date(now.getTime() + horizonMs) };
      count++;
    }
    return count;
  }

  async backlog(): Promise<OutboxBacklog> {
    const pending = [...this.rows.values()].filter((row) => !row.deadAt);
    const oldest = pending.reduce<Date | null>((min, row) => (min === null || row.message.createdAt < min ? row.message.createdAt : min), null);
    return { pending: pending.length, dead: this.rows.size - pending.length, oldestPendingAt: oldest };
  }

  async deleteDead(before: Date, limit: number): Promise<number> {
    const old = [...this.rows.entries()].filter(([, row]) => row.deadAt !== null && row.deadAt < before).slice(0, limit);
    for (const [id] of old) this.rows.delete(id);
    return old.length;
  }

  private holds(message: OutboxMessage): boolean {
    return this.rows.get(message.id)?.message.leaseToken === message.leaseToken;
  }
}

function toEntry(row: Stored): OutboxEntry {
  const { id, eventId, kind, event, destination, custid, attempts, createdAt } = row.message;
  return { id, eventId, kind, event, destination, custid, attempts, createdAt, nextAttemptAt: row.nextAttemptAt, lastError: row.lastError, deadAt: row.deadAt };
}
