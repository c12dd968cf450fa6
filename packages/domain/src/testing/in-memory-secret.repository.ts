import { Cipher, ResealBatch, SecretCount, SecretRepository } from '../ports';
import { MetadataState } from '../secret/metadata-state';
import { Secret } from '../secret/secret';

/** Stores aggregates by metadata key with the same optimistic-version contract as the SQL adapter. */
export class InMemorySecretRepository implements SecretRepository {
  private readonly rows = new Map<string, Secret>();

  /** The cipher rotation re-seals with; only values are sealed here (keys are kept as they are). */
  constructor(private readonly cipher?: Cipher) {}

  get size(): number {
    return this.rows.size;
  }

  all(): Secret[] {
    return [...this.rows.values()];
  }

  async add(secret: Secret): Promise<void> {
    if (this.rows.has(secret.metadataKey) || this.all().some((row) => row.secretKey === secret.secretKey)) {
      throw new Error('duplicate key');
    }
    this.rows.set(secret.metadataKey, secret);
  }

  async findBySecretKey(secretKey: string): Promise<Secret | null> {
    return this.all().find((row) => row.secretKey === secretKey) ?? null;
  }

  async findByMetadataKey(metadataKey: string): Promise<Secret | null> {
    return this.rows.get(metadataKey) ?? null;
  }

  async commit(next: Secret): Promise<boolean> {
    const stored = this.rows.get(next.metadataKey);
    if (!stored || stored.version !== next.version) return false;
    this.rows.set(next.metadataKey, Secret.restore({ ...this.propsOf(next), version: next.version + 1 }));
    return true;
  }

  async listByOwner(owner: string, now: Date, limit: number): Promise<Secret[]> {
    return this.all()
      .filter((row) => row.owner === owner && row.isMetadataAliveAt(now))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit);
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    const dead = this.all().filter((row) => !row.isMetadataAliveAt(now)).slice(0, limit);
    for (const row of dead) this.rows.delete(row.metadataKey);
    return dead.length;
  }

  async scrubExpiredValues(now: Date, limit: number): Promise<number> {
    const stale = this.all()
      .filter((row) => row.isMetadataAliveAt(now) && row.sealedValue !== null && row.stateAt(now) === MetadataState.Expired)
      .slice(0, limit);
    for (const row of stale) this.rows.set(row.metadataKey, Secret.restore({ ...this.propsOf(row), sealedValue: null, passphraseHash: null }));
    return stale.length;
  }

  async resealStale(limit: number): Promise<ResealBatch> {
    const cipher = this.cipher;
    if (!cipher) return { found: 0, resealed: 0 };
    const stale = this.all().filter((row) => row.sealedValue && !cipher.isCurrent(row.sealedValue)).slice(0, limit);
    for (const row of stale) {
      const resealed = row.withSealedValue(cipher.seal(cipher.open(row.sealedValue as string)));
      this.rows.set(row.metadataKey, Secret.restore({ ...this.propsOf(resealed), version: row.version + 1 }));
    }
    return { found: stale.length, resealed: stale.length };
  }

  async countExpired(now: Date): Promise<number> {
    return this.all().filter((row) => !row.isMetadataAliveAt(now)).length;
  }

  async countByState(now: Date): Promise<SecretCount[]> {
    return this.all()
      .filter((row) => row.isMetadataAliveAt(now))
      .map((row) => ({ state: row.storedState, secretExpired: row.stateAt(now) === MetadataState.Expired, count: 1 }));
  }

  async oldestExpiry(): Promise<Date | null> {
    const expiries = this.all().map((row) => row.metadataExpiresAt.getTime());
    return expiries.length === 0 ? null : new Date(Math.min(...expiries));
  }

  private propsOf(secret: Secret) {
    return {
      secretKey: secret.secretKey,
      metadataKey: secret.metadataKey,
      owner: secret.owner,
      sealedValue: secret.sealedValue,
      passphraseHash: secret.passphraseHash,
      ttl: secret.ttl,
      state: secret.storedState,
      failedAttempts: secret.failedAttempts,
      recipients: secret.recipients,
      createdAt: secret.createdAt,
      updatedAt: secret.updatedAt,
      receivedAt: secret.receivedAt,
      secretExpiresAt: secret.secretExpiresAt,
      metadataExpiresAt: secret.metadataExpiresAt,
      version: secret.version,
    };
  }
}
