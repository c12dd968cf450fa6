import { AccountNotFoundError } from '../errors';
import { AccountRepository, Clock, KeyGenerator, TokenHasher } from '../ports';
import { IssuedToken } from './create-account.use-case';

export interface RotateAccountTokenInput {
  readonly custid: string;
}

/** Issues a new token; the old one stops working at once. */
export class RotateAccountToken {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly keys: KeyGenerator,
    private readonly tokens: TokenHasher,
  ) {}

  async execute(input: RotateAccountTokenInput): Promise<IssuedToken> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    const token = this.keys.apiToken();
    await this.accounts.save(account.withToken(this.tokens.hash(token), this.clock.now()));
    return { custid: account.custid, token };
  }
}
