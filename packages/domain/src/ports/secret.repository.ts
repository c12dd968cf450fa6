import { Secret, SecretKeys } from '../secret/secret';
import { StoredState } from '../secret/metadata-state';
import { ChangeRecord } from '../secret/secret-event';

export interface SecretCount {
  readonly state: StoredState;
  /** True for live rows whose secret ttl has passed (reported as `expired`). */
  readonly secretExpired: boolean;
  readonly count: number;
}

/**
 * Storage of Secret aggregates, one row each. Every adapter is held to this contract by the suite in
 * `@hush/domain/testing` (`secretRepositoryContract`).
 *
 * Reads return every field as stored, with `id` set; what they do with the value is stated per method
 * (a value not read is `{ kind: 'unread' }`, never a placeholder string). Nothing is decrypted here:
 * sealed fields are kept and returned as given.
 *
 * Every change is written with its ChangeRecord (audit rows, outbox messages) in the same atomic step:
 * no change without its record, no record without its change.
 */
export interface SecretRepository {
  /** Stores a new secret (version 0); `keys` are its plain keys, by which it is looked up later. Rejects a duplicate key. */
  add(secret: Secret, keys: SecretKeys, record: ChangeRecord): Promise<void>;
  /** With the value read (`sealed`), or `absent`. */
  findBySecretKey(secretKey: string): Promise<Secret | null>;
  /** Without the value: `unread` while one is stored, else `absent`. */
  findByMetadataKey(metadataKey: string): Promise<Secret | null>;
  /**
   * Writes `state`, `failedAttempts`, `updatedAt` and `receivedAt` of `next`, and when its value is
   * `absent`, removes the stored value and passphrase hash. Nothing else is written. Applies only if
   * the stored row is still at `next.version`, in one atomic statement that also bumps the version;
   * false means another writer came first (or the row is gone): reload and decide again.
   */
  commit(next: Secret, record: ChangeRecord): Promise<boolean>;
  /**
   * A reveal in one round trip, for a secret without a passphrase: claims it (received, value and
   * passphrase dropped) and returns its sealed value, with `record`, in one atomic step, but only while it
   * is revealable at `now`, has no passphrase and is sealed under one of `keyIds`. Null when nothing was
   * claimed (unknown, gone, protected, or under a key not held): the caller reads and decides. Of any
   * number of concurrent claims, exactly one returns the value.
   */
  claimUnprotected(secretKey: string, now: Date, keyIds: readonly string[], record: ChangeRecord): Promise<string | null>;
  /**
   * Live and dead receipts of one account whose metadata has not expired, newest first, the first `offset`
   * skipped, at most `limit`; values unread. (Receipts created in the same millisecond have no set order.)
   */
  listByOwner(owner: string, now: Date, limit: number, offset?: number): Promise<Secret[]>;
  /**
   * One bounded batch: deletes up to `limit` rows whose metadata has expired; returns how many. Rows
   * that still held their value record `secret.expired` (actor `anon`) as they go.
   */
  deleteExpired(now: Date, limit: number): Promise<number>;
  /**
   * One bounded batch: drops up to `limit` values (and passphrase hashes) whose secret expired while
   * the receipt lives on, recording `secret.expired` for each.
   */
  scrubExpiredValues(now: Date, limit: number): Promise<number>;
  countExpired(now: Date): Promise<number>;
  /** How many rows each key id seals, whatever their state (a row's keys stay sealed until it is purged). */
  countByKeyId(): Promise<ReadonlyMap<string, number>>;
  /** Up to `limit` secrets sealed under another key than `keyId`, with their values read. */
  listSealedUnderOtherKeys(keyId: string, limit: number): Promise<Secret[]>;
  /**
   * Key rotation: writes the sealed keys, the sealed value (when read) and the key id of `next`, and
   * nothing else, only over `next.version`, bumping it. False when the row changed meanwhile.
   */
  commitResealed(next: Secret): Promise<boolean>;
  /** Rows whose metadata is alive, grouped by stored state and whether the secret ttl has passed. */
  countByState(now: Date): Promise<SecretCount[]>;
  /** The soonest metadata expiry of any stored row, expired or not; null when there are none. */
  oldestExpiry(): Promise<Date | null>;
}
