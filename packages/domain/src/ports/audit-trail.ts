import { AccountEventType } from '../account/account-event';
import { RequestOrigin, SecretEventType } from '../secret/secret-event';

/** Every event the audit trail names: a secret's (NOTIFICATIONS.md §5) or an account's (ACCOUNTS.md §5). */
export type AuditEventType = SecretEventType | AccountEventType;

export interface AuditEntry {
  readonly eventId: string;
  readonly at: Date;
  readonly event: AuditEventType;
  /** Who acted: a custid, or `anon`. */
  readonly custid: string;
  /** Whose secret or account: a custid, or `anon`. */
  readonly owner: string;
  /** The SHA-256 of the metadata key, in hex: names the secret without holding a key. Null for account events. */
  readonly secretRef: string | null;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  /** Why, for failures and burns by policy; for account events the sign-in method or the refusal's reason. */
  readonly reason: string | null;
}

/** An account event, written on its own (a secret's events are written by the change itself, see ChangeRecord). */
export interface AccountAuditRecord {
  readonly event: AccountEventType;
  readonly at: Date;
  /** The account, or `anon` when a refused person has none. */
  readonly custid: string;
  readonly origin: RequestOrigin;
  readonly reason?: string | null;
}

export interface AuditQuery {
  /** Entries where this account acted or owns the secret. */
  readonly custid?: string;
  readonly secretRef?: string;
  readonly since?: Date;
  readonly limit: number;
}

/** The audit rows that writes record (see ChangeRecord), and account events; read oldest first. */
export interface AuditTrail {
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** Records an account event; kept as long after it happened as a secret's events after its metadata expired. */
  record(entry: AccountAuditRecord): Promise<void>;
  /** One bounded batch: forgets entries of secrets whose metadata expired before `before` (account events: that happened before it). */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
