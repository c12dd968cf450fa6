import { pair, runLoad, type LoadResult } from './http-load';
import { startServer, type BenchServer } from './server';

/** Every limit on and shared in PostgreSQL, but high enough that the load is never refused: what counting costs. */
const LIMITS_ON = {
  RATE_LIMIT_ACCOUNT_PER_MINUTE: '100000000',
  RATE_LIMIT_CREATE_PER_MINUTE: '100000000',
  RATE_LIMIT_REVEAL_PER_MINUTE: '100000000',
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '30',
};

export interface RateLimitPrice {
  readonly off: LoadResult;
  readonly on: LoadResult;
  /** Extra time per request with the shared counter, in µs of the whole machine's throughput. */
  readonly microsPerRequest: number;
}

const WARM_UP_SECONDS = 2;

const median = (results: LoadResult[]): LoadResult => [...results].sort((a, b) => a.opsPerSec - b.opsPerSec)[Math.floor(results.length / 2)] as LoadResult;

/** share+reveal against the server with limits off and a second one with them on, interleaved, `rounds` times each. */
export async function priceRateLimits(
  databaseUrl: string,
  limitsOff: BenchServer,
  connections: number,
  seconds: number,
  rounds: number,
  log: (message: string) => void,
): Promise<RateLimitPrice> {
  const limitsOn = await startServer(databaseUrl, [], LIMITS_ON);
  const off: LoadResult[] = [];
  const on: LoadResult[] = [];
  try {
    // A fresh process runs cold code for its first seconds; that would count against the limits.
    await runLoad(limitsOn.url, pair(), connections, WARM_UP_SECONDS);
    for (let round = 0; round < rounds; round++) {
      for (const [label, server, results] of [['off', limitsOff, off], ['on', limitsOn, on]] as const) {
        const result = await runLoad(server.url, pair(), connections, seconds);
        if (result.errors > 0) throw new Error(`rate limits ${label}: ${result.errors} errors; the comparison would mislead`);
        results.push(result);
        log(`rate limits ${label} @${connections}, round ${round + 1}: ${result.opsPerSec.toFixed(0)} pairs/s, p99 ${result.p99Ms} ms`);
      }
    }
  } finally {
    await limitsOn.stop();
  }
  const [offMedian, onMedian] = [median(off), median(on)];
  // A pair is two requests, each counted once.
  const microsPerRequest = ((1 / onMedian.opsPerSec - 1 / offMedian.opsPerSec) * 1e6) / 2;
  return { off: offMedian, on: onMedian, microsPerRequest };
}
