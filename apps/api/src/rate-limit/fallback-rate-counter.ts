import type { RateCount, RateCounter, RateHit } from '@hush/persistence';

/**
 * The shared counters while they answer; this process's own when they fail, rather than refusing
 * traffic. After a failure the shared store is tried again only after `retryAfterMs`, so an outage
 * costs one failed statement per interval, not one per request.
 */
export class FallbackRateCounter implements RateCounter {
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly shared: RateCounter,
    private readonly local: RateCounter,
    private readonly onFailure: (error: unknown) => void,
    private readonly retryAfterMs = 5000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async hit(hit: RateHit): Promise<RateCount> {
    if (this.nowMs() - this.failedAt >= this.retryAfterMs) {
      try {
        return await this.shared.hit(hit);
      } catch (error) {
        this.failedAt = this.nowMs();
        this.onFailure(error);
      }
    }
    return this.local.hit(hit);
  }

  async prune(): Promise<void> {
    await this.local.prune();
    await this.shared.prune();
  }
}
