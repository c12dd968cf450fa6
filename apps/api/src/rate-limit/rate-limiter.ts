import type { RateCounter } from '@hush/persistence';
import { RateLimitedError } from './rate-limited.error';

export type AnonymousLimit = 'create' | 'reveal';

/** Calls per minute; 0 turns a limit off. */
export interface RateLimitSettings {
  readonly accountPerMinute: number;
  readonly createPerMinute: number;
  readonly revealPerMinute: number;
  readonly authFailuresPerMinute: number;
  /** The fixed window the limits count in: 60 s, so that each limit is per minute (tests lengthen it). */
  readonly windowSeconds: number;
}

/**
 * Spec §9: authenticated calls count against their account, anonymous creates and reveals against the
 * client, failed authentications against the client. Each admission is one counter hit.
 */
export class RateLimiter {
  constructor(
    private readonly counter: RateCounter,
    private readonly limits: RateLimitSettings,
  ) {}

  /**
   * Every call of an authenticated account, whatever its client's failed authentications: a right token
   * is never refused for them (a lockout of the owner behind a shared address is the real risk).
   */
  async admitAccount(custid: string): Promise<void> {
    const perMinute = this.limits.accountPerMinute;
    if (perMinute === 0) return;
    const count = await this.counter.hit({ key: `account:${custid}` });
    if (count.hits > perMinute) throw new RateLimitedError(count.resetsInSeconds);
  }

  async admitAnonymous(limit: AnonymousLimit, client: string): Promise<void> {
    const perMinute = limit === 'create' ? this.limits.createPerMinute : this.limits.revealPerMinute;
    if (perMinute === 0) return;
    const count = await this.counter.hit({ key: `${limit}:${client}` });
    if (count.hits > perMinute) throw new RateLimitedError(count.resetsInSeconds);
  }

  /**
   * Counts a failed authentication, after the comparison (so a right token is never refused); throws when
   * the client has now failed more often than its budget, for every kind of failure alike.
   */
  async authenticationFailed(client: string): Promise<void> {
    const perMinute = this.limits.authFailuresPerMinute;
    if (perMinute === 0) return;
    const count = await this.counter.hit({ key: `auth-failure:${client}` });
    if (count.hits > perMinute) throw new RateLimitedError(count.resetsInSeconds);
  }
}
