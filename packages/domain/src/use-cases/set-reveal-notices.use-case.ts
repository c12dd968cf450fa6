import { AccountNotFoundError } from '../errors';
import { AccountRepository, Clock } from '../ports';

export interface SetRevealNoticesInput {
  readonly custid: string;
  readonly on: boolean;
}

/** NOTIFICATIONS.md §2: an account opts in to (or out of) a mail when one of its secrets is opened. */
export class SetRevealNotices {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: SetRevealNoticesInput): Promise<void> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    await this.accounts.save(account.withRevealNotices(input.on, this.clock.now()));
  }
}
