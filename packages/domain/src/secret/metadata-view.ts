import { MetadataState } from './metadata-state';
import { Secret } from './secret';

/** What the creator may know of a receipt in its current state; how a protocol shows it is the adapter's choice. */
export interface MetadataView {
  /** Null for a secret shared anonymously. */
  readonly owner: string | null;
  readonly metadataKey: string;
  /** The short reference a person reads on every page and notice about this secret: the secret key's first characters. */
  readonly reference: string;
  /** While the secret can still be revealed (and the caller was shown it); null otherwise. */
  readonly secretKey: string | null;
  readonly ttl: number;
  /** Seconds until the receipt itself expires. */
  readonly metadataTtl: number;
  /** Seconds until the secret expires, while it can still be revealed; null otherwise. */
  readonly secretTtl: number | null;
  readonly state: MetadataState;
  readonly createdAt: Date;
  /** When the secret expires, or expired: createdAt plus its ttl, in every state. */
  readonly secretExpiresAt: Date;
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
  /** secretReference() of the secret key, which every view shows, listings too. */
  readonly reference: string;
  /** Shown only while the secret can be revealed; left out where it is never shown (listings). */
  readonly secretKey?: string;
}

/** Characters of the secret key a reference shows (the burn response's `secret_shortkey`, webhooks and notices). */
export const SECRET_REFERENCE_LENGTH = 6;

/** The reference of a secret: short, so that the 160-bit key it starts stays unguessable, and the same everywhere. */
export const secretReference = (secretKey: string): string => secretKey.slice(0, SECRET_REFERENCE_LENGTH);

const secondsLeft = (until: Date, now: Date): number => Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000));

export function describeMetadata(secret: Secret, now: Date, keys: ViewKeys): MetadataView {
  const state = secret.stateAt(now);
  const live = state === MetadataState.New || state === MetadataState.Viewed;
  return {
    owner: secret.owner,
    metadataKey: keys.metadataKey,
    reference: keys.reference,
    secretKey: live ? (keys.secretKey ?? null) : null,
    ttl: secret.ttl,
    metadataTtl: secondsLeft(secret.metadataExpiresAt, now),
    secretTtl: live ? secondsLeft(secret.secretExpiresAt, now) : null,
    state,
    createdAt: secret.createdAt,
    secretExpiresAt: secret.secretExpiresAt,
    updatedAt: secret.updatedAt,
    receivedAt: state === MetadataState.Received ? (secret.receivedAt ?? secret.updatedAt) : null,
    recipients: [...secret.recipients],
    passphraseRequired: secret.createdWithPassphrase,
  };
}
