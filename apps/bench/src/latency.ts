import { pair, runLoad, type LoadResult } from './http-load';
import { runPaced, type PacedResult } from './paced-load';

export interface LatencyOutcome {
  /** The closed-loop maximum the pace is half of. */
  readonly max: LoadResult;
  readonly runs: readonly PacedResult[];
}

export const PACED_SECONDS = 12;

/**
 * Latency as users feel it: the closed-loop maximum of share+reveal pairs at 32 connections, then
 * `rounds` open-loop runs that start pairs at half that rate.
 */
export async function measureLatency(url: string, seconds: number, rounds: number, log: (message: string) => void): Promise<LatencyOutcome> {
  const max = await runLoad(url, pair(), 32, seconds);
  const rate = Math.max(1, Math.floor(max.opsPerSec / 2));
  const runs: PacedResult[] = [];
  for (let round = 0; round < rounds; round++) {
    const run = await runPaced(url, rate, PACED_SECONDS);
    runs.push(run);
    log(`paced ${rate} pairs/s, run ${round + 1}: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms, errors ${run.errors}, slowest at ${run.slowestAtS.join(', ')} s`);
  }
  return { max, runs };
}

export function latencyMarkdown(outcome: LatencyOutcome): string {
  const rate = outcome.runs[0]?.rate ?? 0;
  const runs = outcome.runs.map((run) => `${run.p50Ms} / ${run.p99Ms} / ${run.maxMs} ms${run.errors > 0 ? ` (${run.errors} errors)` : ''}`).join('; ');
  return `Latency, open loop: share+reveal pairs started at ${rate}/s (half the ${outcome.max.opsPerSec.toFixed(0)} pairs/s of the closed loop at 32 connections) for ${PACED_SECONDS} s, each single request timed from when it was due (\`apps/bench/src/paced-load.ts\`); p50 / p99 / max of ${outcome.runs.length} runs: ${runs}.`;
}
