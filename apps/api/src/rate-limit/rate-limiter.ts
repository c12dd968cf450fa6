import type { RateCounter } from '@hush/persistence';
import { RateLimitedError } from './rate-limited.error';

export type AnonymousLimit = 'create' | 'reveal';

/** Calls per minute; 0 turns a limit off. */
export interface RateLimitSettings {
  readonly accountPerMinute: number;
  readonly createPerMinute: number;
  readonly revealPerMinute: number;
  readonly authFailuresPerMinute: number;
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
   * Every call of an authenticated account. While its client is over the failed-authentication
   * budget, right credentials are refused like wrong ones, so guessing past the budget learns nothing.
   */
  async admitAccount(custid: string, client: string): Promise<void> {
    const { accountPerMinute, authFailuresPerMinute } = this.limits;
    if (accountPerMinute === 0 && authFailuresPerMinute === 0) return;
    const count = await this.counter.hit({ key: `account:${custid}`, peek: authFailuresPerMinute > 0 ? failuresKey(client) : undefined });
    const overAccount = accountPerMinute > 0 && count.hits > accountPerMinute;
    const overFailures = authFailuresPerMinute > 0 && count.peeked >= authFailuresPerMinute;
    if (overAccount || overFailures) throw new RateLimitedError(count.resetsInSeconds);
  }

  async admitAnonymous(limit: AnonymousLimit, client: string): Promise<void> {
    const perMinute = limit === 'create' ? this.limits.createPerMinute : this.limits.revealPerMinute;
    if (perMinute === 0) return;
    const count = await this.counter.hit({ key: `${limit}:${client}` });
    if (count.hits > perMinute) throw new RateLimitedError(count.resetsInSeconds);
  }

  /** Counts a failed authentication; throws when the client has now failed more often than its budget. */
  async authenticationFailed(client: string): Promise<void> {
    const perMinute = this.limits.authFailuresPerMinute;
    if (perMinute === 0) return;
    const count = await this.counter.hit({ key: failuresKey(client) });
    if (count.hits > perMinute) throw new RateLimitedError(count.resetsInSeconds);
  }
}

const failuresKey = (client: string) => `auth-failure:${client}`;
