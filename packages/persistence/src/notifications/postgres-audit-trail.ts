import { AccountAuditRecord, AuditEntry, AuditEventType, AuditQuery, AuditTrail } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

export const AUDIT_SQL = {
  list: statement<'custid' | 'secret_ref' | 'since' | 'limit'>(
    'hush_audit_list',
    `SELECT event_id::text, at, event, custid, owner, encode(secret_ref, 'hex') AS secret_ref, client_address, user_agent, reason
    FROM hush_audit
    WHERE (:custid::text IS NULL OR custid = :custid::text OR owner = :custid::text)
      AND (:secret_ref::text IS NULL OR secret_ref = decode(:secret_ref::text, 'hex'))
      AND (:since::timestamptz IS NULL OR at >= :since::timestamptz)
    ORDER BY id LIMIT :limit`,
  ),
  // An account event names no secret; it is kept as long after it happened as a secret's events after its metadata expired.
  record: statement<'at' | 'event' | 'custid' | 'client_address' | 'user_agent' | 'reason'>(
    'hush_audit_record',
    `INSERT INTO hush_audit (event_id, at, event, custid, owner, secret_ref, client_address, user_agent, reason, metadata_expires_at)
    VALUES (gen_random_uuid(), :at::timestamptz, :event, :custid::text, :custid::text, NULL, :client_address, :user_agent, :reason, :at::timestamptz)`,
  ),
  deleteExpired: statement<'before' | 'limit'>(
    'hush_audit_delete_expired',
    'DELETE FROM hush_audit WHERE id IN (SELECT id FROM hush_audit WHERE metadata_expires_at < :before LIMIT :limit)',
  ),
} as const;

interface AuditRow {
  event_id: string;
  at: Date;
  event: AuditEventType;
  custid: string;
  owner: string;
  secret_ref: string | null;
  client_address: string | null;
  user_agent: string | null;
  reason: string | null;
}

/** The audit trail's reads, account events and retention; a secret's rows are written by the secret statements themselves. */
export class PostgresAuditTrail implements AuditTrail {
  constructor(private readonly db: PostgresClient) {}

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<AuditRow, 'custid' | 'secret_ref' | 'since' | 'limit'>(AUDIT_SQL.list, {
      custid: query.custid ?? null,
      secret_ref: query.secretRef ?? null,
      since: query.since ?? null,
      limit: query.limit,
    });
    return rows.map((row) => ({
      eventId: row.event_id,
      at: row.at,
      event: row.event,
      custid: row.custid,
      owner: row.owner,
      secretRef: row.secret_ref,
      clientAddress: row.client_address,
      userAgent: row.user_agent,
      reason: row.reason,
    }));
  }

  async record(entry: AccountAuditRecord): Promise<void> {
    await this.db.query(AUDIT_SQL.record, {
      at: entry.at,
      event: entry.event,
      custid: entry.custid,
      client_address: entry.origin.clientAddress,
      user_agent: entry.origin.userAgent,
      reason: entry.reason ?? null,
    });
  }

  async deleteExpired(before: Date, limit: number): Promise<number> {
    return (await this.db.query(AUDIT_SQL.deleteExpired, { before, limit })).rowCount;
  }
}
