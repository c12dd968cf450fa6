import { MetadataState } from './metadata-state';
import { Secret } from './secret';

/** What the creator may know of a receipt in its current state; how a protocol shows it is the adapter's choice. */
export interface MetadataView {
  /** Null for a secret shared anonymously. */
  readonly owner: string | null;
  readonly metadataKey: string;
  /** While the secret can still be revealed (and the caller was shown it); null otherwise. */
  readonly secretKey: string | null;
  readonly ttl: number;
  /** Seconds until the receipt itself expires. */
  readonly metadataTtl: number;
  /** Seconds until the secret expires, while it can still be revealed; null otherwise. */
  readonly secretTtl: number | null;
  readonly state: MetadataState;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When the secret was revealed, in state `received`; null otherwise. */
  readonly receivedAt: Date | null;
  readonly recipients: readonly string[];
  /** Whether it was created with a passphrase, in every state. */
  readonly passphraseRequired: boolean;
}

/** The keys a view may show, in plain text. */
export interface ViewKeys {
  readonly metadataKey: string;
  /** Shown only while the secret can be revealed; left out where it is never shown (listings). */
  readonly secretKey?: string;
}

const secondsLeft = (until: Date, now: Date): number => Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000));

export function describeMetadata(secret: Secret, now: Date, keys: ViewKeys): MetadataView {
  const state = secret.stateAt(now);
  const live = state === MetadataState.New || state === MetadataState.Viewed;
  return {
    owner: secret.owner,
    metadataKey: keys.metadataKey,
    secretKey: live ? (keys.secretKey ?? null) : null,
    ttl: secret.ttl,
    metadataTtl: secondsLeft(secret.metadataExpiresAt, now),
    secretTtl: live ? secondsLeft(secret.secretExpiresAt, now) : null,
    state,
    createdAt: secret.createdAt,
    updatedAt: secret.updatedAt,
    receivedAt: state === MetadataState.Received ? (secret.receivedAt ?? secret.updatedAt) : null,
    recipients: [...secret.recipients],
    passphraseRequired: secret.createdWithPassphrase,
  };
}
