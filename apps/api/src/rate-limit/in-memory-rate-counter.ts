import type { RateCount, RateCounter, RateHit } from '@hush/persistence';

/** Counters of this process alone, in the same epoch-aligned windows as PostgreSQL's; only the current window is kept. */
export class InMemoryRateCounter implements RateCounter {
  private window = Number.NaN;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly windowSeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  hit({ key }: RateHit): Promise<RateCount> {
    const now = this.nowMs();
    const windowMs = this.windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const hits = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, hits);
    return Promise.resolve({
      hits,
      resetsInSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
    });
  }

  prune(): Promise<void> {
    return Promise.resolve();
  }
}
