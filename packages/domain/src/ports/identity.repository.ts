import { Identity } from '../account/identity';

/**
 * Which account each provider identity belongs to. An identity is linked once and never moved, and an
 * account has at most one identity per issuer. Held to `identityRepositoryContract` in `@hush/domain/testing`.
 */
export interface IdentityRepository {
  find(issuer: string, subject: string): Promise<Identity | null>;
  /** The account's identities, oldest first. */
  listByAccount(custid: string): Promise<Identity[]>;
  /**
   * Links (issuer, subject) to the account unless either is taken for that issuer, atomically, so that of
   * any number of concurrent links one wins. Returns the identity then stored for (issuer, subject): this
   * one, or the one that came first (which may name another account); null when none is, because the
   * account already has another identity of this issuer.
   */
  link(identity: Identity): Promise<Identity | null>;
  /** Unlinks every identity of the account (it is being deleted); returns how many. */
  deleteByAccount(custid: string): Promise<number>;
}
