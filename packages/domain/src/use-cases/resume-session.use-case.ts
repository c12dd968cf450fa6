import { SessionLimits } from '../account/session';
import { AccountRepository, Clock, SessionStore, TokenHasher } from '../ports';
import { accountCaller, Caller } from '../secret/caller';

export interface ResumeSessionInput {
  /** The cookie's value. */
  readonly token: string;
}

export interface ResumedSession {
  readonly custid: string;
  readonly caller: Caller;
  readonly startedAt: Date;
}

/** Longer than any token KeyGenerator makes: refused before it is hashed. */
const MAX_TOKEN_LENGTH = 128;
/** Accounts kept at most; past it the oldest entry makes room. */
const CACHE_ENTRIES = 10_000;

/**
 * The account a session token stands for, or null (unknown, ended, or its account disabled or gone: the
 * row is deleted then). Last seen is written at most once a minute. That an account is enabled is
 * reused for `accountCacheMs`, so a disabled account's sessions stop within that bound (ACCOUNT_CACHE_SECONDS).
 */
export class ResumeSession {
  private readonly enabledUntil = new Map<string, number>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly accounts: AccountRepository,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
    private readonly limits: SessionLimits,
    private readonly accountCacheMs = 0,
  ) {}

  async execute(input: ResumeSessionInput): Promise<ResumedSession | null> {
    if (input.token === '' || input.token.length > MAX_TOKEN_LENGTH) return null;
    const digest = this.tokens.hash(input.token);
    const session = await this.sessions.find(digest);
    if (!session) return null;
    const now = this.clock.now();
    if (session.hasEnded(now, this.limits) || !(await this.isEnabled(session.custid, now))) {
      await this.sessions.delete(digest);
      return null;
    }
    if (session.needsTouch(now)) await this.sessions.touch(digest, now);
    return { custid: session.custid, caller: accountCaller(session.custid), startedAt: session.createdAt };
  }

  private async isEnabled(custid: string, now: Date): Promise<boolean> {
    const until = this.enabledUntil.get(custid);
    if (until !== undefined && until > now.getTime()) return true;
    this.enabledUntil.delete(custid);
    const account = await this.accounts.findByCustid(custid);
    const enabled = account !== null && !account.disabled;
    if (enabled && this.accountCacheMs > 0) {
      if (this.enabledUntil.size >= CACHE_ENTRIES) this.enabledUntil.delete(this.enabledUntil.keys().next().value as string);
      this.enabledUntil.set(custid, now.getTime() + this.accountCacheMs);
    }
    return enabled;
  }
}
