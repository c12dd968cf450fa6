import { SecretEventType } from '../secret/secret-event';

/** What an outbox message is for: a webhook POST, the recipient's mail, or the creator's read notice. */
export type MessageKind = 'webhook' | 'recipient_mail' | 'reveal_notice';

/** A message leased to this process for delivery. */
export interface OutboxMessage {
  readonly id: string;
  /** The event's id: the audit row's, and the webhook-id of every attempt. */
  readonly eventId: string;
  readonly kind: MessageKind;
  readonly event: SecretEventType;
  /** A webhook's URL; null for mail. */
  readonly destination: string | null;
  /** The SHA-256 of the secret's metadata key, in hex (as in the audit trail). */
  readonly secretRef: string;
  /** The secret's owner, or `anon`. */
  readonly custid: string;
  /** JSON, nothing secret: a webhook's body verbatim, or what a mail needs besides its sealed part. */
  readonly payload: string;
  /** A recipient mail's address and secret key, sealed; null otherwise. */
  readonly sealed: string | null;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  readonly createdAt: Date;
  /** Past this, a failed attempt is the last. */
  readonly retryUntil: Date;
  /** Whether the secret can still be revealed (a recipient's mail is pointless once it cannot). */
  readonly secretLive: boolean;
  readonly leaseToken: string;
}

/** A message as the operator sees it (nothing sealed). */
export interface OutboxEntry {
  readonly id: string;
  readonly eventId: string;
  readonly kind: MessageKind;
  readonly event: SecretEventType;
  readonly destination: string | null;
  readonly custid: string;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly deadAt: Date | null;
}

export interface OutboxBacklog {
  /** Messages still to be delivered (leased or not). */
  readonly pending: number;
  readonly dead: number;
  readonly oldestPendingAt: Date | null;
}

/**
 * Messages written with the changes that cause them (see ChangeRecord), delivered at least once by
 * whichever process leases them. A lease that runs out (its holder died) puts a message back.
 */
export interface Outbox {
  /** Leases up to `limit` due messages for `leaseMs`: for each secret and destination, only the oldest undelivered one. */
  claim(limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Removes a delivered (or no longer wanted) message; false when the lease was lost meanwhile. */
  complete(message: OutboxMessage): Promise<boolean>;
  /** Another attempt after `delayMs`, or, with null, kept as dead; false when the lease was lost meanwhile. */
  fail(message: OutboxMessage, error: string, delayMs: number | null): Promise<boolean>;
  list(query: { readonly dead?: boolean; readonly limit: number }): Promise<OutboxEntry[]>;
  /** Makes dead messages (all, or those named) due now, with another `horizonMs` of retries; returns how many. */
  retry(ids: readonly string[] | 'all-dead', horizonMs: number): Promise<number>;
  backlog(): Promise<OutboxBacklog>;
  /** One bounded batch: forgets dead messages that died before `before`. */
  deleteDead(before: Date, limit: number): Promise<number>;
}
