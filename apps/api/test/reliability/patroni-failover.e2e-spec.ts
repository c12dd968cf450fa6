import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HaCluster, missingHaBinaries, type PatroniNode, startHaCluster } from '../support/ha-cluster';
import { postForm, startServer, type CallOutcome, type ServerProcess } from '../support/processes';
import { isOk, isUnavailable, isUnknown, type Call, type Shared } from '../support/load-calls';
import { sleep } from '../support/timing';

/**
 * Issue 24: a failover on the standard HA engine. Two PostgreSQL nodes under Patroni in synchronous mode
 * (etcd, HAProxy to the leader by Patroni's health check), two Hush processes behind HAProxy under an
 * open-loop load of shares, with reveals on the other process. The leader's node is killed outright and
 * Patroni promotes the synchronous standby by itself. Every acknowledged secret is revealed exactly once,
 * no process exits, writes resume, and every failure meanwhile is the 503 answer (never a 500).
 */

/** Shares started per second whatever happened to the earlier ones (open loop). */
const SHARES_PER_SECOND = 20;
/** Shares acknowledged before the kill, and again after writes resume. */
const ACKS_PER_PHASE = 40;
/** The bound on the time from the kill to the first acknowledged share. */
const WRITES_RESUME_MS = 30_000;
const PHASE_DEADLINE_MS = 60_000;
const RESULTS = join(__dirname, '..', '..', 'test-results', 'patroni-failover.json');

const isRefused = (outcome: CallOutcome) => outcome.kind === 'connection' && outcome.error.includes('ECONNREFUSED');

/** What a call came to, for the counts: the status a client acts on (the intended one on a v1 error). */
function label(outcome: CallOutcome): string {
  if (outcome.kind === 'timeout') return 'timeout';
  if (outcome.kind === 'connection') return isRefused(outcome) ? 'refused' : `connection: ${outcome.error}`;
  return outcome.intended ?? String(outcome.status);
}

function tally(calls: readonly Call[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[label(call.outcome)] = (counts[label(call.outcome)] ?? 0) + 1;
  return counts;
}

/** Shares at a fixed rate over the processes in turn; half of what is acknowledged is revealed on the other process a second later. */
class OpenLoop {
  readonly calls: Call[] = [];
  readonly shared: Shared[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private issued = 0;

  constructor(private readonly servers: readonly ServerProcess[]) {}

  start(): void {
    this.timer = setInterval(() => this.track(this.share(this.issued++)), 1000 / SHARES_PER_SECOND);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + PHASE_DEADLINE_MS;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what}: not in time (${this.shared.length} shares acknowledged)`);
      await sleep(20);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async call(op: Call['op'], server: number, path: string, params: Record<string, string>, shared?: Shared): Promise<CallOutcome> {
    const started = Date.now();
    const outcome = await postForm(`${(this.servers[server] as ServerProcess).url}${path}`, params, { timeoutMs: 20_000 });
    this.calls.push({ op, server, started, ended: Date.now(), outcome, shared });
    return outcome;
  }

  private async share(i: number): Promise<void> {
    const server = i % this.servers.length;
    const value = `failover ${i} ${Math.random().toString(36).slice(2)}\n\t"ü" ✓`;
    const passphrase = i % 4 === 0 ? `pw ${i}` : undefined;
    const outcome = await this.call('share', server, '/api/v1/share', passphrase ? { secret: value, passphrase } : { secret: value });
    if (!isOk(outcome) || outcome.kind !== 'response') return;
    const entry: Shared = { key: (JSON.parse(outcome.text) as { secret_key: string }).secret_key, value, passphrase, revealed: [], ambiguous: false };
    this.shared.push(entry);
    if (i % 2 !== 0) return;
    await sleep(1000);
    const revealed = await this.call('reveal', (server + 1) % this.servers.length, `/api/v1/secret/${entry.key}`, passphrase ? { passphrase } : {}, entry);
    if (isOk(revealed) && revealed.kind === 'response') entry.revealed.push((JSON.parse(revealed.text) as { value: string }).value);
    else if (!isUnknown(revealed, entry.key)) entry.ambiguous = true;
  }
}

const missing = missingHaBinaries();
// CI installs the packages (.ci/run): there, their absence is a failure, not a reason to skip.
const skipReason = missing.length === 0 || process.env.CI ? null : `not installed: ${missing.join(', ')} (Debian's patroni, etcd-server, haproxy, postgresql-15)`;

describe('failover of a Patroni cluster under load (issue 24)', () => {
  let cluster: HaCluster | undefined;
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await cluster?.stop();
  }, 60_000);

  (skipReason === null ? it : it.skip)(
    'keeps every acknowledged secret, reveals none twice, and answers 503 (never 500) while Patroni promotes the synchronous standby' +
      (skipReason === null ? '' : ` [skipped: ${skipReason}]`),
    async () => {
      expect(missing).toEqual([]);
      const began = Date.now();
      const ha = await startHaCluster();
      cluster = ha;
      const clusterReady = Date.now();
      // One after the other: the first migrates the new database (each commit waiting for the standby) on its own.
      for (let i = 0; i < 2; i++) servers.push(await startServer({ DATABASE_URL: ha.databaseUrl }));
      const serversReady = Date.now();
      const load = new OpenLoop(servers);
      const old = await ha.primary();
      expect(old).not.toBeNull();
      const survivor = ha.nodes.find((node) => node !== old) as PatroniNode;

      let killedAt = 0;
      let promotedAt: number | null = null;
      load.start();
      try {
        await load.until(() => load.shared.length >= ACKS_PER_PHASE, 'shares before the kill');
        // Outside strict mode Patroni drops a standby that stops streaming from synchronous_standby_names: the promise needs it there.
        expect({ synchronousStandby: await ha.synchronous(survivor) }).toEqual({ synchronousStandby: true });
        killedAt = Date.now();
        ha.kill(old as PatroniNode);
        const firstWrite = () => load.calls.find((c) => c.op === 'share' && c.started >= killedAt && isOk(c.outcome));
        // When the survivor's Patroni first calls itself the primary (HAProxy's check) is the failover's own figure.
        while (!firstWrite() && Date.now() - killedAt < PHASE_DEADLINE_MS) {
          if (promotedAt === null && (await ha.primary()) === survivor) promotedAt = Date.now();
          await sleep(100);
        }
        promotedAt ??= (await ha.primary()) === survivor ? Date.now() : null;
        const acknowledgedBefore = load.shared.length;
        await load.until(() => firstWrite() !== undefined && load.shared.length >= acknowledgedBefore + ACKS_PER_PHASE, 'shares after the failover');
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${ha.logs()}`);
      } finally {
        await load.stop();
      }

      // Afterwards, through the new leader: a secret revealed with a 200 is gone; any other must be there once.
      let doubled = 0;
      let lost = 0;
      let consumedUnanswered = 0;
      const wrong: unknown[] = [];
      for (const [index, s] of load.shared.entries()) {
        const outcome = await postForm(`${servers[index % 2]?.url}/api/v1/secret/${s.key}`, s.passphrase ? { passphrase: s.passphrase } : {});
        if (isOk(outcome) && outcome.kind === 'response') {
          const { value } = JSON.parse(outcome.text) as { value: string };
          if (value !== s.value) wrong.push({ key: s.key, value });
          if (s.revealed.length > 0) doubled++;
          s.revealed.push(value);
        } else if (isUnknown(outcome, s.key)) {
          if (s.revealed.length === 0 && s.ambiguous) consumedUnanswered++;
          else if (s.revealed.length === 0) lost++;
        } else {
          wrong.push({ key: s.key, outcome });
        }
      }

      const firstWrite = load.calls.filter((c) => c.op === 'share' && c.started >= killedAt && isOk(c.outcome)).sort((a, b) => a.ended - b.ended)[0];
      const resumedAt = firstWrite?.ended ?? null;
      const gap = load.calls.filter((c) => c.ended >= killedAt && (resumedAt === null || c.started <= resumedAt));
      const failures = load.calls.filter((c) => !isOk(c.outcome));
      const figures = {
        acknowledged: load.shared.length,
        lost,
        doubled,
        consumedWithoutDelivery: consumedUnanswered,
        promotedAfterMs: promotedAt === null ? null : promotedAt - killedAt,
        firstWriteAfterMs: resumedAt === null ? null : resumedAt - killedAt,
        calls: load.calls.length,
        gapStatuses: tally(gap),
        failureStatuses: tally(failures),
        clusterStartMs: clusterReady - began,
        serversStartMs: serversReady - clusterReady,
        loadAndChecksMs: Date.now() - serversReady,
      };
      mkdirSync(join(RESULTS, '..'), { recursive: true });
      writeFileSync(RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
      process.stdout.write(
        `patroni-failover: ${figures.acknowledged} shares acknowledged, ${lost} lost, ${doubled} revealed twice, ${consumedUnanswered} consumed by a reveal answered 503, ` +
          `survivor primary ${figures.promotedAfterMs ?? '-'} ms and first write ${figures.firstWriteAfterMs ?? '-'} ms after the kill, ` +
          `in the gap ${JSON.stringify(figures.gapStatuses)}, all failures ${JSON.stringify(figures.failureStatuses)}; ` +
          `cluster started in ${figures.clusterStartMs} ms, servers in ${figures.serversStartMs} ms, load and checks ${figures.loadAndChecksMs} ms\n`,
      );

      // Patroni failed over by itself, to the synchronous standby.
      expect({ primary: (await ha.primary())?.name }).toEqual({ primary: survivor.name });
      expect({ lost, doubled, wrong }).toEqual({ lost: 0, doubled: 0, wrong: [] });
      expect(load.shared.filter((s) => s.revealed.length !== 1 && !(s.revealed.length === 0 && s.ambiguous)).map((s) => s.key)).toEqual([]);
      // Writes resumed in time, and the kill really hit the traffic.
      expect(resumedAt).not.toBeNull();
      expect((resumedAt as number) - killedAt).toBeLessThan(WRITES_RESUME_MS);
      expect(failures.length).toBeGreaterThan(0);
      // Every failure is the 503 answer or a refused connection: no 500, no hang, no cut-off answer.
      expect(failures.filter((c) => !isUnavailable(c.outcome) && !isRefused(c.outcome)).map(({ op, server, outcome }) => ({ op, server, outcome }))).toEqual([]);
      // No process exited.
      for (const server of servers) {
        expect({ exitCode: server.child.exitCode, signal: server.child.signalCode }).toEqual({ exitCode: null, signal: null });
        expect((await fetch(`${server.url}/api/v1/status`)).status).toBe(200);
      }
    },
    240_000,
  );
});
