/** NOTIFICATIONS.md §5: what can happen to a secret, as the audit trail, webhooks and notices name it. */
export const SecretEventType = {
  Created: 'secret.created',
  Revealed: 'secret.revealed',
  Burned: 'secret.burned',
  PassphraseFailed: 'secret.passphrase_failed',
  BurnedByPolicy: 'secret.burned_by_policy',
  Expired: 'secret.expired',
} as const;

export type SecretEventType = (typeof SecretEventType)[keyof typeof SecretEventType];

/** Events that tell the creator what became of a secret (NOTIFICATIONS.md §2). */
export const REVEAL_NOTICE_EVENTS: readonly SecretEventType[] = [SecretEventType.Revealed, SecretEventType.BurnedByPolicy, SecretEventType.Expired];

/** Where a request came from, as the audit trail keeps it (the address as seen after TRUST_PROXY). */
export interface RequestOrigin {
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
}

export const NO_ORIGIN: RequestOrigin = Object.freeze({ clientAddress: null, userAgent: null });

/**
 * What a write records beside the change it makes, in the same statement: one audit row per event
 * and the outbox messages the events call for.
 */
export interface ChangeRecord {
  readonly events: readonly SecretEventType[];
  /** Who made the change: an account's custid, or `anon`. */
  readonly actor: string;
  readonly origin: RequestOrigin;
  /** Why, for failures and burns by policy. */
  readonly reason?: string;
  /** A share's mail to its first recipient: the address and the secret key, sealed (never stored in plain). */
  readonly recipientMail?: string;
}
