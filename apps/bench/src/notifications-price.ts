import { randomBytes } from 'node:crypto';
import { buildBaseline } from './baseline-build';
import { createSecrets, dropDatabase, openDatabase, recreateDatabase } from './fixtures';
import { pair, reveal, runLoad, share, shareOverHttp, type LoadResult, type Scenario } from './http-load';
import { OutboxWatch, receiverDeliveries } from './outbox-watch';
import { startServer, startWebhookReceiver, type BenchServer } from './server';
import type { WebhookDeliveries } from './webhook-receiver.server';

export interface NotificationsOptions {
  readonly adminUrl: string;
  /** Prefix of the two databases, re-created for every run. */
  readonly databaseName: string;
  readonly rev: string;
  readonly baselineDir: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

export interface Figures {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface OperationPrice {
  readonly name: string;
  readonly baseline: Figures;
  readonly current: Figures;
  /** Medians over the current server's runs: events written, delivered while the run lasted, pending at its end, seconds to deliver those (and how many were still pending when the bench stopped waiting). */
  readonly events: number;
  readonly deliveredDuring: number;
  readonly pendingAfter: number;
  readonly drainSeconds: number;
  readonly undrained: number;
  readonly errors: number;
}

export interface NotificationsPrice {
  readonly rev: string;
  readonly commit: string;
  readonly operations: readonly OperationPrice[];
  readonly receiver: WebhookDeliveries;
  /** Over every run of the current server: events (audit rows), and messages left undelivered or dead at its end. */
  readonly events: number;
  readonly undelivered: number;
  readonly dead: number;
}

export type NotificationsOutcome = { readonly ok: true; readonly price: NotificationsPrice } | { readonly ok: false; readonly reason: string };

type Side = 'baseline' | 'current';
type OperationName = 'share' | 'reveal' | 'share+reveal';
const OPERATIONS: readonly OperationName[] = ['share', 'reveal', 'share+reveal'];
/** How long the bench waits for the outbox to empty between runs, so that each run starts with none of the last one's work. */
const DRAIN_LIMIT_MS = 90_000;
/** Secrets made for a reveal run, per second of it: above the fastest reveal rate seen here (about 4,600/s), so the pool never runs out. */
const REVEAL_POOL_PER_SECOND = 6000;
const WARM_UP_SECONDS = 2;

interface Sample {
  readonly result: LoadResult;
  readonly events?: number;
  readonly deliveredDuring?: number;
  readonly pendingAfter?: number;
  readonly drainSeconds?: number;
  readonly undrained?: number;
}

export const medianOf = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

const figures = (samples: readonly Sample[]): Figures => ({
  opsPerSec: medianOf(samples.map((s) => s.result.opsPerSec)),
  p50Ms: medianOf(samples.map((s) => s.result.p50Ms)),
  p99Ms: medianOf(samples.map((s) => s.result.p99Ms)),
});

/**
 * Share, reveal and share+reveal on the server built from `rev` and on this one with a webhook configured, so that
 * every event writes an audit row and an outbox message that the worker delivers to a receiver the bench runs;
 * interleaved, each run on a fresh database. Never throws for a baseline that cannot be built: it says why.
 */
export async function priceNotifications(options: NotificationsOptions): Promise<NotificationsOutcome> {
  const { log, connections, seconds } = options;
  const build = await buildBaseline(options.rev, options.baselineDir, log);
  if (!build.ok) return build;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startWebhookReceiver(secret);
  const samples = new Map<string, Sample[]>();
  const totals = { events: 0, undelivered: 0, dead: 0 };

  // The baseline's secrets through its own API (its schema is its own); the current server's in-process, with no
  // outbox message (as if long delivered), so that its reveal run does not start behind a backlog of thousands.
  const revealPool = async (side: Side, server: BenchServer, databaseUrl: string): Promise<string[]> => {
    const count = seconds * REVEAL_POOL_PER_SECOND;
    if (side === 'baseline') return shareOverHttp(server.url, count);
    const db = await openDatabase(databaseUrl);
    try {
      return (await createSecrets(db, count, false)).secretKeys;
    } finally {
      await db.close();
    }
  };

  const runOnce = async (side: Side, round: number): Promise<void> => {
    const databaseUrl = await recreateDatabase(options.adminUrl, `${options.databaseName}_${side}`);
    const server: BenchServer =
      side === 'baseline'
        ? await startServer(databaseUrl, [], {}, build.mainJs)
        : await startServer(databaseUrl, [], { WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret });
    const watch = side === 'current' ? await OutboxWatch.open(databaseUrl, receiver.url) : undefined;
    try {
      // A fresh process: its first seconds run cold code, which would count against whichever operation came first.
      await runLoad(server.url, pair(), connections, Math.min(WARM_UP_SECONDS, seconds));
      for (const name of OPERATIONS) {
        const scenario: Scenario = name === 'share' ? share() : name === 'reveal' ? reveal(await revealPool(side, server, databaseUrl)) : pair();
        await watch?.drain(DRAIN_LIMIT_MS);
        const before = await watch?.snapshot();
        const result = await runLoad(server.url, scenario, connections, seconds);
        const after = await watch?.snapshot();
        const drained = await watch?.drain(DRAIN_LIMIT_MS);
        const sample: Sample =
          before && after && drained
            ? {
                result,
                events: after.events - before.events,
                deliveredDuring: after.delivered - before.delivered,
                pendingAfter: after.pending,
                drainSeconds: drained.seconds,
                undrained: drained.pending,
              }
            : { result };
        const key = `${side}:${name}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        const outbox = sample.events === undefined ? '' : `; ${sample.events} events, ${sample.deliveredDuring} delivered during the run, ${sample.pendingAfter} pending after it (${sample.undrained ? `${sample.undrained} still pending` : 'all delivered'} ${sample.drainSeconds?.toFixed(1)} s after)`;
        log(`notifications ${side} ${name} @${connections}, round ${round + 1}: ${result.opsPerSec.toFixed(0)} ops/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}${outbox}`);
      }
      const end = await watch?.snapshot();
      if (end) {
        totals.events += end.events;
        totals.undelivered += end.pending;
        totals.dead += end.dead;
      }
    } finally {
      await watch?.close();
      await server.stop();
    }
  };

  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const side of ['baseline', 'current'] as const) await runOnce(side, round);
    }
    const operations = OPERATIONS.map((name): OperationPrice => {
      const baseline = samples.get(`baseline:${name}`) ?? [];
      const current = samples.get(`current:${name}`) ?? [];
      const of = (pick: (sample: Sample) => number | undefined) => medianOf(current.map((s) => pick(s) ?? Number.NaN));
      return {
        name,
        baseline: figures(baseline),
        current: figures(current),
        events: of((s) => s.events),
        deliveredDuring: of((s) => s.deliveredDuring),
        pendingAfter: of((s) => s.pendingAfter),
        drainSeconds: of((s) => s.drainSeconds),
        undrained: of((s) => s.undrained),
        errors: [...baseline, ...current].reduce((sum, s) => sum + s.result.errors, 0),
      };
    });
    return { ok: true, price: { rev: options.rev, commit: build.commit, operations, receiver: await receiverDeliveries(receiver.url), ...totals } };
  } finally {
    await receiver.stop();
    for (const side of ['baseline', 'current'] as const) await dropDatabase(options.adminUrl, `${options.databaseName}_${side}`);
  }
}
