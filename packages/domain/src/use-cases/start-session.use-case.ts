import { AccountEventType, SignInMethod } from '../account/account-event';
import { Session } from '../account/session';
import { AccountDisabledError, AccountNotFoundError } from '../errors';
import { AccountRepository, AuditTrail, Clock, KeyGenerator, SessionStore, TokenHasher } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';

export interface StartSessionInput {
  /** An account the adapter has just authenticated (SignInWithIdentity, AuthenticateAccount). */
  readonly custid: string;
  readonly method: SignInMethod;
  /** The request's origin; the session keeps its user agent. */
  readonly origin?: RequestOrigin;
  /** The token of a session the browser already holds: it ends, so no token survives a sign-in. */
  readonly previousToken?: string | null;
}

export interface StartedSession {
  readonly custid: string;
  /** Shown this once (the cookie's value); only its digest is stored. */
  readonly token: string;
}

/** Starts a session with a new token every time (no fixation); a disabled account gets none. */
export class StartSession {
  constructor(
    private readonly sessions: SessionStore,
    private readonly accounts: AccountRepository,
    private readonly keys: KeyGenerator,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(input: StartSessionInput): Promise<StartedSession> {
    const origin = input.origin ?? NO_ORIGIN;
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    if (account.disabled) {
      await this.audit.record({ event: AccountEventType.SignInRefused, at: this.clock.now(), custid: account.custid, origin, reason: 'account_disabled' });
      throw new AccountDisabledError(account.custid);
    }
    if (input.previousToken) await this.sessions.delete(this.tokens.hash(input.previousToken));
    const token = this.keys.sessionToken();
    const now = this.clock.now();
    await this.sessions.add(Session.start(this.tokens.hash(token), account.custid, origin.userAgent, now));
    await this.audit.record({ event: AccountEventType.SignedIn, at: now, custid: account.custid, origin, reason: input.method });
    return { custid: account.custid, token };
  }
}
