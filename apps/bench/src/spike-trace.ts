import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hushUseCases, insertFillerRows, openDatabase, recreateDatabase } from './fixtures';
import { pair, runLoad } from './http-load';
import { PACED_SECONDS } from './latency';
import { runPaced, type PacedResult } from './paced-load';
import { startServerTracingGc, startWebhookReceiver } from './server';

export interface SpikeOptions {
  readonly adminUrl: string;
  readonly databaseName: string;
  /** Rows inserted, and as many expired rows inserted and purged, before the paced runs: the heavy work stalls were seen after. */
  readonly heavyRows: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

interface GcPause {
  readonly kind: string;
  readonly startMs: number;
  readonly ms: number;
}

interface DatabaseSample {
  readonly atMs: number;
  /** What the database was doing besides answering: `autovacuum: VACUUM public.hush_outbox`, `checkpointer: DataFileSync`, `WALSync` waits of the server's sessions. */
  readonly activities: readonly string[];
}

/** What was going on while the slowest 1 % of one paced run's requests waited. */
export interface RunTrace {
  readonly run: PacedResult;
  readonly slow: number;
  /** Slow requests that overlapped a GC pause, and the longest such pause. */
  readonly duringGc: number;
  readonly longestGcMs: number;
  /** Slow requests during which the sampler saw each database activity. */
  readonly duringActivity: Readonly<Record<string, number>>;
  /** Slow requests that overlapped none of the above. */
  readonly unexplained: number;
}

const GC_LINE = /(Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^,]*MB, ([\d.]+) \/ [\d.]+ ms/;
const SAMPLE_EVERY_MS = 25;

// Sessions of the traced database that are waiting, and the database's own workers when they are not idle.
const SAMPLE_SQL = `SELECT backend_type, wait_event, left(query, 60) AS query FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND (
    (backend_type = 'client backend' AND datname = current_database() AND state = 'active' AND wait_event_type IN ('IO', 'LWLock', 'Lock'))
    OR backend_type = 'autovacuum worker'
    OR (backend_type = 'checkpointer' AND wait_event IS DISTINCT FROM 'CheckpointerMain'))`;

function describe(row: { backend_type: string; wait_event: string | null; query: string }): string {
  if (row.backend_type === 'autovacuum worker') return row.query.replace(/^autovacuum: /, 'autovacuum ').replace(/ public\./, ' ');
  if (row.backend_type === 'checkpointer') return `checkpointer ${row.wait_event ?? 'busy'}`;
  return `session waits on ${row.wait_event ?? '?'}`;
}

/** Samples pg_stat_activity every 25 ms until stopped. */
function sampleDatabase(databaseUrl: string): { stop(): Promise<DatabaseSample[]> } {
  const samples: DatabaseSample[] = [];
  let running = true;
  const done = (async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (running) {
        const atMs = Date.now();
        const { rows } = await client.query<{ backend_type: string; wait_event: string | null; query: string }>(SAMPLE_SQL);
        if (rows.length > 0) samples.push({ atMs, activities: [...new Set(rows.map(describe))] });
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return samples;
    },
  };
}

function traceRun(run: PacedResult, pauses: readonly GcPause[], samples: readonly DatabaseSample[]): RunTrace {
  let duringGc = 0;
  let longestGcMs = 0;
  let unexplained = 0;
  const duringActivity: Record<string, number> = {};
  for (const request of run.slowestRequests) {
    const from = request.dueAtMs;
    const to = request.dueAtMs + request.ms;
    const gc = pauses.filter((pause) => pause.startMs < to && pause.startMs + pause.ms > from);
    const seen = new Set(samples.filter((sample) => sample.atMs >= from - SAMPLE_EVERY_MS && sample.atMs <= to).flatMap((sample) => sample.activities));
    if (gc.length > 0) {
      duringGc++;
      longestGcMs = Math.max(longestGcMs, ...gc.map((pause) => pause.ms));
    }
    for (const activity of seen) duringActivity[activity] = (duringActivity[activity] ?? 0) + 1;
    if (gc.length === 0 && seen.size === 0) unexplained++;
  }
  return { run, slow: run.slowestRequests.length, duringGc, longestGcMs, duringActivity, unexplained };
}

/**
 * Where latency spikes come from (`npm run bench -- --only spikes`): the server under `--trace-gc` with a webhook
 * configured, heavy bulk writes and a purge first, then open-loop runs at half the closed-loop maximum while
 * pg_stat_activity is sampled; each of the slowest 1 % of requests is lined up with the GC pauses and the
 * database activity (autovacuum, checkpoints, sessions waiting on I/O or locks) that overlapped it.
 */
export async function traceSpikes(options: SpikeOptions): Promise<RunTrace[]> {
  const { log } = options;
  const databaseUrl = await recreateDatabase(options.adminUrl, options.databaseName);
  const db = await openDatabase(databaseUrl);
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startWebhookReceiver(secret);
  const pauses: GcPause[] = [];
  const server = await startServerTracingGc(databaseUrl, { WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret }, (line) => {
    const match = GC_LINE.exec(line);
    if (match) pauses.push({ kind: match[1] ?? '', startMs: Date.now() - Number(match[2]), ms: Number(match[2]) });
  });
  try {
    const max = await runLoad(server.url, pair(), 32, 8);
    const rate = Math.max(1, Math.floor(max.opsPerSec / 2));
    log(`spikes: ${max.opsPerSec.toFixed(0)} pairs/s closed loop; heavy work: ${options.heavyRows.toLocaleString('en')} rows inserted, as many expired ones inserted and purged`);
    await insertFillerRows(db, 1, options.heavyRows, false, 'h');
    await insertFillerRows(db, 1, options.heavyRows, true, 'x');
    await hushUseCases(db).purge.execute();
    const traces: RunTrace[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const sampler = sampleDatabase(databaseUrl);
      const run = await runPaced(server.url, rate, PACED_SECONDS);
      const trace = traceRun(run, pauses, await sampler.stop());
      traces.push(trace);
      log(`spikes run ${round + 1} at ${rate} pairs/s: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms; ${spikeSummary(trace)}`);
    }
    return traces;
  } finally {
    await server.stop();
    await receiver.stop();
    await db.close();
  }
}

export function spikeSummary(trace: RunTrace): string {
  const activities = Object.entries(trace.duringActivity)
    .sort((a, b) => b[1] - a[1])
    .map(([activity, count]) => `${activity} ${count}`)
    .join(', ');
  return `of the ${trace.slow} slowest requests, ${trace.duringGc} overlapped a GC pause (longest ${trace.longestGcMs.toFixed(1)} ms)${activities ? `; database: ${activities}` : '; no database activity'}; ${trace.unexplained} overlapped neither`;
}
