import { MessageKind, Outbox, OutboxBacklog, OutboxEntry, OutboxMessage, SecretEventType } from '@hush/domain';
import { GroupCommit } from '../sql/group-commit';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

const ENTRY_COLUMNS = `id::text, event_id::text, kind, event, nullif(destination, '') AS destination, custid, attempts, created_at,
  next_attempt_at, last_error, dead_at`;

/**
 * A condition that turns off waiting for the WAL flush at this transaction's commit (`set_config(…, true)` is
 * local to it; the planner evaluates it once). Only for statements that touch the outbox alone: a lease, a
 * delivery or a retry lost in a crash is delivered again, which at-least-once allows; secrets and audit rows
 * are never written this way.
 */
const NO_FLUSH_WAIT = "(SELECT set_config('synchronous_commit', 'off', true)) = 'off'";

export const OUTBOX_SQL = {
  // The oldest undelivered message of each secret and destination only: one secret's events arrive in order.
  // The predecessor check runs on a window of the queue's head (hush_outbox_head: read in id order, whatever the
  // planner guesses), never on the whole backlog; the conditions are stated again on the locked row, since a
  // process that leased it after the head was read made it not due.
  claim: statement<'limit' | 'window' | 'lease_ms'>(
    'hush_outbox_claim',
    `WITH head AS MATERIALIZED (SELECT id, secret_ref, kind, destination FROM hush_outbox_head(:window)),
    due AS (
      SELECT o.id FROM hush_outbox o JOIN head h ON h.id = o.id
      WHERE o.dead_at IS NULL AND o.next_attempt_at <= now() AND (o.lease_until IS NULL OR o.lease_until <= now())
        AND NOT EXISTS (SELECT 1 FROM hush_outbox p WHERE p.secret_ref = h.secret_ref AND p.kind = h.kind
          AND p.destination = h.destination AND p.id < h.id AND p.dead_at IS NULL)
      ORDER BY o.id LIMIT :limit FOR UPDATE OF o SKIP LOCKED)
    UPDATE hush_outbox o SET attempts = o.attempts + 1, lease_token = gen_random_uuid(),
      lease_until = now() + :lease_ms::bigint * interval '1 millisecond'
    FROM due WHERE o.id = due.id AND ${NO_FLUSH_WAIT}
    RETURNING o.id::text, o.event_id::text, o.kind, o.event, nullif(o.destination, '') AS destination, encode(o.secret_ref, 'hex') AS secret_ref,
      o.custid, o.payload, o.sealed, o.attempts, o.created_at, o.retry_until, o.lease_token::text,
      EXISTS (SELECT 1 FROM hush_secret s WHERE s.metadata_key_hash = o.secret_ref AND s.value_sealed IS NOT NULL
        AND s.secret_expires_at > now()) AS secret_live`,
  ),
  complete: statement<'ids' | 'lease_tokens'>(
    'hush_outbox_complete',
    `DELETE FROM hush_outbox o USING unnest(:ids::bigint[], :lease_tokens::uuid[]) AS d(id, lease_token)
    WHERE o.id = d.id AND o.lease_token = d.lease_token AND ${NO_FLUSH_WAIT} RETURNING o.id::text`,
  ),
  fail: statement<'id' | 'lease_token' | 'error' | 'delay_ms' | 'dead'>(
    'hush_outbox_fail',
    `UPDATE hush_outbox SET lease_token = NULL, lease_until = NULL, last_error = :error,
      next_attempt_at = now() + :delay_ms::bigint * interval '1 millisecond', dead_at = CASE WHEN :dead::boolean THEN now() END
    WHERE id = :id AND lease_token = :lease_token AND ${NO_FLUSH_WAIT}`,
  ),
  list: statement<'dead' | 'limit'>(
    'hush_outbox_list',
    `SELECT ${ENTRY_COLUMNS} FROM hush_outbox WHERE (:dead::boolean IS NULL OR (dead_at IS NOT NULL) = :dead::boolean) ORDER BY id LIMIT :limit`,
  ),
  retry: statement<'ids' | 'horizon_ms'>(
    'hush_outbox_retry',
    `UPDATE hush_outbox SET dead_at = NULL, next_attempt_at = now(), retry_until = now() + :horizon_ms::bigint * interval '1 millisecond'
    WHERE dead_at IS NOT NULL AND (:ids::bigint[] IS NULL OR id = ANY(:ids::bigint[]))`,
  ),
  backlog: statement(
    'hush_outbox_backlog',
    `SELECT count(*) FILTER (WHERE dead_at IS NULL)::int AS pending, count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead,
      min(created_at) FILTER (WHERE dead_at IS NULL) AS oldest FROM hush_outbox`,
  ),
  deleteDead: statement<'before' | 'limit'>(
    'hush_outbox_delete_dead',
    'DELETE FROM hush_outbox WHERE id IN (SELECT id FROM hush_outbox WHERE dead_at < :before LIMIT :limit)',
  ),
} as const;

interface EntryRow {
  id: string;
  event_id: string;
  kind: MessageKind;
  event: SecretEventType;
  destination: string | null;
  custid: string;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  last_error: string | null;
  dead_at: Date | null;
}

interface ClaimRow extends Omit<EntryRow, 'next_attempt_at' | 'last_error' | 'dead_at'> {
  secret_ref: string;
  payload: string;
  sealed: string | null;
  retry_until: Date;
  lease_token: string;
  secret_live: boolean;
}

/** The outbox on PostgreSQL (or PGlite): leases with `FOR UPDATE SKIP LOCKED`, so any number of processes share it. */
export class PostgresOutbox implements Outbox {
  // Deliveries end a few at a time under load; their rows go in one statement.
  private readonly completions = new GroupCommit<OutboxMessage, boolean>(async (messages) => {
    const { rows } = await this.db.query<{ id: string }, 'ids' | 'lease_tokens'>(OUTBOX_SQL.complete, {
      ids: messages.map((message) => message.id),
      lease_tokens: messages.map((message) => message.leaseToken),
    });
    const deleted = new Set(rows.map((row) => row.id));
    return messages.map((message) => deleted.has(message.id));
  });

  constructor(private readonly db: PostgresClient) {}

  async claim(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    // Room for messages waiting behind others of their secret (at most one per delivery in flight, anywhere).
    const window = Math.max(64, limit * 8);
    const { rows } = await this.db.query<ClaimRow, 'limit' | 'window' | 'lease_ms'>(OUTBOX_SQL.claim, { limit, window, lease_ms: leaseMs });
    return rows
      .map((row) => ({
        id: row.id,
        eventId: row.event_id,
        kind: row.kind,
        event: row.event,
        destination: row.destination,
        secretRef: row.secret_ref,
        custid: row.custid,
        payload: row.payload,
        sealed: row.sealed,
        attempts: row.attempts,
        createdAt: row.created_at,
        retryUntil: row.retry_until,
        secretLive: row.secret_live,
        leaseToken: row.lease_token,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  complete(message: OutboxMessage): Promise<boolean> {
    return this.completions.submit(message);
  }

  async fail(message: OutboxMessage, error: string, delayMs: number | null): Promise<boolean> {
    const { rowCount } = await this.db.query(OUTBOX_SQL.fail, {
      id: message.id,
      lease_token: message.leaseToken,
      error: error.slice(0, 500),
      delay_ms: delayMs ?? 0,
      dead: delayMs === null,
    });
    return rowCount === 1;
  }

  async list(query: { readonly dead?: boolean; readonly limit: number }): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<EntryRow, 'dead' | 'limit'>(OUTBOX_SQL.list, { dead: query.dead ?? null, limit: query.limit });
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      kind: row.kind,
      event: row.event,
      destination: row.destination,
      custid: row.custid,
      attempts: row.attempts,
      createdAt: row.created_at,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      deadAt: row.dead_at,
    }));
  }

  async retry(ids: readonly string[] | 'all-dead', horizonMs: number): Promise<number> {
    const { rowCount } = await this.db.query(OUTBOX_SQL.retry, { ids: ids === 'all-dead' ? null : [...ids], horizon_ms: horizonMs });
    return rowCount;
  }

  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await this.db.query<{ pending: number; dead: number; oldest: Date | null }>(OUTBOX_SQL.backlog);
    return { pending: rows[0]?.pending ?? 0, dead: rows[0]?.dead ?? 0, oldestPendingAt: rows[0]?.oldest ?? null };
  }

  async deleteDead(before: Date, limit: number): Promise<number> {
    return (await this.db.query(OUTBOX_SQL.deleteDead, { before, limit })).rowCount;
  }
}
