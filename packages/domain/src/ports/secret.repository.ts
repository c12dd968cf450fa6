import { Secret } from '../secret/secret';
import { StoredState } from '../secret/metadata-state';

export interface SecretCount {
  readonly state: StoredState;
  /** True for live rows whose secret ttl has passed (reported as `expired`). */
  readonly secretExpired: boolean;
  readonly count: number;
}

export interface ResealBatch {
  readonly found: number;
  readonly resealed: number;
}

export interface SecretRepository {
  add(secret: Secret): Promise<void>;
  findBySecretKey(secretKey: string): Promise<Secret | null>;
  findByMetadataKey(metadataKey: string): Promise<Secret | null>;
  /**
   * Stores `next` only if the stored row is still at `next.version`, in one atomic statement that
   * also bumps the version. False means another request changed it first: reload and decide again.
   */
  commit(next: Secret): Promise<boolean>;
  /** Live and dead receipts of one account whose metadata has not expired, newest first. */
  listByOwner(owner: string, now: Date, limit: number): Promise<Secret[]>;
  /** One bounded batch: deletes up to `limit` rows whose metadata has expired; returns how many. */
  deleteExpired(now: Date, limit: number): Promise<number>;
  /** One bounded batch: drops up to `limit` values whose secret expired while the receipt lives on. */
  scrubExpiredValues(now: Date, limit: number): Promise<number>;
  countExpired(now: Date): Promise<number>;
  /**
   * Key rotation: re-seals up to `limit` rows not yet under the Cipher's current key, each only over
   * the version it read (a row changed meanwhile is left for the next batch). Counts what it re-sealed
   * and what it found stale.
   */
  resealStale(limit: number): Promise<ResealBatch>;
  countByState(now: Date): Promise<SecretCount[]>;
  oldestExpiry(now: Date): Promise<Date | null>;
}
