import { createHash } from 'node:crypto';
import { MailAdmission, mailBudgets, MailQuota, MailQuotaLimits } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

export const MAIL_QUOTA_SQL = {
  // Windows on the database's clock, so that every replica counts into the same ones.
  count: statement<'keys' | 'seconds'>(
    'hush_mail_quota_count',
    `INSERT INTO hush_mail_quota AS q (key_hash, window_start, window_seconds, hits)
    SELECT decode(k.key_hash, 'hex'), to_timestamp(floor(extract(epoch FROM now()) / k.seconds) * k.seconds), k.seconds, 1
    FROM unnest(:keys::text[], :seconds::int[]) AS k(key_hash, seconds) ORDER BY 1
    ON CONFLICT (key_hash) DO UPDATE
      SET hits = CASE WHEN q.window_start = excluded.window_start THEN q.hits + 1 ELSE 1 END, window_start = excluded.window_start
    RETURNING encode(key_hash, 'hex') AS key_hash, hits,
      greatest(1, ceil(extract(epoch FROM window_start - now()) + window_seconds))::int AS resets_in`,
  ),
  // A refused mail is not sent, so it gives back what it counted.
  refund: statement<'keys'>(
    'hush_mail_quota_refund',
    `UPDATE hush_mail_quota SET hits = hits - 1 WHERE key_hash = ANY(SELECT decode(k, 'hex') FROM unnest(:keys::text[]) AS k) AND hits > 0`,
  ),
  prune: statement('hush_mail_quota_prune', "DELETE FROM hush_mail_quota WHERE window_start + window_seconds * interval '1 second' < now()"),
} as const;

/** The mail budgets in PostgreSQL, shared by every replica; only digests of custids and addresses are kept. */
export class PostgresMailQuota implements MailQuota {
  constructor(
    private readonly db: PostgresClient,
    private readonly limits: MailQuotaLimits,
  ) {}

  async admit(custid: string, mailbox: string): Promise<MailAdmission> {
    const budgets = mailBudgets(this.limits, custid, mailbox).map((budget) => ({ ...budget, key: digest(budget.key) }));
    if (budgets.length === 0) return { admitted: true, retryAfterSeconds: 0 };
    const { rows } = await this.db.query<{ key_hash: string; hits: number; resets_in: number }, 'keys' | 'seconds'>(MAIL_QUOTA_SQL.count, {
      keys: budgets.map((budget) => budget.key),
      seconds: budgets.map((budget) => budget.seconds),
    });
    const spent = rows.filter((row) => row.hits > (budgets.find((budget) => budget.key === row.key_hash)?.limit ?? Infinity));
    if (spent.length === 0) return { admitted: true, retryAfterSeconds: 0 };
    await this.db.query(MAIL_QUOTA_SQL.refund, { keys: budgets.map((budget) => budget.key) });
    return { admitted: false, retryAfterSeconds: Math.max(...spent.map((row) => row.resets_in)) };
  }

  async prune(): Promise<void> {
    await this.db.query(MAIL_QUOTA_SQL.prune);
  }
}
