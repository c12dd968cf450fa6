import { AccountEventType } from '../account/account-event';
import { AccountNotFoundError } from '../errors';
import { AccountRepository, AuditTrail, Clock, KeyGenerator, TokenHasher } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';
import { IssuedToken } from './create-account.use-case';

export interface RotateAccountTokenInput {
  readonly custid: string;
  readonly origin?: RequestOrigin;
}

/** Issues a new token; the old one stops working at once. */
export class RotateAccountToken {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly keys: KeyGenerator,
    private readonly tokens: TokenHasher,
    private readonly audit: AuditTrail,
  ) {}

  async execute(input: RotateAccountTokenInput): Promise<IssuedToken> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    const token = this.keys.apiToken();
    const now = this.clock.now();
    await this.accounts.save(account.withToken(this.tokens.hash(token), now));
    await this.audit.record({ event: AccountEventType.TokenReplaced, at: now, custid: account.custid, origin: input.origin ?? NO_ORIGIN });
    return { custid: account.custid, token };
  }
}
