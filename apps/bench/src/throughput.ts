import { randomBytes } from 'node:crypto';
import { cpuPerOperation, DatabaseCpuMeter, peakRssMb, processCpuMicros, type DatabaseCpu } from './process-usage';
import { dropDatabase, openDatabase, recreateDatabase } from './fixtures';
import { loadGenerator, pair, runLoad, snappassPair, type LoadResult, type Scenario } from './http-load';
import { measureLatency, PACED_SECONDS, type LatencyOutcome } from './latency';
import { medianOf } from './notifications-price';
import { receiverDeliveries } from './outbox-watch';
import { runCeiling, SHARE_REVEAL_CEILING } from './pgbench';
import { startReference, startServer, startWebhookReceiver } from './server';
import { SNAPPASS_WORKERS, startSnappass } from './snappass';
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
  /** A snappass checkout to measure in the same rounds (`BENCH_SNAPPASS_DIR`). */
  readonly snappassDir?: string;
  /** Only these contestants (`BENCH_CONTESTANTS`, comma-separated), for a quicker look at some of them. */
  readonly only?: readonly Contestant[];
  readonly log: (message: string) => void;
}

export interface ServerRun {
  readonly result: LoadResult;
  /** The server's processes' CPU time per pair (user + system), in µs; for snappass, gunicorn's master and workers. */
  readonly cpuMicrosPerPair: number;
  /** The database's CPU time per pair, in µs, by kind of process and in `total` (for snappass, Redis's). */
  readonly databaseCpuPerPair?: DatabaseCpu;
  /** Webhook events the receiver got while the load ran, per pair (each pair writes two; the rest are delivered after it). */
  readonly deliveredPerPair: number;
  readonly peakRssMb: number;
}

/** What runs in each round: the ceiling through pgbench, and the servers. */
export type Contestant = 'ceiling' | 'snappass' | 'reference' | 'node-http' | 'hush' | 'hush-webhook' | 'baseline' | 'baseline-webhook';

export interface ThroughputOutcome {
  readonly options: Omit<ThroughputOptions, 'log' | 'adminUrl' | 'nodeArgs' | 'only'>;
  readonly runs: Readonly<Partial<Record<Contestant, readonly ServerRun[]>>>;
  /** Hush's latency, open loop, without and with the webhook. */
  readonly latency: LatencyOutcome;
  readonly latencyWithWebhook: LatencyOutcome;
  readonly receiver: WebhookDeliveries;
  /** Why snappass was not measured, when it was not. */
  readonly snappassSkipped?: string;
}

const WARM_UP_SECONDS = 2;

/** A contestant while it runs: where to send load, whose CPU is its own, and how to stop it. */
interface Running {
  readonly url: string;
  readonly scenario: Scenario;
  readonly serverPids: () => number[];
  /** Redis for snappass; PostgreSQL's processes are metered separately. */
  readonly storePid?: number;
  stop(): Promise<void>;
}

/**
 * Share+reveal pairs with the audit trail on, in interleaved rounds, each run on a fresh database: the fixed
 * ideal-SQL script through pgbench (the ceiling), snappass on Redis (when present), Hush's use cases behind a bare
 * Nest controller (the reference: the framework's floor), and the Hush server without and with a webhook (its
 * messages delivered to a receiver while the load runs). The database's CPU time is read from /proc around each run. Then latency, open
 * loop, on the Hush server without and with the webhook.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputOutcome> {
  const { log, connections, seconds } = options;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startWebhookReceiver(secret);
  const webhook = { WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret };
  const runs: Partial<Record<Contestant, ServerRun[]>> = {};
  const contestants = ([
    'ceiling', ...(options.snappassDir ? ['snappass' as const] : []), 'reference', 'hush', 'hush-webhook',
    ...(options.baseline ? ['baseline' as const, 'baseline-webhook' as const] : []),
    // Hush's use cases on bare node:http, no webhook: the floor of a single process, run only when asked for.
    ...(options.only?.includes('node-http') ? ['node-http' as const] : []),
  ] satisfies Contestant[]).filter((who) => !options.only || options.only.includes(who));

  // Servers migrate their database as they start (a baseline, its own schema); pgbench needs it migrated first.
  const freshDatabase = async (who: Contestant): Promise<string> => {
    const url = await recreateDatabase(options.adminUrl, `${options.databaseName}_${who.replace('-', '_')}`);
    if (who === 'ceiling') await (await openDatabase(url)).close();
    return url;
  };
  const nodeServer = async (started: Promise<{ url: string; child: { pid?: number }; stop(): Promise<void> }>): Promise<Running> => {
    const server = await started;
    return { url: server.url, scenario: pair(), serverPids: () => [server.child.pid ?? 0], stop: () => server.stop() };
  };
  const start = async (who: Exclude<Contestant, 'ceiling'>, databaseUrl: string): Promise<Running> => {
    const mainJs = who.startsWith('baseline') && options.baseline ? [options.baseline.mainJs] : [];
    switch (who) {
      case 'snappass': {
        const snappass = await startSnappass(options.snappassDir ?? '');
        return { url: snappass.url, scenario: snappassPair(), serverPids: () => snappass.pids().filter((pid) => pid !== snappass.redisPid), storePid: snappass.redisPid, stop: () => snappass.stop() };
      }
      case 'reference':
        return nodeServer(startReference('bare-nest', databaseUrl, options.nodeArgs));
      case 'node-http':
        return nodeServer(startReference('node-http', databaseUrl, options.nodeArgs));
      case 'hush':
      case 'baseline':
        return nodeServer(startServer(databaseUrl, options.nodeArgs, {}, ...mainJs));
      default:
        return nodeServer(startServer(databaseUrl, options.nodeArgs, webhook, ...mainJs));
    }
  };
  const serve = async (running: Running, meter: DatabaseCpuMeter | undefined): Promise<ServerRun> => {
    const serverCpu = () => running.serverPids().reduce((sum, pid) => sum + processCpuMicros(pid), 0);
    try {
      await runLoad(running.url, running.scenario, connections, WARM_UP_SECONDS);
      const before = { cpu: serverCpu(), store: running.storePid ? processCpuMicros(running.storePid) : 0, database: meter?.read(), delivered: (await receiverDeliveries(receiver.url)).unique };
      const result = await runLoad(running.url, running.scenario, connections, seconds);
      const pairs = result.opsPerSec * seconds;
      const databaseCpuPerPair = running.storePid
        ? { total: (processCpuMicros(running.storePid) - before.store) / pairs }
        : before.database && meter ? cpuPerOperation(before.database, meter.read(), pairs) : undefined;
      return {
        result,
        cpuMicrosPerPair: (serverCpu() - before.cpu) / pairs,
        ...(databaseCpuPerPair ? { databaseCpuPerPair } : {}),
        deliveredPerPair: ((await receiverDeliveries(receiver.url)).unique - before.delivered) / pairs,
        peakRssMb: Math.max(...running.serverPids().map(peakRssMb)),
      };
    } finally {
      await running.stop();
    }
  };

  try {
    for (let round = 0; round < options.rounds; round++) {
      // A different contestant first in each round, so that none always runs on a machine just warmed or cooled by another.
      const order = contestants.map((_, i) => contestants[(i + round) % contestants.length] as Contestant);
      for (const who of order) {
        const databaseUrl = await freshDatabase(who);
        const meter = await DatabaseCpuMeter.open(databaseUrl);
        let run: ServerRun;
        if (who === 'ceiling') {
          const before = meter?.read();
          const { tps } = await runCeiling(databaseUrl, SHARE_REVEAL_CEILING, connections, seconds);
          const databaseCpuPerPair = before && meter ? cpuPerOperation(before, meter.read(), tps * seconds) : undefined;
          run = { result: { opsPerSec: tps, p50Ms: Number.NaN, p99Ms: Number.NaN, errors: 0, requests: 0 }, cpuMicrosPerPair: Number.NaN, ...(databaseCpuPerPair ? { databaseCpuPerPair } : {}), deliveredPerPair: Number.NaN, peakRssMb: Number.NaN };
        } else {
          run = await serve(await start(who, databaseUrl), meter);
        }
        (runs[who] ??= []).push(run);
        const { result } = run;
        log(`throughput round ${round + 1}: ${who} ${result.opsPerSec.toFixed(0)} pairs/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}, CPU per pair: server ${run.cpuMicrosPerPair.toFixed(0)} µs, database ${describeCpu(run.databaseCpuPerPair)}; ${run.deliveredPerPair.toFixed(2)} events delivered per pair, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
      }
    }
    const latencyOf = async (overrides: Record<string, string>, label: string) => {
      const server = await startServer(await freshDatabase('hush'), options.nodeArgs, overrides);
      try {
        log(`latency, ${label}`);
        return await measureLatency(server.url, seconds, 3, log);
      } finally {
        await server.stop();
      }
    };
    const latency = await latencyOf({}, 'no webhook');
    const latencyWithWebhook = await latencyOf(webhook, 'with the webhook');
    const { log: _log, adminUrl: _adminUrl, nodeArgs: _nodeArgs, only: _only, ...shown } = options;
    return { options: shown, runs, latency, latencyWithWebhook, receiver: await receiverDeliveries(receiver.url) };
  } finally {
    await receiver.stop();
    for (const who of contestants) await dropDatabase(options.adminUrl, `${options.databaseName}_${who.replace('-', '_')}`);
  }
}

function describeCpu(cpu: DatabaseCpu | undefined): string {
  if (!cpu) return 'not read';
  const parts = Object.entries(cpu).filter(([kind, micros]) => kind !== 'total' && Math.abs(micros) >= 1).map(([kind, micros]) => `${kind} ${micros.toFixed(0)}`);
  return `${(cpu.total ?? Number.NaN).toFixed(0)} µs (${parts.join(', ')})`;
}

const median = (runs: readonly ServerRun[], pick: (run: ServerRun) => number) => medianOf(runs.map(pick));
const ratio = (part: number, whole: number) => `${(part / whole).toFixed(2)}×`;
const LABELS: Record<Contestant, string> = {
  ceiling: 'pgbench, the fixed ideal SQL (`apps/bench/ceiling`), with a webhook\'s outbox rows',
  snappass: `snappass (Flask, gunicorn with ${SNAPPASS_WORKERS} workers, Redis; nothing on disk)`,
  reference: "Hush's use cases and answers, bare Nest controller on Hush's Express adapter, no webhook",
  'node-http': "Hush's use cases and answers on bare node:http, no webhook",
  hush: 'Hush server, no webhook',
  'hush-webhook': 'Hush server, webhook delivered',
  baseline: 'Hush server before, no webhook',
  'baseline-webhook': 'Hush server before, webhook delivered',
};

function latencyLine(label: string, outcome: LatencyOutcome): string {
  const runs = outcome.runs;
  const p99s = runs.map((run) => run.p99Ms);
  const maxes = runs.map((run) => run.maxMs);
  return `${label}: ${runs[0]?.rate ?? 0} pairs/s (half of ${outcome.max.opsPerSec.toFixed(0)}), three ${PACED_SECONDS} s runs, p50 / p99 / max ${runs.map((run) => `${run.p50Ms} / ${run.p99Ms} / ${run.maxMs} ms`).join('; ')} (goal p99 < 25 ms and max < 100 ms in every run: ${p99s.every((p99) => p99 < 25) && maxes.every((max) => max < 100) ? 'met' : `not met, worst p99 ${Math.max(...p99s)} ms, max ${Math.max(...maxes)} ms`})`;
}

export function throughputMarkdown(outcome: ThroughputOutcome): string {
  const { connections, seconds, rounds } = outcome.options;
  const runsOf = (who: Contestant) => outcome.runs[who] ?? [];
  const pairs = (who: Contestant) => median(runsOf(who), (run) => run.result.opsPerSec);
  const databaseCpu = (who: Contestant) => median(runsOf(who), (run) => run.databaseCpuPerPair?.total ?? Number.NaN);
  const label = (who: Contestant) => (who.startsWith('baseline') ? LABELS[who].replace('before', `at \`${outcome.options.baseline?.rev ?? ''}\``) : LABELS[who]);
  const row = (who: Contestant) => {
    const runs = runsOf(who);
    const cell = (pick: (run: ServerRun) => number, digits = 0) => {
      const value = median(runs, pick);
      return Number.isNaN(value) ? '–' : value.toFixed(digits);
    };
    return `| ${label(who)} | ${cell((run) => run.result.opsPerSec)} (${runs.map((run) => run.result.opsPerSec.toFixed(0)).join(', ')}) | ${cell((run) => run.result.p99Ms, 1)} | ${cell((run) => run.cpuMicrosPerPair)} | ${cell((run) => run.databaseCpuPerPair?.total ?? Number.NaN)} | ${cell((run) => run.deliveredPerPair, 2)} | ${cell((run) => run.peakRssMb)} |`;
  };
  const present = (Object.keys(LABELS) as Contestant[]).filter((who) => runsOf(who).length > 0);
  const hushCpu = runsOf('hush-webhook')[0]?.databaseCpuPerPair;
  const split = hushCpu
    ? Object.keys(hushCpu)
        .filter((kind) => kind !== 'total')
        .map((kind): [string, number] => [kind, median(runsOf('hush-webhook'), (run) => run.databaseCpuPerPair?.[kind] ?? 0)])
        .filter(([, micros]) => Math.abs(micros) >= 1)
        .map(([kind, micros]) => `${kind} ${micros.toFixed(0)}`)
        .join(', ')
    : 'not read';
  const snappass = pairs('snappass');
  const { receiver } = outcome;
  return [
    `Share+reveal pairs at ${connections} connections with the audit trail on, medians of ${rounds} interleaved ${seconds} s runs, each on a fresh database (load from ${loadGenerator}); CPU per pair from /proc (the database's: every PostgreSQL process, or Redis for snappass):`,
    '',
    '| contestant | pairs/s (runs) | p99 ms | server CPU µs per pair | database CPU µs per pair | events delivered during the run, per pair | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...present.map(row),
    '',
    outcome.snappassSkipped
      ? `snappass not measured: ${outcome.snappassSkipped}.`
      : `Against snappass: Hush ${ratio(pairs('hush'), snappass)} (goal ≥ 1.0×, aim 1.3×), with the webhook ${ratio(pairs('hush-webhook'), snappass)} (goal ≥ 0.9×).`,
    ...(runsOf('reference').length > 0 ? [`Hush against the bare Nest controller with the same use cases (the framework's floor): ${ratio(pairs('hush'), pairs('reference'))}.`] : []),
    ...(runsOf('node-http').length > 0 && !outcome.snappassSkipped ? [`Hush's use cases on bare node:http against snappass: ${ratio(pairs('node-http'), snappass)}.`] : []),
    `Database CPU per pair against the ideal SQL: Hush with the webhook ${ratio(databaseCpu('hush-webhook'), databaseCpu('ceiling'))} (goal ≤ 2×), without ${ratio(databaseCpu('hush'), databaseCpu('ceiling'))}; Hush with the webhook, by process (µs): ${split}.`,
    `Peak RSS ${Math.max(...runsOf('hush').concat(runsOf('hush-webhook')).map((run) => run.peakRssMb)).toFixed(0)} MB (goal < 200 MB). The receiver got ${receiver.unique.toLocaleString('en')} events (${receiver.received.toLocaleString('en')} posts, ${receiver.badSignatures} bad signatures).`,
    '',
    `Open loop at half the closed-loop maximum, each single request timed from when it was due:`,
    `- ${latencyLine('no webhook', outcome.latency)};`,
    `- ${latencyLine('with the webhook', outcome.latencyWithWebhook)}.`,
  ].join('\n');
}
