import { Account } from '../account/account';
import { NotAuthorizedError } from '../errors';
import { AccountRepository, Clock, TokenHasher } from '../ports';
import { accountCaller, Caller } from '../secret/caller';

export interface AuthenticateAccountInput {
  readonly custid: string;
  readonly token: string;
}

/** Accounts kept at most; past it the oldest entry makes room. */
const CACHE_ENTRIES = 10_000;

/**
 * Basic-auth credentials to a caller; unknown user, wrong token and disabled account look the same.
 * An account read is reused for `cacheMs`, so a disabled account or a replaced token stops working
 * within that bound; a token that does not match the kept account is checked against a fresh read,
 * so a new token works at once.
 */
export class AuthenticateAccount {
  private readonly cache = new Map<string, { readonly account: Account; readonly until: number }>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
    private readonly cacheMs = 0,
  ) {}

  async execute(input: AuthenticateAccountInput): Promise<Caller> {
    // A name no account can have is refused before storage is asked (PostgreSQL text cannot even hold a NUL).
    if (input.token === '' || !Account.isValidCustid(input.custid)) throw new NotAuthorizedError();
    let account: Account | null | undefined = this.cached(input.custid);
    if (!account || !this.tokens.matches(input.token, account.tokenHash)) account = await this.load(input.custid);
    const matches = this.tokens.matches(input.token, account?.tokenHash ?? '');
    if (!account || !matches || account.disabled) throw new NotAuthorizedError();
    return accountCaller(account.custid);
  }

  private cached(custid: string): Account | undefined {
    const entry = this.cache.get(custid);
    if (entry && entry.until > this.clock.now().getTime()) return entry.account;
    if (entry) this.cache.delete(custid);
    return undefined;
  }

  private async load(custid: string): Promise<Account | null> {
    const account = await this.accounts.findByCustid(custid);
    // Only a usable account is kept: one enabled again is let in at once.
    if (account && !account.disabled && this.cacheMs > 0) {
      if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(custid, { account, until: this.clock.now().getTime() + this.cacheMs });
    }
    return account;
  }
}
