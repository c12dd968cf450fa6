import { createHash } from 'node:crypto';
import { ABSENT_VALUE, Secret, SecretKeys, sealedValue, StoredState, UNREAD_VALUE } from '@hush/domain';

/** A hush_secret row as the pg driver returns it: the one description of its columns. */
export interface SecretRow {
  metadata_key_hash: Buffer;
  secret_key_hash: Buffer;
  metadata_key_sealed: string;
  secret_key_sealed: string;
  value_sealed: string | null;
  key_id: string;
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
  passphrase_required: boolean;
  /** The secret key's first 6 characters: the reference webhooks and notices show, as the burn response does. */
  short_key: string | null;
}

export type SecretColumn = keyof SecretRow;

/** Keys carry 160 random bits, so a plain SHA-256 is a safe lookup index that reveals nothing. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** How a new secret fills each column; its key order is the table's column order. */
const NEW_ROW: { readonly [C in SecretColumn]: (secret: Secret, keys: SecretKeys) => SecretRow[C] } = {
  metadata_key_hash: (_, keys) => hashKey(keys.metadataKey),
  secret_key_hash: (_, keys) => hashKey(keys.secretKey),
  metadata_key_sealed: (secret) => secret.sealedKeys.metadataKey,
  secret_key_sealed: (secret) => secret.sealedKeys.secretKey,
  value_sealed: (secret) => (secret.value.kind === 'sealed' ? secret.value.sealed : null),
  key_id: (secret) => secret.keyId,
  passphrase_hash: (secret) => secret.passphraseHash,
  owner: (secret) => secret.owner,
  ttl: (secret) => secret.ttl,
  state: (secret) => secret.storedState,
  failed_attempts: (secret) => secret.failedAttempts,
  recipients: (secret) => [...secret.recipients],
  created_at: (secret) => secret.createdAt,
  updated_at: (secret) => secret.updatedAt,
  received_at: (secret) => secret.receivedAt,
  secret_expires_at: (secret) => secret.secretExpiresAt,
  metadata_expires_at: (secret) => secret.metadataExpiresAt,
  version: (secret) => secret.version,
  passphrase_required: (secret) => secret.createdWithPassphrase,
  short_key: (_, keys) => keys.secretKey.slice(0, 6),
};

export const SECRET_COLUMNS = Object.keys(NEW_ROW) as SecretColumn[];

export function newSecretRow(secret: Secret, keys: SecretKeys): SecretRow {
  return Object.fromEntries(SECRET_COLUMNS.map((column) => [column, NEW_ROW[column](secret, keys)])) as unknown as SecretRow;
}

/**
 * An INSERT of one row with a SQL expression per column (`:name` parameters, literals, functions),
 * or of every row of `from` when given (`SELECT … FROM from`).
 */
export function secretInsertSql(values: Readonly<Record<SecretColumn, string>>, from?: string): string {
  const expressions = SECRET_COLUMNS.map((column) => values[column]).join(', ');
  const source = from === undefined ? `VALUES (${expressions})` : `SELECT ${expressions} FROM ${from}`;
  return `INSERT INTO hush_secret (${SECRET_COLUMNS.join(', ')}) ${source}`;
}

/** A read selects every column but the secret key's hash; the row's id is its metadata key hash. */
const UNREAD_COLUMNS: readonly SecretColumn[] = ['secret_key_hash', 'value_sealed', 'short_key'];
const READ_COLUMNS = SECRET_COLUMNS.filter((column) => !UNREAD_COLUMNS.includes(column));
export const SELECT_WITH_VALUE = [...READ_COLUMNS, 'value_sealed'].join(', ');
/** The value's presence without its bytes. */
export const SELECT_WITHOUT_VALUE = [...READ_COLUMNS, '(value_sealed IS NOT NULL) AS has_value'].join(', ');

type ReadRowBase = Omit<SecretRow, 'secret_key_hash' | 'value_sealed' | 'short_key'>;
export type ReadRow = ReadRowBase & ({ value_sealed: string | null } | { has_value: boolean });

export const rowId = (hash: Buffer): string => hash.toString('hex');
export const idHash = (id: string): Buffer => Buffer.from(id, 'hex');

export function toSecret(row: ReadRow): Secret {
  const value = 'value_sealed' in row
    ? (row.value_sealed === null ? ABSENT_VALUE : sealedValue(row.value_sealed))
    : (row.has_value ? UNREAD_VALUE : ABSENT_VALUE);
  return Secret.restore({
    id: rowId(row.metadata_key_hash),
    sealedKeys: { secretKey: row.secret_key_sealed, metadataKey: row.metadata_key_sealed },
    keyId: row.key_id,
    value,
    owner: row.owner,
    passphraseHash: row.passphrase_hash,
    createdWithPassphrase: row.passphrase_required,
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
