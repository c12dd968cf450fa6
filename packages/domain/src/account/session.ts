/** Characters of the user agent a session keeps. */
export const SESSION_USER_AGENT_LENGTH = 200;
/** Last seen is written at most this often per session, so that a busy session costs no write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface SessionLimitSettings {
  /** A session unused this long has ended. */
  readonly idleMinutes: number;
  /** A session this old has ended, however busy. */
  readonly maxHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimitSettings = Object.freeze({ idleMinutes: 60, maxHours: 12 });

/** When sessions end (WEB_SESSION_IDLE_MINUTES, WEB_SESSION_MAX_HOURS). */
export class SessionLimits {
  private constructor(
    readonly idleMs: number,
    readonly maxMs: number,
  ) {}

  static create(settings: Partial<SessionLimitSettings> = {}): SessionLimits {
    const { idleMinutes, maxHours } = { ...DEFAULT_SESSION_LIMITS, ...settings };
    if (!(idleMinutes > 0) || !(maxHours > 0)) throw new RangeError('Session limits must be positive');
    return new SessionLimits(idleMinutes * 60_000, maxHours * 3_600_000);
  }

  /** Sessions last seen before the first or started before the second have ended at `now`. */
  endedBefore(now: Date): { readonly idleBefore: Date; readonly startedBefore: Date } {
    return { idleBefore: new Date(now.getTime() - this.idleMs), startedBefore: new Date(now.getTime() - this.maxMs) };
  }
}

export interface SessionProps {
  /** The TokenHasher's hash of the session token; the token itself is never kept. */
  readonly tokenDigest: string;
  readonly custid: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userAgent: string | null;
}

/** Control characters go (PostgreSQL text cannot hold a NUL), and the rest is cut at a character, not inside one. */
function keptUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const kept = [...userAgent.replace(/\p{Cc}/gu, '')].slice(0, SESSION_USER_AGENT_LENGTH).join('');
  return kept === '' ? null : kept;
}

/** A signed-in browser: an account, held by whoever presents the token whose digest is kept here. */
export class Session {
  private constructor(private readonly props: SessionProps) {}

  static start(tokenDigest: string, custid: string, userAgent: string | null | undefined, now: Date): Session {
    return new Session({ tokenDigest, custid, createdAt: now, lastSeenAt: now, userAgent: keptUserAgent(userAgent) });
  }

  static restore(props: SessionProps): Session {
    return new Session({ ...props });
  }

  get tokenDigest(): string { return this.props.tokenDigest; }
  get custid(): string { return this.props.custid; }
  get createdAt(): Date { return this.props.createdAt; }
  get lastSeenAt(): Date { return this.props.lastSeenAt; }
  get userAgent(): string | null { return this.props.userAgent; }

  hasEnded(now: Date, limits: SessionLimits): boolean {
    const { idleBefore, startedBefore } = limits.endedBefore(now);
    return this.props.lastSeenAt < idleBefore || this.props.createdAt < startedBefore;
  }

  /** Whether last seen is stale enough to be written again. */
  needsTouch(now: Date): boolean {
    return now.getTime() - this.props.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS;
  }

  touched(now: Date): Session {
    return new Session({ ...this.props, lastSeenAt: now });
  }
}
