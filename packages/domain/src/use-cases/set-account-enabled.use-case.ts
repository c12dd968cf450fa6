import { AccountNotFoundError } from '../errors';
import { AccountRepository, Clock } from '../ports';

export interface SetAccountEnabledInput {
  readonly custid: string;
  readonly enabled: boolean;
}

/** Blocks (or restores) an account's API access without touching its secrets. */
export class SetAccountEnabled {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: SetAccountEnabledInput): Promise<void> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    await this.accounts.save(account.withDisabled(!input.enabled, this.clock.now()));
  }
}
