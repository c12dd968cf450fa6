import { Session } from '../account/session';

/**
 * Server-side sessions, one row each, found by the digest of their token (never the token). Every
 * adapter is held to this contract by `sessionStoreContract` in `@hush/domain/testing`.
 */
export interface SessionStore {
  /** Stores a new session; rejects a digest already stored. */
  add(session: Session): Promise<void>;
  /** The session with every field as stored (times to the millisecond), or null. */
  find(tokenDigest: string): Promise<Session | null>;
  /** Sets last seen to `at`, never backwards; nothing when the session is gone. */
  touch(tokenDigest: string, at: Date): Promise<void>;
  /** Deletes the session and returns it as it was, or null when there was none. */
  delete(tokenDigest: string): Promise<Session | null>;
  /** Deletes every session of the account; returns how many. */
  deleteByAccount(custid: string): Promise<number>;
  /** The account's sessions, newest first. */
  listByAccount(custid: string): Promise<Session[]>;
  /** One bounded batch: deletes up to `limit` sessions last seen before `idleBefore` or started before `startedBefore`. */
  deleteEnded(idleBefore: Date, startedBefore: Date, limit: number): Promise<number>;
}
