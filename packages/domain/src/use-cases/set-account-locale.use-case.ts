import { AccountNotFoundError } from '../errors';
import { AccountRepository, Clock } from '../ports';

export interface SetAccountLocaleInput {
  readonly custid: string;
  /** A language the service speaks (the adapter checks which); null for the service's default. */
  readonly locale: string | null;
}

/** The language of the mails sent about an account's secrets. */
export class SetAccountLocale {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: SetAccountLocaleInput): Promise<void> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    await this.accounts.save(account.withLocale(input.locale, this.clock.now()));
  }
}
