import { ANONYMOUS_CUSTID } from './caller';
import { MetadataState } from './metadata-state';
import { Secret } from './secret';

/**
 * The receipt as the creator sees it, with the visibility rules applied.
 * A field that is `undefined` is absent from the wire; `null` is sent as null.
 */
export interface MetadataView {
  readonly custid: string;
  readonly metadataKey: string;
  readonly secretKey?: string | null;
  readonly ttl: number;
  readonly metadataTtl: number;
  readonly secretTtl?: number | null;
  readonly state: MetadataState;
  readonly updated: number;
  readonly created: number;
  readonly received?: number;
  readonly recipient: readonly string[];
  /** Present only while the secret itself still exists. */
  readonly passphraseRequired?: boolean;
}

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const secondsLeft = (until: Date, now: Date): number => Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000));

export function describeMetadata(secret: Secret, now: Date): MetadataView {
  const state = secret.stateAt(now);
  const base = {
    custid: secret.owner ?? ANONYMOUS_CUSTID,
    metadataKey: secret.metadataKey,
    ttl: secret.ttl,
    metadataTtl: secondsLeft(secret.metadataExpiresAt, now),
    state,
    updated: unixSeconds(secret.updatedAt),
    created: unixSeconds(secret.createdAt),
    recipient: [...secret.recipients],
  };
  switch (state) {
    case MetadataState.New:
    case MetadataState.Viewed:
      return {
        ...base,
        secretKey: secret.secretKey,
        secretTtl: secondsLeft(secret.secretExpiresAt, now),
        passphraseRequired: secret.requiresPassphrase,
      };
    case MetadataState.Received:
      return { ...base, received: unixSeconds(secret.receivedAt ?? secret.updatedAt) };
    case MetadataState.Burned:
    case MetadataState.Expired:
    case MetadataState.Orphaned:
      return { ...base, secretKey: '', secretTtl: null };
  }
}

/** In a listing the secret key is always null and passphrase_required is left out. */
export function describeMetadataForListing(secret: Secret, now: Date): MetadataView {
  const { passphraseRequired: _omitted, ...view } = describeMetadata(secret, now);
  return { ...view, secretKey: null };
}
