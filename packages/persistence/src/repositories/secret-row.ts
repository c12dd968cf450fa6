import { createHash } from 'node:crypto';
import { Cipher, Secret, StoredState } from '@hush/domain';

/** A hush_secret row as the pg driver returns it. */
export interface SecretRow {
  metadata_key_sealed: string;
  secret_key_sealed: string;
  value_sealed: string | null;
  passphrase_hash: string | null;
  owner: string | null;
  ttl: number;
  state: StoredState;
  failed_attempts: number;
  recipients: string[];
  created_at: Date;
  updated_at: Date;
  received_at: Date | null;
  secret_expires_at: Date;
  metadata_expires_at: Date;
  version: number;
}

/** Keys carry 160 random bits, so a plain SHA-256 is a safe lookup index that reveals nothing. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export const SECRET_COLUMNS = `metadata_key_sealed, secret_key_sealed, value_sealed, passphrase_hash, owner, ttl, state,
  failed_attempts, recipients, created_at, updated_at, received_at, secret_expires_at, metadata_expires_at, version`;

/** Loaded without the value: its presence is kept (stateAt needs it), its bytes are not fetched. */
export const SECRET_COLUMNS_WITHOUT_VALUE = SECRET_COLUMNS.replace(
  'value_sealed',
  `CASE WHEN value_sealed IS NULL THEN NULL ELSE '' END AS value_sealed`,
);

export function toDomain(row: SecretRow, cipher: Cipher): Secret {
  return Secret.restore({
    secretKey: cipher.open(row.secret_key_sealed),
    metadataKey: cipher.open(row.metadata_key_sealed),
    owner: row.owner,
    sealedValue: row.value_sealed,
    passphraseHash: row.passphrase_hash,
    ttl: row.ttl,
    state: row.state,
    failedAttempts: row.failed_attempts,
    recipients: row.recipients,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    receivedAt: row.received_at,
    secretExpiresAt: row.secret_expires_at,
    metadataExpiresAt: row.metadata_expires_at,
    version: row.version,
  });
}

/** Parameters of the insert statement, in column order. */
export function toInsertParameters(secret: Secret, cipher: Cipher): unknown[] {
  return [
    hashKey(secret.metadataKey),
    hashKey(secret.secretKey),
    cipher.seal(secret.metadataKey),
    cipher.seal(secret.secretKey),
    secret.sealedValue,
    cipher.currentKeyId,
    secret.passphraseHash,
    secret.owner,
    secret.ttl,
    secret.storedState,
    secret.failedAttempts,
    [...secret.recipients],
    secret.createdAt,
    secret.updatedAt,
    secret.receivedAt,
    secret.secretExpiresAt,
    secret.metadataExpiresAt,
    secret.version,
  ];
}
