import { Account } from '../account/account';
import { AccountRepository, Clock, KeyGenerator, TokenHasher } from '../ports';

export interface CreateAccountInput {
  readonly custid: string;
}

export interface IssuedToken {
  readonly custid: string;
  /** Shown this once; only its hash is stored. */
  readonly token: string;
}

export class CreateAccount {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly keys: KeyGenerator,
    private readonly tokens: TokenHasher,
  ) {}

  async execute(input: CreateAccountInput): Promise<IssuedToken> {
    Account.assertValidCustid(input.custid);
    const token = this.keys.apiToken();
    await this.accounts.add(Account.create(input.custid, this.tokens.hash(token), this.clock.now()));
    return { custid: input.custid, token };
  }
}
