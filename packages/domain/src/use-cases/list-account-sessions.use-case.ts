import { SessionLimits } from '../account/session';
import { Clock, SessionStore } from '../ports';

export interface ListAccountSessionsInput {
  readonly custid: string;
}

/** A session as an operator sees it: never its token or digest. */
export interface SessionSummary {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userAgent: string | null;
  /** When it ends unless used again: idle limit or age limit, whichever comes first. */
  readonly endsAt: Date;
}

/** An account's live sessions, newest first (`account sessions <custid>`). */
export class ListAccountSessions {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly limits: SessionLimits,
  ) {}

  async execute(input: ListAccountSessionsInput): Promise<SessionSummary[]> {
    const now = this.clock.now();
    return (await this.sessions.listByAccount(input.custid))
      .filter((session) => !session.hasEnded(now, this.limits))
      .map((session) => ({
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        userAgent: session.userAgent,
        endsAt: new Date(Math.min(session.lastSeenAt.getTime() + this.limits.idleMs, session.createdAt.getTime() + this.limits.maxMs)),
      }));
  }
}
