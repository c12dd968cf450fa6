import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dropDatabase, openDatabase, recreateDatabase } from './fixtures';
import { loadGenerator, pair, runLoad, type LoadResult } from './http-load';
import { measureLatency, PACED_SECONDS, type LatencyOutcome } from './latency';
import { medianOf } from './notifications-price';
import { receiverDeliveries } from './outbox-watch';
import { runCeiling, SHARE_REVEAL_CEILING } from './pgbench';
import { startReference, startServer, startWebhookReceiver, type BenchServer } from './server';
import type { WebhookDeliveries } from './webhook-receiver.server';

export interface ThroughputOptions {
  readonly adminUrl: string;
  /** Prefix of the databases, one per contestant, re-created for every run. */
  readonly databaseName: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
  /** Extra node arguments for the servers (`--cpu-prof`). */
  readonly nodeArgs: string[];
  /** Another build of the server (`--baseline <rev>`), measured in the same rounds: before and after in one sitting. */
  readonly baseline?: { readonly rev: string; readonly mainJs: string };
  readonly log: (message: string) => void;
}

export interface ServerRun {
  readonly result: LoadResult;
  /** The server process's CPU time per pair (user + system), in µs. */
  readonly cpuMicrosPerPair: number;
  /** Webhook events the receiver got while the load ran, per pair (each pair writes two; the rest are delivered after it). */
  readonly deliveredPerPair: number;
  readonly peakRssMb: number;
}

export interface ThroughputOutcome {
  readonly options: Omit<ThroughputOptions, 'log' | 'adminUrl' | 'nodeArgs'>;
  readonly ceiling: readonly number[];
  readonly reference: readonly ServerRun[];
  readonly hush: readonly ServerRun[];
  readonly baseline: readonly ServerRun[];
  readonly latency: LatencyOutcome;
  readonly receiver: WebhookDeliveries;
}

type Contestant = 'ceiling' | 'reference' | 'hush' | 'baseline';
const WARM_UP_SECONDS = 2;

/** User + system CPU time of a process so far, in µs (`/proc/<pid>/stat`, in clock ticks of 10 ms). */
function cpuMicros(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * Share+reveal pairs with the audit trail and outbox on (a webhook configured, its messages delivered to a receiver
 * while the load runs), in interleaved rounds: the fixed ideal-SQL script through pgbench (the ceiling), Hush's use
 * cases behind a bare Nest controller on Hush's adapter (the reference), and the Hush server; each run on a fresh
 * database. Then latency, open loop, on the Hush server with the same configuration.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputOutcome> {
  const { log, connections, seconds } = options;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startWebhookReceiver(secret);
  const webhook = { WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret };
  const ceiling: number[] = [];
  const runs: Record<Exclude<Contestant, 'ceiling'>, ServerRun[]> = { reference: [], hush: [], baseline: [] };
  const contestants: Contestant[] = ['ceiling', 'reference', 'hush', ...(options.baseline ? ['baseline' as const] : [])];

  // Servers migrate their database as they start (a baseline, its own schema); pgbench needs it migrated first.
  const freshDatabase = async (who: Contestant): Promise<string> => {
    const url = await recreateDatabase(options.adminUrl, `${options.databaseName}_${who}`);
    if (who === 'ceiling') await (await openDatabase(url)).close();
    return url;
  };
  const start = (who: Exclude<Contestant, 'ceiling'>, databaseUrl: string): Promise<BenchServer> => {
    if (who === 'reference') return startReference('bare-nest', databaseUrl, options.nodeArgs, webhook);
    return startServer(databaseUrl, options.nodeArgs, webhook, ...(who === 'baseline' && options.baseline ? [options.baseline.mainJs] : []));
  };
  const serve = async (server: BenchServer): Promise<ServerRun> => {
    try {
      await runLoad(server.url, pair(), connections, WARM_UP_SECONDS);
      const before = { cpu: cpuMicros(server.child.pid), delivered: (await receiverDeliveries(receiver.url)).unique };
      const result = await runLoad(server.url, pair(), connections, seconds);
      const pairs = result.opsPerSec * seconds;
      const cpuMicrosPerPair = (cpuMicros(server.child.pid) - before.cpu) / pairs;
      const deliveredPerPair = ((await receiverDeliveries(receiver.url)).unique - before.delivered) / pairs;
      return { result, cpuMicrosPerPair, deliveredPerPair, peakRssMb: server.peakRssMb() };
    } finally {
      await server.stop();
    }
  };

  try {
    for (let round = 0; round < options.rounds; round++) {
      // A different contestant first in each round, so that none always runs on a machine just warmed or cooled by another.
      const order = contestants.map((_, i) => contestants[(i + round) % contestants.length] as Contestant);
      for (const who of order) {
        const databaseUrl = await freshDatabase(who);
        if (who === 'ceiling') {
          const { tps } = await runCeiling(databaseUrl, SHARE_REVEAL_CEILING, connections, seconds);
          ceiling.push(tps);
          log(`throughput round ${round + 1}: pgbench ceiling ${tps.toFixed(0)} pairs/s`);
          continue;
        }
        const run = await serve(await start(who, databaseUrl));
        runs[who].push(run);
        const { result } = run;
        log(`throughput round ${round + 1}: ${who} ${result.opsPerSec.toFixed(0)} pairs/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}, ${run.cpuMicrosPerPair.toFixed(0)} µs CPU per pair, ${run.deliveredPerPair.toFixed(2)} events delivered per pair, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
      }
    }
    const server = await startServer(await freshDatabase('hush'), options.nodeArgs, webhook);
    let latency: LatencyOutcome;
    try {
      latency = await measureLatency(server.url, seconds, 3, log);
    } finally {
      await server.stop();
    }
    const { log: _log, adminUrl: _adminUrl, nodeArgs: _nodeArgs, ...shown } = options;
    return { options: shown, ceiling, ...runs, latency, receiver: await receiverDeliveries(receiver.url) };
  } finally {
    await receiver.stop();
    for (const who of contestants) await dropDatabase(options.adminUrl, `${options.databaseName}_${who}`);
  }
}

const median = (runs: readonly ServerRun[], pick: (run: ServerRun) => number) => medianOf(runs.map(pick));
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;

export function throughputMarkdown(outcome: ThroughputOutcome): string {
  const { connections, seconds, rounds } = outcome.options;
  const ceiling = medianOf(outcome.ceiling);
  const reference = median(outcome.reference, (run) => run.result.opsPerSec);
  const hush = median(outcome.hush, (run) => run.result.opsPerSec);
  const row = (label: string, runs: readonly ServerRun[]) =>
    `| ${label} | ${median(runs, (run) => run.result.opsPerSec).toFixed(0)} (${runs.map((run) => run.result.opsPerSec.toFixed(0)).join(', ')}) | ${median(runs, (run) => run.result.p50Ms).toFixed(1)} | ${median(runs, (run) => run.result.p99Ms).toFixed(1)} | ${median(runs, (run) => run.cpuMicrosPerPair).toFixed(0)} | ${median(runs, (run) => run.deliveredPerPair).toFixed(2)} | ${Math.max(...runs.map((run) => run.peakRssMb)).toFixed(0)} | ${percent(median(runs, (run) => run.result.opsPerSec), ceiling)} |`;
  const latencyRuns = outcome.latency.runs;
  const p99s = latencyRuns.map((run) => run.p99Ms);
  const { receiver } = outcome;
  return [
    `Share+reveal pairs at ${connections} connections with the audit trail and outbox on (a webhook configured; its worker delivers while the load runs, and the rest after it), medians of ${rounds} interleaved ${seconds} s runs, each on a fresh database (load from ${loadGenerator}):`,
    '',
    '| contestant | pairs/s (runs) | p50 ms | p99 ms | server CPU µs per pair | events delivered during the run, per pair | peak RSS MB | of ceiling |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| pgbench, the fixed ideal SQL (\`apps/bench/ceiling\`) | ${ceiling.toFixed(0)} (${outcome.ceiling.map((tps) => tps.toFixed(0)).join(', ')}) | – | – | – | – | – | 100 % |`,
    row("Hush's use cases and answers, bare Nest controller on Hush's adapter", outcome.reference),
    ...(outcome.baseline.length > 0 ? [row(`Hush server at \`${outcome.options.baseline?.rev ?? ''}\` (before)`, outcome.baseline)] : []),
    row('Hush server', outcome.hush),
    '',
    `Hush against the ceiling: ${percent(hush, ceiling)} (goal ≥ 50 %); against the bare reference: ${percent(hush, reference)} (goal ≥ 95 %); peak RSS ${Math.max(...outcome.hush.map((run) => run.peakRssMb)).toFixed(0)} MB (goal < 200 MB). Open loop at half the closed-loop maximum (${latencyRuns[0]?.rate ?? 0} pairs/s, three ${PACED_SECONDS} s runs), p50 / p99 / max per run: ${latencyRuns.map((run) => `${run.p50Ms} / ${run.p99Ms} / ${run.maxMs} ms`).join('; ')} (goal p99 < 25 ms: ${p99s.every((p99) => p99 < 25) ? 'met in every run' : `worst ${Math.max(...p99s)} ms`}). The receiver got ${receiver.unique.toLocaleString('en')} events (${receiver.received.toLocaleString('en')} posts, ${receiver.badSignatures} bad signatures).`,
  ].join('\n');
}
