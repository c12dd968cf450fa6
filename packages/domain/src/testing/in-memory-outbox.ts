import { Clock, Outbox, OutboxBacklog, OutboxEntry, OutboxMessage } from '../ports';

type Held = Omit<OutboxMessage, 'secretLive'>;

/** A message as a write stores it; it is due from `createdAt` (now, when not given). */
export type EnqueuedMessage = Omit<OutboxMessage, 'id' | 'attempts' | 'leaseToken' | 'createdAt' | 'retryUntil' | 'secretLive'> & {
  readonly createdAt?: Date;
  readonly retryUntil?: Date;
};

/** Whether the secret a message is about can still be revealed at `now`, asked at claim time (as the SQL's claim does). */
export type SecretLiveness = (secretRef: string, now: Date) => boolean;

/** The SQL's `fail` keeps this much of an error. */
const ERROR_LENGTH = 500;

interface Stored {
  message: Held;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  deadAt: Date | null;
}

/**
 * The outbox in a Map, held to the same contract as the SQL one (`outboxContract`). `enqueue` is what a
 * write's ChangeRecord does (InMemorySecretRepository calls it through `plannedMessages`); `liveness` is
 * asked at claim time whether a message's secret can still be revealed (none given: always).
 */
export class InMemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Stored>();
  private nextId = 1;
  private nextToken = 1;

  constructor(
    private readonly clock: Clock,
    private readonly liveness: SecretLiveness = () => true,
  ) {}

  enqueue(message: EnqueuedMessage): string {
    const id = String(this.nextId++);
    const createdAt = message.createdAt ?? this.clock.now();
    const retryUntil = message.retryUntil ?? new Date(createdAt.getTime() + 25 * 3600_000);
    const held: Held = { ...message, id, attempts: 0, leaseToken: '', createdAt, retryUntil };
    this.rows.set(id, { message: held, nextAttemptAt: createdAt, leaseUntil: null, lastError: null, deadAt: null });
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
      claimed.push({ ...row.message, secretLive: this.liveness(row.message.secretRef, now) });
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
    Object.assign(row, { leaseUntil: null, lastError: error.slice(0, ERROR_LENGTH), nextAttemptAt: new Date(now.getTime() + (delayMs ?? 0)), deadAt: delayMs === null ? now : null });
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
