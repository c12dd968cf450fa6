import { AccountEventType } from '../account/account-event';
import { AuditTrail, Clock, SessionStore, TokenHasher } from '../ports';
import { NO_ORIGIN, RequestOrigin } from '../secret/secret-event';

export interface EndSessionInput {
  readonly token: string;
  readonly origin?: RequestOrigin;
}

/** Sign-out: the row goes, so a copied cookie is dead too. True when there was a session to end. */
export class EndSession {
  constructor(
    private readonly sessions: SessionStore,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(input: EndSessionInput): Promise<boolean> {
    if (input.token === '') return false;
    const ended = await this.sessions.delete(this.tokens.hash(input.token));
    if (!ended) return false;
    await this.audit.record({ event: AccountEventType.SignedOut, at: this.clock.now(), custid: ended.custid, origin: input.origin ?? NO_ORIGIN });
    return true;
  }
}
