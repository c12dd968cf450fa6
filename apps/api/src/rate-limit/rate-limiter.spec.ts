import type { RateCount, RateCounter, RateHit } from '@hush/persistence';
import { FallbackRateCounter } from './fallback-rate-counter';
import { InMemoryRateCounter } from './in-memory-rate-counter';
import { RateLimitedError } from './rate-limited.error';
import { RateLimiter, type RateLimitSettings } from './rate-limiter';

const OFF: RateLimitSettings = { accountPerMinute: 0, createPerMinute: 0, revealPerMinute: 0, authFailuresPerMinute: 0, windowSeconds: 60 };
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

async function outcomes(times: number, call: () => Promise<void>): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < times; i++) {
    results.push(await call().then(() => 'ok', (error: unknown) => (error instanceof RateLimitedError ? `429 after ${error.retryAfterSeconds}s` : 'other')));
  }
  return results;
}

describe('RateLimiter over in-memory counters', () => {
  let now: number;
  const limiter = (settings: Partial<RateLimitSettings>) => new RateLimiter(new InMemoryRateCounter(60, () => now), { ...OFF, ...settings });
  beforeEach(() => {
    now = T0 + 15_000;
  });

  it('lets the limit through, then refuses until the minute ends, saying how long to wait', async () => {
    const rl = limiter({ createPerMinute: 2 });
    expect(await outcomes(3, () => rl.admitAnonymous('create', '198.51.100.1'))).toEqual(['ok', 'ok', '429 after 45s']);
    now = T0 + 60_000;
    expect(await outcomes(1, () => rl.admitAnonymous('create', '198.51.100.1'))).toEqual(['ok']);
  });

  it('keeps separate budgets per limit and per client', async () => {
    const rl = limiter({ createPerMinute: 1, revealPerMinute: 1 });
    await rl.admitAnonymous('create', 'a');
    await rl.admitAnonymous('reveal', 'a');
    await rl.admitAnonymous('create', 'b');
    await expect(rl.admitAnonymous('create', 'a')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('counts an account on its own budget, whichever client it calls from', async () => {
    const rl = limiter({ accountPerMinute: 3, createPerMinute: 1 });
    await rl.admitAnonymous('create', 'nat');
    await expect(rl.admitAnonymous('create', 'nat')).rejects.toBeInstanceOf(RateLimitedError);
    expect(await outcomes(4, () => rl.admitAccount('ci@example.com'))).toEqual(['ok', 'ok', 'ok', '429 after 45s']);
    expect(await outcomes(1, () => rl.admitAccount('other@example.com'))).toEqual(['ok']);
  });

  it('answers failures after the budget as rate limited, and still admits right credentials from that client', async () => {
    const rl = limiter({ accountPerMinute: 100, authFailuresPerMinute: 2 });
    expect(await outcomes(3, () => rl.authenticationFailed('nat'))).toEqual(['ok', 'ok', '429 after 45s']);
    expect(await outcomes(2, () => rl.admitAccount('owner@example.com'))).toEqual(['ok', 'ok']);
    expect(await outcomes(1, () => rl.authenticationFailed('nat'))).toEqual(['429 after 45s']);
  });

  it('refuses nothing with every limit at 0', async () => {
    const rl = limiter({});
    for (let i = 0; i < 50; i++) {
      await rl.admitAnonymous('create', 'a');
      await rl.admitAccount('x');
      await rl.authenticationFailed('a');
    }
  });
});

describe('FallbackRateCounter', () => {
  class FlakyCounter implements RateCounter {
    failing = false;
    calls = 0;
    private readonly inner = new InMemoryRateCounter(60, () => T0);
    hit(hit: RateHit): Promise<RateCount> {
      this.calls++;
      return this.failing ? Promise.reject(new Error('connection refused')) : this.inner.hit(hit);
    }
    prune = () => Promise.resolve();
  }

  it('counts in memory while the shared store fails, tries it again after the interval, and reports each failure once', async () => {
    let now = T0;
    const shared = new FlakyCounter();
    const failures: unknown[] = [];
    const counter = new FallbackRateCounter(shared, new InMemoryRateCounter(60, () => now), (error) => failures.push(error), 5000, () => now);
    expect((await counter.hit({ key: 'k' })).hits).toBe(1);
    shared.failing = true;
    const during = [];
    for (let i = 0; i < 5; i++) during.push((await counter.hit({ key: 'k' })).hits);
    expect(during).toEqual([1, 2, 3, 4, 5]);
    expect([shared.calls, failures.length]).toEqual([2, 1]);
    now += 5000;
    shared.failing = false;
    expect((await counter.hit({ key: 'k' })).hits).toBe(2);
  });
});
