import { UnknownSecretError } from '../errors';
import { MetadataState, StoredState } from './metadata-state';

export interface SecretProps {
  /** The key the recipient uses to reveal the value. */
  readonly secretKey: string;
  /** The creator's private key for the receipt (metadata). */
  readonly metadataKey: string;
  /** Account that created the secret; null when it was created anonymously. */
  readonly owner: string | null;
  /** The value as sealed by the Cipher port; null once revealed, burned or purged. */
  readonly sealedValue: string | null;
  readonly passphraseHash: string | null;
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
  readonly secretKey: string;
  readonly metadataKey: string;
  readonly owner: string | null;
  readonly sealedValue: string;
  readonly passphraseHash: string | null;
  readonly ttl: number;
  readonly recipients: readonly string[];
}

const LIVE: readonly StoredState[] = [MetadataState.New, MetadataState.Viewed];

/** A shared secret and its receipt: one aggregate, so every state change is one atomic write. */
export class Secret {
  private constructor(private readonly props: SecretProps) {}

  static create(input: NewSecret, now: Date): Secret {
    return new Secret({
      ...input,
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

  get secretKey(): string { return this.props.secretKey; }
  get metadataKey(): string { return this.props.metadataKey; }
  get owner(): string | null { return this.props.owner; }
  get sealedValue(): string | null { return this.props.sealedValue; }
  get passphraseHash(): string | null { return this.props.passphraseHash; }
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

  /** The first six characters of the secret key, safe to show after a burn. */
  get shortKey(): string { return this.props.secretKey.slice(0, 6); }

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
    if (this.props.sealedValue === null) return MetadataState.Orphaned;
    return this.props.state;
  }

  /** True while the value still exists and may be revealed or burned. */
  isRevealableAt(now: Date): boolean {
    const state = this.stateAt(now);
    return state === MetadataState.New || state === MetadataState.Viewed;
  }

  /** The owner has seen the receipt: new → viewed. Any other state is left as it is. */
  markViewed(now: Date): Secret {
    if (this.stateAt(now) !== MetadataState.New) return this;
    return this.next({ state: MetadataState.Viewed, updatedAt: now });
  }

  /** Consumes the value: it is gone from storage once this change is committed. */
  reveal(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ state: MetadataState.Received, sealedValue: null, passphraseHash: null, receivedAt: now, updatedAt: now });
  }

  burn(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ state: MetadataState.Burned, sealedValue: null, passphraseHash: null, updatedAt: now });
  }

  recordFailedAttempt(now: Date): Secret {
    this.assertRevealable(now);
    return this.next({ failedAttempts: this.props.failedAttempts + 1, updatedAt: now });
  }

  /** Same secret, value sealed anew under the current key (key rotation). */
  withSealedValue(sealedValue: string): Secret {
    return this.next({ sealedValue });
  }

  private assertRevealable(now: Date): void {
    if (!this.isRevealableAt(now)) throw new UnknownSecretError(this.props.secretKey);
  }

  private next(changes: Partial<SecretProps>): Secret {
    return new Secret({ ...this.props, ...changes });
  }
}
