import { Account } from '../account/account';
import { AccountEventType } from '../account/account-event';
import { IdentityClaims } from '../account/identity';
import { SignInPolicy } from '../account/sign-in-policy';
import { AccountDisabledError, AccountExistsError, AccountNotFoundError, SignInNotAllowedError } from '../errors';
import { AccountRepository, AuditTrail, Clock, IdentityRepository, KeyGenerator, TokenHasher } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';

export interface SignInWithIdentityInput {
  /** Claims of an ID token the adapter has verified (signature, issuer, audience, expiry, nonce). */
  readonly claims: IdentityClaims;
  readonly origin?: RequestOrigin;
}

export interface IdentifiedAccount {
  readonly custid: string;
  /** The account was made by this sign-in. */
  readonly created: boolean;
  /** The identity was linked by this sign-in (to an account found by its e-mail, or just made). */
  readonly linked: boolean;
}

/**
 * ACCOUNTS.md §3: the account an identity (issuer, subject) signs in as. A linked identity finds its
 * account alone (a changed e-mail never moves it); a new one is linked to the enabled account whose
 * custid is its e-mail (ignoring case) when that account has no identity of this issuer, or else gets an
 * account of its own (custid: the e-mail) when accounts are created on sign-in. Refusals are recorded
 * and thrown: SignInNotAllowedError (nothing is created), AccountDisabledError. Starting the session is
 * StartSession's.
 */
export class SignInWithIdentity {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly accounts: AccountRepository,
    private readonly keys: KeyGenerator,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly policy: SignInPolicy,
  ) {}

  async execute(input: SignInWithIdentityInput): Promise<IdentifiedAccount> {
    const origin = input.origin ?? NO_ORIGIN;
    try {
      return await this.signIn(input.claims, origin, true);
    } catch (error) {
      if (error instanceof SignInNotAllowedError || error instanceof AccountDisabledError) {
        const refused = error instanceof AccountDisabledError ? { custid: error.custid, reason: 'account_disabled' } : { custid: 'anon', reason: error.reason };
        await this.audit.record({ event: AccountEventType.SignInRefused, at: this.clock.now(), origin, ...refused });
      }
      throw error;
    }
  }

  private async signIn(claims: IdentityClaims, origin: RequestOrigin, mayRetry: boolean): Promise<IdentifiedAccount> {
    const known = await this.identities.find(claims.issuer, claims.subject);
    const refusal = this.policy.refusal(claims, known === null);
    if (refusal) throw new SignInNotAllowedError(refusal);
    if (known) return { custid: await this.enabled(known.custid), created: false, linked: false };

    const email = (claims.email ?? '').trim();
    if (!Account.isValidCustid(email)) throw new SignInNotAllowedError('email_unusable');
    const candidates = await this.accounts.findByCustidIgnoringCase(email);
    const match = candidates.find((account) => account.custid === email) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (match) {
      if (match.disabled) throw new AccountDisabledError(match.custid);
      const linked = (await this.identities.listByAccount(match.custid)).find((identity) => identity.issuer === claims.issuer);
      // This very identity, linked by a concurrent sign-in since it was looked up.
      if (linked?.subject === claims.subject) return { custid: match.custid, created: false, linked: false };
      if (linked) throw new SignInNotAllowedError('email_taken');
      return this.link(claims, match.custid, false);
    }
    // Several accounts differing only in case, none spelt as the claim: which one is meant cannot be told.
    if (candidates.length > 0) throw new SignInNotAllowedError('email_taken');
    if (!this.policy.createsAccounts) throw new SignInNotAllowedError('no_account');

    const now = this.clock.now();
    // The API token is never shown: the person makes one on their account page when they want one.
    const account = Account.create(email, this.tokens.hash(this.keys.apiToken()), now).withLocale(this.policy.localeOf(claims), now);
    try {
      await this.accounts.add(account);
    } catch (error) {
      // A concurrent first sign-in (of this identity, most likely) made it first: start again, and link to it.
      if (error instanceof AccountExistsError && mayRetry) return this.signIn(claims, origin, false);
      throw error;
    }
    await this.audit.record({ event: AccountEventType.Created, at: now, custid: email, origin, reason: 'sso' });
    return this.link(claims, email, true);
  }

  private async link(claims: IdentityClaims, custid: string, created: boolean): Promise<IdentifiedAccount> {
    const stored = await this.identities.link({ issuer: claims.issuer, subject: claims.subject, custid, createdAt: this.clock.now() });
    // The account took another identity of this issuer meanwhile.
    if (!stored) throw new SignInNotAllowedError('email_taken');
    // Linked elsewhere meanwhile: a link is never moved, so that account it is.
    if (stored.custid !== custid) return { custid: await this.enabled(stored.custid), created: false, linked: false };
    return { custid, created, linked: true };
  }

  private async enabled(custid: string): Promise<string> {
    const account = await this.accounts.findByCustid(custid);
    if (!account) throw new AccountNotFoundError(custid);
    if (account.disabled) throw new AccountDisabledError(custid);
    return custid;
  }
}
