import { Secret, SecretCount, SecretKeys, SecretRepository, StoredState } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';
import {
  hashKey, idHash, newSecretRow, ReadRow, SECRET_COLUMNS, SecretColumn, secretInsertSql, SELECT_WITH_VALUE, SELECT_WITHOUT_VALUE, toSecret,
} from './secret-table';

const parameterOf = (column: SecretColumn) => `:${column}`;

/** Every statement on hush_secret; the bench's pgbench ceiling runs the same ones. */
export const SECRET_SQL = {
  insert: statement<SecretColumn>(
    'hush_secret_insert',
    secretInsertSql(Object.fromEntries(SECRET_COLUMNS.map((column) => [column, parameterOf(column)])) as Record<SecretColumn, string>),
  ),
  findBySecretKey: statement<'secret_key_hash'>(
    'hush_secret_by_secret_key',
    `SELECT ${SELECT_WITH_VALUE} FROM hush_secret WHERE secret_key_hash = :secret_key_hash`,
  ),
  findByMetadataKey: statement<'metadata_key_hash'>(
    'hush_secret_by_metadata_key',
    `SELECT ${SELECT_WITHOUT_VALUE} FROM hush_secret WHERE metadata_key_hash = :metadata_key_hash`,
  ),
  // The claim: applies only over the version that was read, so of concurrent writers exactly one wins.
  commit: statement<'id' | 'version' | 'state' | 'failed_attempts' | 'updated_at' | 'received_at' | 'drop_value'>(
    'hush_secret_commit',
    `UPDATE hush_secret SET state = :state, failed_attempts = :failed_attempts, updated_at = :updated_at, received_at = :received_at,
      value_sealed = CASE WHEN :drop_value::boolean THEN NULL ELSE value_sealed END,
      passphrase_hash = CASE WHEN :drop_value::boolean THEN NULL ELSE passphrase_hash END,
      version = version + 1
    WHERE metadata_key_hash = :id AND version = :version`,
  ),
  listByOwner: statement<'owner' | 'now' | 'limit'>(
    'hush_secret_list_by_owner',
    `SELECT ${SELECT_WITHOUT_VALUE} FROM hush_secret WHERE owner = :owner AND metadata_expires_at > :now ORDER BY created_at DESC LIMIT :limit`,
  ),
  purgeDeleteBatch: statement<'now' | 'limit'>(
    'hush_secret_purge_delete',
    `DELETE FROM hush_secret WHERE metadata_key_hash IN (
      SELECT metadata_key_hash FROM hush_secret WHERE metadata_expires_at <= :now LIMIT :limit FOR UPDATE SKIP LOCKED)`,
  ),
  purgeScrubBatch: statement<'now' | 'limit'>(
    'hush_secret_purge_scrub',
    `UPDATE hush_secret SET value_sealed = NULL, passphrase_hash = NULL, version = version + 1 WHERE metadata_key_hash IN (
      SELECT metadata_key_hash FROM hush_secret WHERE value_sealed IS NOT NULL AND secret_expires_at <= :now
        AND metadata_expires_at > :now LIMIT :limit FOR UPDATE SKIP LOCKED)`,
  ),
  countExpired: statement<'now'>('hush_secret_count_expired', 'SELECT count(*)::int AS count FROM hush_secret WHERE metadata_expires_at <= :now'),
  countByState: statement<'now'>(
    'hush_secret_count_by_state',
    `SELECT state, (state IN ('new', 'viewed') AND secret_expires_at <= :now) AS secret_expired, count(*)::int AS count
      FROM hush_secret WHERE metadata_expires_at > :now GROUP BY 1, 2`,
  ),
  oldestExpiry: statement('hush_secret_oldest_expiry', 'SELECT min(metadata_expires_at) AS oldest FROM hush_secret'),
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
  constructor(private readonly db: PostgresClient) {}

  async add(secret: Secret, keys: SecretKeys): Promise<void> {
    await this.db.query(SECRET_SQL.insert, newSecretRow(secret, keys));
  }

  async findBySecretKey(secretKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<ReadRow, 'secret_key_hash'>(SECRET_SQL.findBySecretKey, { secret_key_hash: hashKey(secretKey) });
    return rows[0] ? toSecret(rows[0]) : null;
  }

  async findByMetadataKey(metadataKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<ReadRow, 'metadata_key_hash'>(SECRET_SQL.findByMetadataKey, { metadata_key_hash: hashKey(metadataKey) });
    return rows[0] ? toSecret(rows[0]) : null;
  }

  async commit(next: Secret): Promise<boolean> {
    if (next.id === null) return false;
    const { rowCount } = await this.db.query(SECRET_SQL.commit, {
      id: idHash(next.id),
      version: next.version,
      state: next.storedState,
      failed_attempts: next.failedAttempts,
      updated_at: next.updatedAt,
      received_at: next.receivedAt,
      drop_value: !next.hasValue,
    });
    return rowCount === 1;
  }

  async listByOwner(owner: string, now: Date, limit: number): Promise<Secret[]> {
    const { rows } = await this.db.query<ReadRow, 'owner' | 'now' | 'limit'>(SECRET_SQL.listByOwner, { owner, now, limit });
    return rows.map(toSecret);
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    return (await this.db.query(SECRET_SQL.purgeDeleteBatch, { now, limit })).rowCount;
  }

  async scrubExpiredValues(now: Date, limit: number): Promise<number> {
    return (await this.db.query(SECRET_SQL.purgeScrubBatch, { now, limit })).rowCount;
  }

  async countExpired(now: Date): Promise<number> {
    const { rows } = await this.db.query<{ count: number }, 'now'>(SECRET_SQL.countExpired, { now });
    return rows[0]?.count ?? 0;
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
