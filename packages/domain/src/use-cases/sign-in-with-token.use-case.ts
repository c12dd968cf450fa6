import { Account } from '../account/account';
import { AccountEventType } from '../account/account-event';
import { NotAuthorizedError } from '../errors';
import { AccountRepository, AuditTrail, Clock } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';
import { AuthenticateAccount } from './authenticate-account.use-case';
import { StartedSession, StartSession } from './start-session.use-case';

export interface SignInWithTokenInput {
  readonly custid: string;
  readonly token: string;
  readonly origin?: RequestOrigin;
  /** The token of a session the browser already holds: it ends. */
  readonly previousToken?: string | null;
}

/**
 * ACCOUNTS.md §4–5: the sign-in page's account name and API token to a session. A refusal is recorded
 * (`account.signin_refused`) and thrown as NotAuthorizedError; the typed name is recorded only when it
 * names an account, so a token typed into the name field never reaches the audit trail.
 */
export class SignInWithToken {
  constructor(
    private readonly authenticate: AuthenticateAccount,
    private readonly startSession: StartSession,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(input: SignInWithTokenInput): Promise<StartedSession> {
    const origin = input.origin ?? NO_ORIGIN;
    try {
      await this.authenticate.execute({ custid: input.custid, token: input.token });
    } catch (error) {
      if (error instanceof NotAuthorizedError) await this.recordRefusal(input.custid, origin);
      throw error;
    }
    return this.startSession.execute({ custid: input.custid, method: 'token', origin, previousToken: input.previousToken });
  }

  private async recordRefusal(custid: string, origin: RequestOrigin): Promise<void> {
    const account = Account.isValidCustid(custid) ? await this.accounts.findByCustid(custid) : null;
    const reason = account?.disabled ? 'account_disabled' : 'token_refused';
    await this.audit.record({ event: AccountEventType.SignInRefused, at: this.clock.now(), custid: account?.custid ?? 'anon', origin, reason });
  }
}
