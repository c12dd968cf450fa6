import { ChangeRecord, NO_NOTIFICATIONS, NotificationPlan, Secret, SecretCount, SecretKeys, SecretRepository, StoredState } from '@hush/domain';
import {
  CHANGED_COLUMNS, changedColumns, EXPIRED_EVENTS, type OutboxParts, outboxPartsOf, outboxTag, planParameters, recordChangesSql, REQUESTED_EVENTS,
} from '../notifications/change-record-sql';
import { PostgresClient } from '../sql/postgres-client';
import { ParametersOf, statement } from '../sql/statement';
import {
  hashKey, idHash, newSecretRow, ReadRow, SECRET_COLUMNS, SecretColumn, secretInsertSql, SELECT_WITH_VALUE, SELECT_WITHOUT_VALUE, toSecret,
} from './secret-table';

const parameterOf = (column: SecretColumn) => `:${column}`;

type PlanParameter = 'webhooks' | 'horizon_ms';
type RecordParameter = PlanParameter | 'events' | 'at' | 'actor' | 'client_address' | 'user_agent' | 'reason';
const INSERTED = `WITH changed AS (${secretInsertSql(
  Object.fromEntries(SECRET_COLUMNS.map((column) => [column, parameterOf(column)])) as Record<SecretColumn, string>,
)} RETURNING ${CHANGED_COLUMNS})`;

/**
 * The statements that change hush_secret, each one statement with its audit rows and the outbox messages `parts`
 * allows (see recordChangesSql); the bench's pgbench ceiling runs the same ones.
 */
function changeStatements(parts: OutboxParts) {
  const tag = outboxTag(parts);
  return {
    insert: statement<SecretColumn | RecordParameter | 'recipient_mail'>(
      `hush_secret_insert_${tag}`,
      `${INSERTED} ${recordChangesSql({ ...REQUESTED_EVENTS, recipientMail: ':recipient_mail' }, parts)} SELECT count(*)::int AS changed FROM changed`,
    ),
    // The claim: applies only over the version that was read, so of concurrent writers exactly one wins.
    commit: statement<'id' | 'version' | 'state' | 'failed_attempts' | 'updated_at' | 'received_at' | 'drop_value' | RecordParameter>(
      `hush_secret_commit_${tag}`,
      `WITH changed AS (
        UPDATE hush_secret SET state = :state, failed_attempts = :failed_attempts, updated_at = :updated_at, received_at = :received_at,
          value_sealed = CASE WHEN :drop_value::boolean THEN NULL ELSE value_sealed END,
          passphrase_hash = CASE WHEN :drop_value::boolean THEN NULL ELSE passphrase_hash END,
          version = version + 1
        WHERE metadata_key_hash = :id AND version = :version
        RETURNING ${CHANGED_COLUMNS})
      ${recordChangesSql(REQUESTED_EVENTS, parts)}
      SELECT count(*)::int AS changed FROM changed`,
    ),
    // A reveal in one round trip: the row is locked, re-checked and claimed, and its old value returned.
    claimUnprotected: statement<'secret_key_hash' | 'key_ids' | RecordParameter>(
      `hush_secret_claim_unprotected_${tag}`,
      `WITH target AS (
        SELECT metadata_key_hash, value_sealed FROM hush_secret
        WHERE secret_key_hash = :secret_key_hash AND value_sealed IS NOT NULL AND passphrase_hash IS NULL
          AND state IN ('new', 'viewed') AND secret_expires_at > :at AND key_id = ANY(:key_ids::text[])
        FOR UPDATE),
      changed AS (
        UPDATE hush_secret s SET state = 'received', value_sealed = NULL, passphrase_hash = NULL, received_at = :at, updated_at = :at,
          version = s.version + 1
        FROM target WHERE s.metadata_key_hash = target.metadata_key_hash
        RETURNING ${changedColumns('s')}, target.value_sealed AS claimed)
      ${recordChangesSql(REQUESTED_EVENTS, parts)}
      SELECT claimed FROM changed`,
    ),
    // Rows that still held a value expired unread: the purge records `secret.expired` as it removes them.
    purgeDeleteBatch: statement<'now' | 'limit' | 'reason' | PlanParameter>(
      `hush_secret_purge_delete_${tag}`,
      `WITH changed AS (
        DELETE FROM hush_secret WHERE metadata_key_hash IN (
          SELECT metadata_key_hash FROM hush_secret WHERE metadata_expires_at <= :now LIMIT :limit FOR UPDATE SKIP LOCKED)
        RETURNING ${CHANGED_COLUMNS}, (value_sealed IS NOT NULL) AS had_value)
      ${recordChangesSql(EXPIRED_EVENTS, parts)}
      SELECT count(*)::int AS changed FROM changed`,
    ),
    purgeScrubBatch: statement<'now' | 'since' | 'limit' | 'reason' | PlanParameter>(
      `hush_secret_purge_scrub_${tag}`,
      `WITH changed AS (
        UPDATE hush_secret SET value_sealed = NULL, passphrase_hash = NULL, version = version + 1 WHERE metadata_key_hash IN (
          SELECT metadata_key_hash FROM hush_secret WHERE value_sealed IS NOT NULL AND secret_expires_at <= :now
            AND secret_expires_at > :since AND metadata_expires_at > :now LIMIT :limit FOR UPDATE SKIP LOCKED)
        RETURNING ${CHANGED_COLUMNS}, true AS had_value)
      ${recordChangesSql(EXPIRED_EVENTS, parts)}
      SELECT count(*)::int AS changed FROM changed`,
    ),
  } as const;
}

export type ChangeStatements = ReturnType<typeof changeStatements>;
const changeStatementsByTag = new Map<string, ChangeStatements>();

/** The change statements for `parts`, built once per set of parts. */
export function secretChangeSql(parts: OutboxParts): ChangeStatements {
  const tag = outboxTag(parts);
  let statements = changeStatementsByTag.get(tag);
  if (!statements) changeStatementsByTag.set(tag, (statements = changeStatements(parts)));
  return statements;
}

/**
 * How far back each scrub pass looks past the previous one's end: revealed rows stay in the expiry index until
 * their metadata expires, so a pass that started at the beginning would walk all of them every time. A row
 * created after a pass with an expiry before its end needs clocks that disagree by more than this; it is
 * never revealed (a reveal checks the expiry) and the purge records it when its metadata expires.
 */
const SCRUB_OVERLAP_MS = 15 * 60_000;

/** The statements on hush_secret that record nothing. */
export const SECRET_SQL = {
  findBySecretKey: statement<'secret_key_hash'>(
    'hush_secret_by_secret_key',
    `SELECT ${SELECT_WITH_VALUE} FROM hush_secret WHERE secret_key_hash = :secret_key_hash`,
  ),
  findByMetadataKey: statement<'metadata_key_hash'>(
    'hush_secret_by_metadata_key',
    `SELECT ${SELECT_WITHOUT_VALUE} FROM hush_secret WHERE metadata_key_hash = :metadata_key_hash`,
  ),
  listByOwner: statement<'owner' | 'now' | 'limit' | 'offset'>(
    'hush_secret_list_by_owner',
    `SELECT ${SELECT_WITHOUT_VALUE} FROM hush_secret WHERE owner = :owner AND metadata_expires_at > :now
      ORDER BY created_at DESC LIMIT :limit OFFSET :offset`,
  ),
  countExpired: statement<'now'>('hush_secret_count_expired', 'SELECT count(*)::int AS count FROM hush_secret WHERE metadata_expires_at <= :now'),
  countByState: statement<'now'>(
    'hush_secret_count_by_state',
    `SELECT state, (state IN ('new', 'viewed') AND secret_expires_at <= :now) AS secret_expired, count(*)::int AS count
      FROM hush_secret WHERE metadata_expires_at > :now GROUP BY 1, 2`,
  ),
  oldestExpiry: statement('hush_secret_oldest_expiry', 'SELECT min(metadata_expires_at) AS oldest FROM hush_secret'),
  countByKeyId: statement('hush_secret_count_by_key_id', 'SELECT key_id, count(*)::int AS count FROM hush_secret GROUP BY key_id'),
  sealedUnderOtherKeys: statement<'key_id' | 'limit'>(
    'hush_secret_sealed_under_other_keys',
    `SELECT ${SELECT_WITH_VALUE} FROM hush_secret WHERE key_id <> :key_id LIMIT :limit`,
  ),
  commitResealed: statement<'id' | 'version' | 'metadata_key_sealed' | 'secret_key_sealed' | 'value_sealed' | 'key_id'>(
    'hush_secret_reseal',
    `UPDATE hush_secret SET metadata_key_sealed = :metadata_key_sealed, secret_key_sealed = :secret_key_sealed,
      value_sealed = :value_sealed, key_id = :key_id, version = version + 1
    WHERE metadata_key_hash = :id AND version = :version`,
  ),
} as const;

/** SecretRepository on PostgreSQL (or PGlite), in plain SQL run as prepared statements on the pool. */
export class PostgresSecretRepository implements SecretRepository {
  private readonly plan: ReturnType<typeof planParameters>;
  private readonly sql: ChangeStatements;
  private readonly sqlWithRecipientMail: ChangeStatements;
  /** Where the scrub's walk of the expiry index starts: the end of this process's last complete pass, less an overlap. */
  private scrubbedBefore = new Date(0);

  constructor(
    private readonly db: PostgresClient,
    plan: NotificationPlan = NO_NOTIFICATIONS,
  ) {
    this.plan = planParameters(plan);
    const parts = outboxPartsOf(plan);
    this.sql = secretChangeSql(parts);
    this.sqlWithRecipientMail = secretChangeSql({ ...parts, recipientMail: true });
  }

  async add(secret: Secret, keys: SecretKeys, record: ChangeRecord): Promise<void> {
    await this.db.query((record.recipientMail ? this.sqlWithRecipientMail : this.sql).insert, {
      ...newSecretRow(secret, keys),
      ...this.recordParameters(record, secret.createdAt),
      recipient_mail: record.recipientMail ?? null,
    });
  }

  async findBySecretKey(secretKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<ReadRow, 'secret_key_hash'>(SECRET_SQL.findBySecretKey, { secret_key_hash: hashKey(secretKey) });
    return rows[0] ? toSecret(rows[0]) : null;
  }

  async findByMetadataKey(metadataKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<ReadRow, 'metadata_key_hash'>(SECRET_SQL.findByMetadataKey, { metadata_key_hash: hashKey(metadataKey) });
    return rows[0] ? toSecret(rows[0]) : null;
  }

  async commit(next: Secret, record: ChangeRecord): Promise<boolean> {
    if (next.id === null) return false;
    const { rows } = await this.db.query<{ changed: number }, ParametersOf<ChangeStatements['commit']>>(this.sql.commit, {
      ...this.recordParameters(record, next.updatedAt),
      id: idHash(next.id),
      version: next.version,
      state: next.storedState,
      failed_attempts: next.failedAttempts,
      updated_at: next.updatedAt,
      received_at: next.receivedAt,
      drop_value: !next.hasValue,
    });
    return rows[0]?.changed === 1;
  }

  private recordParameters(record: ChangeRecord, at: Date) {
    return {
      ...this.plan,
      events: [...record.events],
      at,
      actor: record.actor,
      client_address: record.origin.clientAddress,
      user_agent: record.origin.userAgent,
      reason: record.reason ?? null,
    };
  }

  async claimUnprotected(secretKey: string, now: Date, keyIds: readonly string[], record: ChangeRecord): Promise<string | null> {
    const { rows } = await this.db.query<{ claimed: string }, ParametersOf<ChangeStatements['claimUnprotected']>>(this.sql.claimUnprotected, {
      ...this.recordParameters(record, now),
      secret_key_hash: hashKey(secretKey),
      key_ids: [...keyIds],
    });
    return rows[0]?.claimed ?? null;
  }

  async listByOwner(owner: string, now: Date, limit: number, offset = 0): Promise<Secret[]> {
    const { rows } = await this.db.query<ReadRow, 'owner' | 'now' | 'limit' | 'offset'>(SECRET_SQL.listByOwner, { owner, now, limit, offset });
    return rows.map(toSecret);
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    const { rows } = await this.db.query<{ changed: number }, ParametersOf<ChangeStatements['purgeDeleteBatch']>>(
      this.sql.purgeDeleteBatch,
      { now, limit, reason: 'metadata ttl passed', ...this.plan },
    );
    return rows[0]?.changed ?? 0;
  }

  async scrubExpiredValues(now: Date, limit: number): Promise<number> {
    const { rows } = await this.db.query<{ changed: number }, ParametersOf<ChangeStatements['purgeScrubBatch']>>(
      this.sql.purgeScrubBatch,
      { now, since: this.scrubbedBefore, limit, reason: 'secret ttl passed', ...this.plan },
    );
    const changed = rows[0]?.changed ?? 0;
    // A pass is complete: values that expired before it are gone, and the index of expiry is walked from here on.
    if (changed < limit) this.scrubbedBefore = new Date(now.getTime() - SCRUB_OVERLAP_MS);
    return changed;
  }

  async countExpired(now: Date): Promise<number> {
    const { rows } = await this.db.query<{ count: number }, 'now'>(SECRET_SQL.countExpired, { now });
    return rows[0]?.count ?? 0;
  }

  async countByKeyId(): Promise<ReadonlyMap<string, number>> {
    const { rows } = await this.db.query<{ key_id: string; count: number }>(SECRET_SQL.countByKeyId);
    return new Map(rows.map((row) => [row.key_id, row.count]));
  }

  async listSealedUnderOtherKeys(keyId: string, limit: number): Promise<Secret[]> {
    const { rows } = await this.db.query<ReadRow, 'key_id' | 'limit'>(SECRET_SQL.sealedUnderOtherKeys, { key_id: keyId, limit });
    return rows.map(toSecret);
  }

  async commitResealed(next: Secret): Promise<boolean> {
    if (next.value.kind === 'unread') throw new Error('A secret is resealed from a read of its value');
    if (next.id === null) return false;
    const { rowCount } = await this.db.query(SECRET_SQL.commitResealed, {
      id: idHash(next.id),
      version: next.version,
      metadata_key_sealed: next.sealedKeys.metadataKey,
      secret_key_sealed: next.sealedKeys.secretKey,
      value_sealed: next.value.kind === 'sealed' ? next.value.sealed : null,
      key_id: next.keyId,
    });
    return rowCount === 1;
  }

  async countByState(now: Date): Promise<SecretCount[]> {
    const { rows } = await this.db.query<{ state: StoredState; secret_expired: boolean; count: number }, 'now'>(SECRET_SQL.countByState, { now });
    return rows.map((row) => ({ state: row.state, secretExpired: row.secret_expired, count: row.count }));
  }

  async oldestExpiry(): Promise<Date | null> {
    const { rows } = await this.db.query<{ oldest: Date | null }>(SECRET_SQL.oldestExpiry);
    return rows[0]?.oldest ?? null;
  }
}

