import { AccountNotFoundError } from '../errors';
import { AccountRepository } from '../ports';
import { AccountSummary } from './list-accounts.use-case';

export interface GetAccountInput {
  readonly custid: string;
}

/** One account's settings, as its owner sees them (never its token hash). */
export class GetAccount {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(input: GetAccountInput): Promise<AccountSummary> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    const { custid, disabled, createdAt, notifyOnReveal, locale } = account;
    return { custid, disabled, createdAt, notifyOnReveal, locale };
  }
}
