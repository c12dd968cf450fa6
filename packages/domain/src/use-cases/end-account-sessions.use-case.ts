import { AccountEventType } from '../account/account-event';
import { AuditTrail, Clock, SessionStore } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';

export interface EndAccountSessionsInput {
  readonly custid: string;
  readonly origin?: RequestOrigin;
}

/** Signs an account out everywhere (`account signout <custid>`); returns how many sessions ended. */
export class EndAccountSessions {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(input: EndAccountSessionsInput): Promise<number> {
    const ended = await this.sessions.deleteByAccount(input.custid);
    if (ended > 0) {
      await this.audit.record({ event: AccountEventType.SignedOut, at: this.clock.now(), custid: input.custid, origin: input.origin ?? NO_ORIGIN, reason: 'all_sessions' });
    }
    return ended;
  }
}
