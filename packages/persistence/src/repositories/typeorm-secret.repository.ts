import { Cipher, ResealBatch, Secret, SecretCount, SecretRepository, StoredState } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { hashKey, SECRET_COLUMNS, SECRET_COLUMNS_WITHOUT_VALUE, SecretRow, toDomain, toInsertParameters } from './secret-row';

export const SECRET_SQL = {
  insert: `INSERT INTO hush_secret (metadata_key_hash, secret_key_hash, metadata_key_sealed, secret_key_sealed, value_sealed,
    key_id, passphrase_hash, owner, ttl, state, failed_attempts, recipients, created_at, updated_at, received_at,
    secret_expires_at, metadata_expires_at, version)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
  findBySecretKey: `SELECT ${SECRET_COLUMNS} FROM hush_secret WHERE secret_key_hash = $1`,
  findByMetadataKey: `SELECT ${SECRET_COLUMNS_WITHOUT_VALUE} FROM hush_secret WHERE metadata_key_hash = $1`,
  // The claim: applies only over the version that was read, so of concurrent writers exactly one wins.
  commit: `UPDATE hush_secret SET state = $3, failed_attempts = $4, updated_at = $5, received_at = $6,
    value_sealed = CASE WHEN $7::boolean THEN NULL ELSE value_sealed END,
    passphrase_hash = CASE WHEN $7::boolean THEN NULL ELSE passphrase_hash END,
    version = version + 1
    WHERE metadata_key_hash = $1 AND version = $2`,
  listByOwner: `SELECT ${SECRET_COLUMNS_WITHOUT_VALUE} FROM hush_secret
    WHERE owner = $1 AND metadata_expires_at > $2 ORDER BY created_at DESC LIMIT $3`,
  purgeDeleteBatch: `DELETE FROM hush_secret WHERE metadata_key_hash IN (
    SELECT metadata_key_hash FROM hush_secret WHERE metadata_expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  purgeScrubBatch: `UPDATE hush_secret SET value_sealed = NULL, passphrase_hash = NULL, version = version + 1
    WHERE metadata_key_hash IN (
    SELECT metadata_key_hash FROM hush_secret WHERE value_sealed IS NOT NULL AND secret_expires_at <= $1
      AND metadata_expires_at > $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  countExpired: `SELECT count(*)::int AS count FROM hush_secret WHERE metadata_expires_at <= $1`,
  countByState: `SELECT state, (state IN ('new', 'viewed') AND secret_expires_at <= $1) AS secret_expired, count(*)::int AS count
    FROM hush_secret WHERE metadata_expires_at > $1 GROUP BY 1, 2`,
  oldestExpiry: `SELECT min(metadata_expires_at) AS oldest FROM hush_secret`,
  staleSealed: `SELECT metadata_key_hash, version, metadata_key_sealed, secret_key_sealed, value_sealed
    FROM hush_secret WHERE key_id <> $1 LIMIT $2`,
  reseal: `UPDATE hush_secret SET metadata_key_sealed = $3, secret_key_sealed = $4, value_sealed = $5, key_id = $6,
    version = version + 1 WHERE metadata_key_hash = $1 AND version = $2`,
} as const;

interface StaleRow {
  metadata_key_hash: Buffer;
  version: number;
  metadata_key_sealed: string;
  secret_key_sealed: string;
  value_sealed: string | null;
}

export class TypeormSecretRepository implements SecretRepository {
  constructor(
    private readonly db: PostgresClient,
    private readonly cipher: Cipher,
  ) {}

  async add(secret: Secret): Promise<void> {
    await this.db.query('hush_secret_insert', SECRET_SQL.insert, toInsertParameters(secret, this.cipher));
  }

  async findBySecretKey(secretKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<SecretRow>('hush_secret_by_secret_key', SECRET_SQL.findBySecretKey, [hashKey(secretKey)]);
    return rows[0] ? toDomain(rows[0], this.cipher) : null;
  }

  async findByMetadataKey(metadataKey: string): Promise<Secret | null> {
    const { rows } = await this.db.query<SecretRow>('hush_secret_by_metadata_key', SECRET_SQL.findByMetadataKey, [hashKey(metadataKey)]);
    return rows[0] ? toDomain(rows[0], this.cipher) : null;
  }

  async commit(next: Secret): Promise<boolean> {
    const { rowCount } = await this.db.query('hush_secret_commit', SECRET_SQL.commit, [
      hashKey(next.metadataKey),
      next.version,
      next.storedState,
      next.failedAttempts,
      next.updatedAt,
      next.receivedAt,
      next.sealedValue === null,
    ]);
    return rowCount === 1;
  }

  async listByOwner(owner: string, now: Date, limit: number): Promise<Secret[]> {
    const { rows } = await this.db.query<SecretRow>('hush_secret_list_by_owner', SECRET_SQL.listByOwner, [owner, now, limit]);
    return rows.map((row) => toDomain(row, this.cipher));
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    return (await this.db.query('hush_secret_purge_delete', SECRET_SQL.purgeDeleteBatch, [now, limit])).rowCount;
  }

  async scrubExpiredValues(now: Date, limit: number): Promise<number> {
    return (await this.db.query('hush_secret_purge_scrub', SECRET_SQL.purgeScrubBatch, [now, limit])).rowCount;
  }

  async resealStale(limit: number): Promise<ResealBatch> {
    const { rows } = await this.db.query<StaleRow>('hush_secret_stale_sealed', SECRET_SQL.staleSealed, [this.cipher.currentKeyId, limit]);
    let resealed = 0;
    for (const row of rows) {
      const reseal = (sealed: string) => this.cipher.seal(this.cipher.open(sealed));
      const { rowCount } = await this.db.query('hush_secret_reseal', SECRET_SQL.reseal, [
        row.metadata_key_hash,
        row.version,
        reseal(row.metadata_key_sealed),
        reseal(row.secret_key_sealed),
        row.value_sealed === null ? null : reseal(row.value_sealed),
        this.cipher.currentKeyId,
      ]);
      resealed += rowCount;
    }
    return { found: rows.length, resealed };
  }

  async countExpired(now: Date): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>('hush_secret_count_expired', SECRET_SQL.countExpired, [now]);
    return rows[0]?.count ?? 0;
  }

  async countByState(now: Date): Promise<SecretCount[]> {
    const { rows } = await this.db.query<{ state: StoredState; secret_expired: boolean; count: number }>(
      'hush_secret_count_by_state',
      SECRET_SQL.countByState,
      [now],
    );
    return rows.map((row) => ({ state: row.state, secretExpired: row.secret_expired, count: row.count }));
  }

  async oldestExpiry(): Promise<Date | null> {
    const { rows } = await this.db.query<{ oldest: Date | null }>('hush_secret_oldest_expiry', SECRET_SQL.oldestExpiry);
    return rows[0]?.oldest ?? null;
  }
}
