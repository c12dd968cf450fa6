import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { ARGON2_OPTIONS, Argon2PassphraseHasher } from '@hush/crypto';
import { PURGE_BATCH_SIZE } from '@hush/domain';
import { createBenchAccount, createSecrets, hushUseCases, insertFillerRows, openDatabase, recreateDatabase, rowCount, BENCH_ACCOUNT } from './fixtures';
import { loadGenerator, metadata, pair, reveal, runLoad, share, startLoad, type LoadResult } from './http-load';
import { ceilingScripts, runCeiling } from './pgbench';
import { buildBaseline } from './baseline-build';
import { priceNotifications, type NotificationsOutcome } from './notifications-price';
import { DEFAULT_BASELINE, notificationsMarkdown } from './notifications-report';
import { latencyMarkdown, measureLatency } from './latency';
import { priceRateLimits } from './rate-limit-price';
import { withComposeDatabaseSettings } from './compose-settings';
import { spikeSummary, traceSpikes } from './spike-trace';
import { snappassMissing } from './snappass';
import { measureThroughput, throughputMarkdown, type Contestant } from './throughput';
import { table, writeResults, type Row } from './report';
import { startReference, startServer, type BenchServer, type ReferenceName } from './server';
import type { Database } from '@hush/persistence';

const argv = process.argv.slice(2);
const args = new Set(argv);
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = args.has('--quick') || process.env.BENCH_QUICK === '1';
/** `--only notifications`, `latency`, `throughput` or `spikes`: that measurement alone (docs/performance.md is left alone). */
const ONLY = option('--only');
const BASELINE = option('--baseline') ?? process.env.BENCH_BASELINE ?? DEFAULT_BASELINE;
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR ?? '/tmp/hush-bench-baseline';
/** `BENCH_DATABASE_NAME`: the bench's database (and prefix of the comparison's), so that two benches on one PostgreSQL keep apart. */
const DATABASE_NAME = process.env.BENCH_DATABASE_NAME ?? 'hush_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 8));
const CONNECTIONS = [8, 32];
const NOTIFICATIONS_RUN = { connections: 32, seconds: SECONDS, rounds: 3 };
/** `BENCH_ROUNDS`: interleaved rounds of `--only throughput` (3 at least for a median). */
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Runs of `--only throughput` are 12 s unless BENCH_SECONDS says otherwise: long enough for a checkpoint's and a GC's share. */
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 12));
const PURGE_LOAD_RATE = 500;
const REFERENCE_WARM_UP_SECONDS = 2;
const BIG = quick ? 100_000 : 1_000_000;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** `BENCH_CPU_PROF=1`: every server process writes a CPU profile to /tmp/hush-prof. */
const PROFILE = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/hush-prof'] : [];
const percentOf = (value: number, ceiling: number) => `${((100 * value) / ceiling).toFixed(0)} %`;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function passphraseCost(): Promise<{ hashMs: number; verifyMs: number }> {
  const hasher = new Argon2PassphraseHasher();
  const rounds = 10;
  let hashed = '';
  let start = performance.now();
  for (let i = 0; i < rounds; i++) hashed = await hasher.hash(`passphrase ${i}`);
  const hashMs = (performance.now() - start) / rounds;
  start = performance.now();
  for (let i = 0; i < rounds; i++) await hasher.verify(hashed, 'passphrase 9');
  return { hashMs, verifyMs: (performance.now() - start) / rounds };
}

function soak(databaseUrl: string): void {
  log('soak: 1,000 rounds across three processes and 10,000 fuzz cases (this takes a while)');
  execFileSync('npx', ['jest', 'test/reliability/multi-process.e2e-spec.ts', 'test/contract/transport.e2e-spec.ts', 'test/reliability/brute-force.e2e-spec.ts', '--testTimeout=3600000'], {
    cwd: `${__dirname}/../../api`,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl, HUSH_SOAK_ROUNDS: '1000', HUSH_FUZZ_RUNS: '10000' },
  });
}

/** The comparison with the server before issue 13; a baseline that cannot be built or run is reported, not thrown. */
async function notificationsPrice(): Promise<NotificationsOutcome> {
  try {
    const outcome = await priceNotifications({ adminUrl: ADMIN_URL, databaseName: DATABASE_NAME, rev: BASELINE, baselineDir: BASELINE_DIR, ...NOTIFICATIONS_RUN, log });
    if (!outcome.ok) log(`price of the audit trail and outbox not measured: ${outcome.reason}`);
    return outcome;
  } catch (error) {
    log(`price of the audit trail and outbox not measured: ${error instanceof Error ? error.stack : String(error)}`);
    return { ok: false, reason: `it failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function main(): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(DATABASE_NAME)) throw new Error(`BENCH_DATABASE_NAME must be a lower-case SQL name, not ${DATABASE_NAME}`);
  if (ONLY !== undefined && !['notifications', 'latency', 'throughput', 'spikes'].includes(ONLY)) {
    throw new Error(`--only knows "notifications", "latency", "throughput" and "spikes", not ${ONLY}`);
  }
  if (ONLY === 'spikes') {
    const heavyRows = Number(process.env.BENCH_HEAVY_ROWS ?? (quick ? 100_000 : 500_000));
    const traces = await withComposeDatabaseSettings(ADMIN_URL, log, () => traceSpikes({ adminUrl: ADMIN_URL, databaseName: DATABASE_NAME, heavyRows, rounds: 3, log }));
    const lines = traces.map(({ run, ...trace }, i) => `- run ${i + 1}, ${run.rate} pairs/s: p50 / p99 / max ${run.p50Ms} / ${run.p99Ms} / ${run.maxMs} ms; ${spikeSummary({ run, ...trace })}`);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    return;
  }
  if (ONLY === 'throughput') {
    log(`share+reveal with the audit trail on: pgbench ceiling, snappass, bare reference, Hush without and with a webhook, ${THROUGHPUT_ROUNDS} interleaved rounds of ${THROUGHPUT_SECONDS} s`);
    // With --baseline <rev>, that build of the server runs in the same rounds: before and after in one sitting.
    const rev = option('--baseline');
    const build = rev === undefined ? undefined : await buildBaseline(rev, BASELINE_DIR, log);
    if (build && !build.ok) throw new Error(`the baseline ${rev} could not be built: ${build.reason}`);
    const baseline = rev !== undefined && build?.ok ? { rev, mainJs: build.mainJs } : undefined;
    const snappassDir = process.env.BENCH_SNAPPASS_DIR;
    const snappassSkipped = snappassMissing(snappassDir);
    if (snappassSkipped) log(`snappass not measured: ${snappassSkipped}`);
    const outcome = await measureThroughput({
      adminUrl: ADMIN_URL, databaseName: DATABASE_NAME, connections: 32, seconds: THROUGHPUT_SECONDS, rounds: THROUGHPUT_ROUNDS, nodeArgs: PROFILE, log,
      ...(baseline ? { baseline } : {}), ...(snappassSkipped ? {} : { snappassDir }),
      ...(process.env.BENCH_CONTESTANTS ? { only: process.env.BENCH_CONTESTANTS.split(',') as Contestant[] } : {}),
    });
    process.stdout.write(`\n${throughputMarkdown({ ...outcome, ...(snappassSkipped ? { snappassSkipped } : {}) })}\n`);
    return;
  }
  if (ONLY === 'notifications') {
    log(`price of the audit trail and outbox alone, against ${BASELINE}; ${SECONDS} s per run (docs/performance.md is left alone)`);
    const outcome = await notificationsPrice();
    process.stdout.write(`\n${notificationsMarkdown(outcome, NOTIFICATIONS_RUN)}\n`);
    return;
  }
  const databaseUrl = await recreateDatabase(ADMIN_URL, DATABASE_NAME);
  if (ONLY === 'latency') {
    const server = await startServer(databaseUrl, PROFILE);
    try {
      process.stdout.write(`\n${latencyMarkdown(await measureLatency(server.url, SECONDS, 3, log))}\n`);
    } finally {
      await server.stop();
    }
    return;
  }
  if (args.has('--soak')) {
    const testUrl = await recreateDatabase(ADMIN_URL, 'hush_test_soak');
    soak(testUrl);
    return;
  }
  log(`database ${new URL(databaseUrl).pathname.slice(1)}; ${SECONDS} s per run`);
  const db = await openDatabase(databaseUrl);
  const token = await createBenchAccount(db);
  const authorization = `Basic ${Buffer.from(`${BENCH_ACCOUNT}:${token}`).toString('base64')}`;

  const server = await startServer(databaseUrl, PROFILE);
  try {
    await measure(db, server, authorization, databaseUrl);
  } finally {
    await server.stop();
    await db.close();
  }
}

async function measure(db: Database, server: BenchServer, authorization: string, databaseUrl: string): Promise<void> {
  const http: Row[] = [];
  const results = new Map<string, LoadResult>();
  const record = (name: string, connections: number, result: LoadResult) => {
    results.set(`${name}@${connections}`, result);
    log(`${name} @${connections}: ${result.opsPerSec.toFixed(0)} ops/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}`);
  };

  // Growth, small table: 10 thousand rows.
  await insertFillerRows(db, 1, 10_000, false, 'g');
  const growth: Row[] = [];
  const growthRun = async (label: string) => {
    const pool = (await createSecrets(db, quick ? 3000 : 8000, false)).secretKeys;
    const s = await runLoad(server.url, share(), 8, SECONDS);
    const r = await runLoad(server.url, reveal(pool), 8, SECONDS);
    growth.push([label, await rowCount(db), s.p50Ms, s.p99Ms, r.p50Ms, r.p99Ms]);
    log(`growth ${label}: share p99 ${s.p99Ms} ms, reveal p99 ${r.p99Ms} ms`);
  };
  await growthRun('10 thousand rows');

  // Main scenarios.
  for (const connections of CONNECTIONS) {
    record('share', connections, await runLoad(server.url, share(), connections, SECONDS));
    const pool = (await createSecrets(db, SECONDS * 4000, false)).secretKeys;
    record('reveal', connections, await runLoad(server.url, reveal(pool), connections, SECONDS));
    record('share+reveal', connections, await runLoad(server.url, pair(), connections, SECONDS));
    record('share+reveal, passphrase', connections, await runLoad(server.url, pair('correct horse'), connections, SECONDS));
    const owned = (await createSecrets(db, 1000, true)).metadataKeys;
    record('metadata', connections, await runLoad(server.url, metadata(owned, authorization), connections, SECONDS));
  }
  const peakRss = server.peakRssMb();

  // Where the time goes: the same use cases and SQL with less framework around them.
  const references: Array<[string, ReferenceName]> = [
    ['Hush use cases on bare node:http', 'node-http'],
    ['Hush use cases on a bare Nest + Fastify controller', 'bare-nest-fastify'],
    ["Hush use cases on a bare Nest + Express controller, Nest's stock adapter", 'bare-nest-stock-express'],
    ["Hush use cases on a bare Nest + Express controller, Hush's adapter", 'bare-nest'],
  ];
  const referenceResults = new Map<string, LoadResult>();
  for (const [label, name] of references) {
    const reference = await startReference(name, databaseUrl, PROFILE);
    try {
      // A fresh process runs cold code for its first seconds; that would count against the first figure.
      await runLoad(reference.url, pair(), 8, REFERENCE_WARM_UP_SECONDS);
      for (const connections of CONNECTIONS) {
        const result = await runLoad(reference.url, pair(), connections, SECONDS);
        referenceResults.set(`${label}@${connections}`, result);
        log(`${label} @${connections}: ${result.opsPerSec.toFixed(0)} pairs/s, p99 ${result.p99Ms} ms, errors ${result.errors}`);
        if (result.errors > 0) throw new Error(`${label} answered ${result.errors} requests with errors; its figure would mislead`);
      }
    } finally {
      await reference.stop();
    }
  }

  // Latency as users feel it: an open loop at half the maximum pair rate.
  const latency = await measureLatency(server.url, SECONDS, 3, log);

  // What the shared rate-limit counter costs: the same pairs with every limit on (never reached).
  const rateLimits = await priceRateLimits(databaseUrl, server, 32, SECONDS, 3, log);

  // What the audit trail and outbox cost: this server with a webhook against the one before issue 13.
  const notifications: NotificationsOutcome = quick
    ? { ok: false, reason: 'a --quick run skips it; `npm run bench -- --only notifications` runs it alone' }
    : await notificationsPrice();

  // The ceiling: the same SQL through pgbench, same clients.
  await insertFillerRows(db, 10_001, 200_000, false, 'g');
  const scripts = ceilingScripts(200_000);
  // Filler rows g1..g200000 have hashes sha256('gm'||g) / sha256('gs'||g); point the reveal and metadata scripts at them.
  const fix = (script: string) => script.replace(/'m' \|\| :g/g, "'gm' || :g").replace(/'s' \|\| :g/g, "'gs' || :g");
  const ceilings = new Map<string, number>();
  for (const connections of CONNECTIONS) {
    for (const [name, script] of Object.entries(scripts)) {
      const ceiling = await runCeiling(databaseUrl, fix(script), connections, SECONDS);
      ceilings.set(`${name}@${connections}`, ceiling.tps);
      log(`pgbench ${name} @${connections}: ${ceiling.tps.toFixed(0)} tps`);
    }
    ceilings.set(`share+reveal, passphrase@${connections}`, ceilings.get(`share+reveal@${connections}`) ?? Number.NaN);
  }
  for (const [key, result] of results) {
    const [name, connections] = key.split('@');
    const ceiling = ceilings.get(key) ?? Number.NaN;
    http.push([name ?? key, Number(connections), result.opsPerSec, result.p50Ms, result.p99Ms, ceiling, percentOf(result.opsPerSec, ceiling), result.errors]);
  }

  const layers: Row[] = [];
  for (const connections of CONNECTIONS) {
    const ceiling = ceilings.get(`share+reveal@${connections}`) ?? Number.NaN;
    layers.push(['pgbench, the same SQL (ceiling)', connections, ceiling, '–', '100 %']);
    const servers: Array<[string, LoadResult | undefined]> = [
      ...references.map(([label]): [string, LoadResult | undefined] => [label, referenceResults.get(`${label}@${connections}`)]),
      ['Hush server (middleware, guards, filters)', results.get(`share+reveal@${connections}`)],
    ];
    for (const [label, result] of servers) {
      if (result) layers.push([label, connections, result.opsPerSec, result.p99Ms, percentOf(result.opsPerSec, ceiling)]);
    }
  }

  // Growth, large table.
  const before = await rowCount(db);
  log(`inserting rows up to ${BIG.toLocaleString('en')}…`);
  await insertFillerRows(db, 200_001, 200_000 + Math.max(0, BIG - before), false, 'g');
  await growthRun(`${(BIG / 1_000_000).toString()} million rows`.replace('0.1 million', '100 thousand'));

  // Purge under load.
  log(`inserting ${BIG.toLocaleString('en')} expired rows…`);
  await insertFillerRows(db, 1, BIG, true, 'x');
  // A steady reveal rate, well under capacity, so that p99 shows the purge's effect and not queueing.
  const quietPool = (await createSecrets(db, PURGE_LOAD_RATE * SECONDS + 1000, false)).secretKeys;
  const quiet = await runLoad(server.url, reveal(quietPool), 8, SECONDS, PURGE_LOAD_RATE);
  const busyPool = (await createSecrets(db, quick ? 10_000 : 40_000, false)).secretKeys;
  const stopLoad = startLoad(server.url, reveal(busyPool), 8, PURGE_LOAD_RATE);
  const purgeStart = performance.now();
  const purged = await hushUseCases(db).purge.execute();
  const purgeSeconds = (performance.now() - purgeStart) / 1000;
  const during = await stopLoad();
  log(`purge: ${purged.purged} rows in ${purgeSeconds.toFixed(1)} s; reveal p99 ${quiet.p99Ms} → ${during.p99Ms} ms`);

  const cost = await passphraseCost();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim()}`;
  const pairAt32 = results.get('share+reveal@32');
  const markdown = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, with \`npm run bench\`${quick ? ' -- --quick' : ''} (${SECONDS} s per run, load from ${loadGenerator}; shared machine, so compare ratios, not absolutes).`,
    '',
    table(['operation', 'connections', 'HTTP ops/s', 'p50 ms', 'p99 ms', 'pgbench ceiling tps', 'HTTP / ceiling', 'errors'], http),
    '',
    `Server peak RSS: ${peakRss.toFixed(0)} MB. Goals: share+reveal ≥ 40 % of its ceiling (${pairAt32 ? percentOf(pairAt32.opsPerSec, ceilings.get('share+reveal@32') ?? Number.NaN) : '–'} at 32), p99 < 25 ms at 32 connections (${pairAt32 ? pairAt32.p99Ms.toFixed(0) : '–'} ms), RSS < 200 MB.`,
    '',
    'Where the time goes, for share+reveal: the same use cases and SQL with less around them (`apps/bench/src/reference`).',
    '',
    table(['server', 'connections', 'pairs/s', 'p99 ms', 'of ceiling'], layers),
    '',
    latencyMarkdown(latency),
    '',
    `Rate limits: share+reveal at 32 connections with every limit on (counted in PostgreSQL, one statement per hit or fewer when batched, never reached) against limits off, medians of 3 interleaved runs: ${rateLimits.on.opsPerSec.toFixed(0)} against ${rateLimits.off.opsPerSec.toFixed(0)} pairs/s (${percentOf(rateLimits.on.opsPerSec, rateLimits.off.opsPerSec)}), p99 ${rateLimits.on.p99Ms} against ${rateLimits.off.p99Ms} ms: about ${rateLimits.microsPerRequest.toFixed(0)} µs per request on this machine.`,
    '',
    notificationsMarkdown(notifications, NOTIFICATIONS_RUN),
    '',
    `Passphrase cost (argon2id, m=${ARGON2_OPTIONS.memoryCost} KiB, t=${ARGON2_OPTIONS.timeCost}): hash ${cost.hashMs.toFixed(1)} ms + verify ${cost.verifyMs.toFixed(1)} ms per secret on one thread, so at most ${(1000 / (cost.hashMs + cost.verifyMs)).toFixed(0)} protected share+reveal pairs/s per core; the HTTP figure above is bounded by it, not by the database.`,
    '',
    table(['table size', 'rows', 'share p50 ms', 'share p99 ms', 'reveal p50 ms', 'reveal p99 ms'], growth),
    '',
    `Purge under load: ${purged.purged.toLocaleString('en')} expired rows purged in ${purgeSeconds.toFixed(1)} s (batches of ${PURGE_BATCH_SIZE.toLocaleString('en')}, each followed by a rest as long as it took) while ${PURGE_LOAD_RATE} reveals/s ran over 8 connections; reveal p99 ${quiet.p99Ms} ms quiet → ${during.p99Ms} ms during (${(during.p99Ms / quiet.p99Ms).toFixed(1)}×).`,
  ].join('\n');
  process.stdout.write(`\n${markdown}\n`);
  if (!quick && !process.env.BENCH_NO_README) writeResults(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
