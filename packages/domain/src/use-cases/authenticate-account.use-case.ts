import { Account } from '../account/account';
import { NotAuthorizedError } from '../errors';
import { AccountRepository, TokenHasher } from '../ports';
import { accountCaller, Caller } from '../secret/caller';

export interface AuthenticateAccountInput {
  readonly custid: string;
  readonly token: string;
}

/** Basic-auth credentials to a caller; unknown user, wrong token and disabled account look the same. */
export class AuthenticateAccount {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: TokenHasher,
  ) {}

  async execute(input: AuthenticateAccountInput): Promise<Caller> {
    // A name no account can have is refused before storage is asked (PostgreSQL text cannot even hold a NUL).
    if (input.token === '' || !Account.isValidCustid(input.custid)) throw new NotAuthorizedError();
    const account = await this.accounts.findByCustid(input.custid);
    const matches = this.tokens.matches(input.token, account?.tokenHash ?? '');
    if (!account || !matches || account.disabled) throw new NotAuthorizedError();
    return accountCaller(account.custid);
  }
}
