import { SecretEventType } from '../secret/secret-event';

export interface AuditEntry {
  readonly eventId: string;
  readonly at: Date;
  readonly event: SecretEventType;
  /** Who acted: a custid, or `anon`. */
  readonly custid: string;
  /** Whose secret: a custid, or `anon`. */
  readonly owner: string;
  /** The SHA-256 of the metadata key, in hex: names the secret without holding a key. */
  readonly secretRef: string;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  readonly reason: string | null;
}

export interface AuditQuery {
  /** Entries where this account acted or owns the secret. */
  readonly custid?: string;
  readonly secretRef?: string;
  readonly since?: Date;
  readonly limit: number;
}

/** The audit rows that writes record (see ChangeRecord); read oldest first. */
export interface AuditTrail {
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** One bounded batch: forgets entries of secrets whose metadata expired before `before`. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
