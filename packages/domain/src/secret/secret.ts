import { UnknownSecretError } from '../errors';
import { MetadataState, StoredState } from './metadata-state';

/**
 * The value as a read found it: gone, present but not read (reads by metadata key or owner skip its
 * bytes), or read in its sealed form (reads by secret key).
 */
export type StoredValue =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unread' }
  | { readonly kind: 'sealed'; readonly sealed: string };

export const ABSENT_VALUE: StoredValue = Object.freeze({ kind: 'absent' });
export const UNREAD_VALUE: StoredValue = Object.freeze({ kind: 'unread' });
export const sealedValue = (sealed: string): StoredValue => Object.freeze({ kind: 'sealed', sealed });

/** Both keys as sealed for storage (to show them again); lookups go by the keys themselves. */
export interface SealedKeys {
  readonly secretKey: string;
  readonly metadataKey: string;
}

/** The keys in plain text, as generated; only a new secret has them both. */
export interface SecretKeys {
  readonly secretKey: string;
  readonly metadataKey: string;
}

export interface SecretProps {
  /** Storage's own handle for the row, set when a secret is read back; null before it is stored. */
  readonly id: string | null;
  readonly sealedKeys: SealedKeys;
  /** The encryption key every sealed field of this secret is under. */
  readonly keyId: string;
  readonly value: StoredValue;
  /** Account that created the secret; null when it was created anonymously. */
  readonly owner: string | null;
  /** Cleared once the value is gone. */
  readonly passphraseHash: string | null;
  /** Whether the secret was created with a passphrase; it keeps telling after the secret is gone. */
  readonly createdWithPassphrase: boolean;
  /** The ttl that was asked for, after clamping, in seconds. */
  readonly ttl: number;
  readonly state: StoredState;
  readonly failedAttempts: number;
  /** Obscured recipient addresses. */
  readonly recipients: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly receivedAt: Date | null;
  readonly secretExpiresAt: Date;
  readonly metadataExpiresAt: Date;
  /** The stored version this object was read at; a commit applies only over it and writes version + 1. */
  readonly version: number;
}

export interface NewSecret {
  readonly sealedKeys: SealedKeys;
  readonly keyId: string;
  readonly sealedValue: string;
  readonly owner: string | null;
  readonly passphraseHash: string | null;
  readonly ttl: number;
  readonly recipients: readonly string[];
}

const LIVE: readonly StoredState[] = [MetadataState.New, MetadataState.Viewed];

/** A shared secret and its receipt: one aggregate, so every state change is one atomic write. */
export class Secret {
  private constructor(private readonly props: SecretProps) {}

  static create(input: NewSecret, now: Date): Secret {
    const { sealedValue: sealed, ...rest } = input;
    return new Secret({
      ...rest,
      id: null,
      value: sealedValue(sealed),
      createdWithPassphrase: input.passphraseHash !== null,
      recipients: [...input.recipients],
      state: MetadataState.New,
      failedAttempts: 0,
      createdAt: now,
      updatedAt: now,
      receivedAt: null,
      secretExpiresAt: new Date(now.getTime() + input.ttl * 1000),
      metadataExpiresAt: new Date(now.getTime() + 2 * input.ttl * 1000),
      version: 0,
    });
  }

  static restore(props: SecretProps): Secret {
    return new Secret({ ...props });
  }

  get id(): string | null { return this.props.id; }
  get sealedKeys(): SealedKeys { return this.props.sealedKeys; }
  get keyId(): string { return this.props.keyId; }
  get value(): StoredValue { return this.props.value; }
  get owner(): string | null { return this.props.owner; }
  get passphraseHash(): string | null { return this.props.passphraseHash; }
  get createdWithPassphrase(): boolean { return this.props.createdWithPassphrase; }
  get ttl(): number { return this.props.ttl; }
  get storedState(): StoredState { return this.props.state; }
  get failedAttempts(): number { return this.props.failedAttempts; }
  get recipients(): readonly string[] { return this.props.recipients; }
  get createdAt(): Date { return this.props.createdAt; }
  get updatedAt(): Date { return this.props.updatedAt; }
  get receivedAt(): Date | null { return this.props.receivedAt; }
  get secretExpiresAt(): Date { return this.props.secretExpiresAt; }
  get metadataExpiresAt(): Date { return this.props.metadataExpiresAt; }
  get version(): number { return this.props.version; }
  get requiresPassphrase(): boolean { return this.props.passphraseHash !== null; }
  get hasValue(): boolean { return this.props.value.kind !== 'absent'; }

  /** Every stored field, for adapters that copy the aggregate. */
  toProps(): SecretProps {
    return { ...this.props };
  }

  isOwnedBy(custid: string): boolean {
    return this.props.owner !== null && this.props.owner === custid;
  }

  /** Metadata outlives the secret (2 × ttl); past that nothing answers for it. */
  isMetadataAliveAt(now: Date): boolean {
    return now.getTime() < this.props.metadataExpiresAt.getTime();
  }

  stateAt(now: Date): MetadataState {
    if (!LIVE.includes(this.props.state)) return this.props.state;
    if (now.getTime() >= this.props.secretExpiresAt.getTime()) return MetadataState.Expired;
    if (!this.hasValue) return MetadataState.Orphaned;
    return this.props.state;
  }

  /** True while the value still exists and may be revealed or burned. */
  isRevealableAt(now: Date): boolean {
    const state = this.stateAt(now);
    return state === MetadataState.New || state === MetadataState.Viewed;
  }

  /** Consumes the value: it is gone from storage once this change is committed. */
  reveal(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ state: MetadataState.Received, value: ABSENT_VALUE, passphraseHash: null, receivedAt: now, updatedAt: now });
  }

  burn(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ state: MetadataState.Burned, value: ABSENT_VALUE, passphraseHash: null, updatedAt: now });
  }

  recordFailedAttempt(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ failedAttempts: this.props.failedAttempts + 1, updatedAt: now });
  }

  /** Same secret, every sealed field sealed anew under `keyId` (key rotation). */
  resealed(sealedKeys: SealedKeys, value: StoredValue, keyId: string): Secret {
    return this.next({ sealedKeys, value, keyId });
  }

  private assertRevealable(now: Date): void {
    if (!this.isRevealableAt(now)) throw new UnknownSecretError();
  }

  private next(changes: Partial<SecretProps>): Secret {
    return new Secret({ ...this.props, ...changes });
  }
}
