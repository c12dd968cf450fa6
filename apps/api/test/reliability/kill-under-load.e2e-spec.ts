import { AesGcmCipher } from '@hush/crypto';
import { hashKey } from '@hush/persistence';
import { openTestDatabase } from '@hush/persistence/testing';
import { truncateTestDatabase } from '../support/database';
import { envInteger, postForm, startServer, startServers, type CallOutcome, type ServerProcess } from '../support/processes';
import { TEST_MASTER_KEY } from '../support/test-master-key';
import { sleep } from '../support/timing';
import { UNKNOWN } from '../support/v1';

/**
 * Issue "Prove it" (reliability): a server process killed outright (SIGKILL, no graceful shutdown)
 * while creates stream in over three processes on one database. Every acknowledged create must be
 * there, whole, and revealable exactly once through the survivors; a create that the kill cut off
 * fails as a broken connection (never as a 5xx), and leaves either a whole secret or nothing.
 */

const SOAK_ROUNDS = envInteger('HUSH_SOAK_ROUNDS', 20);
/** Concurrent create loops (spread round-robin over the three processes). */
const WORKERS = Math.min(6 + Math.floor(SOAK_ROUNDS / 20), 30);
/** Kill cycles; each kills one process and (but for the last) starts a replacement. */
const KILLS = 1 + Math.floor(SOAK_ROUNDS / 100);
/** Creates acknowledged before each kill, and again after it, before moving on. */
const ACKS_PER_PHASE = 30;
const PHASE_DEADLINE_MS = 30_000;

interface Attempt {
  readonly value: string;
  readonly passphrase: string | undefined;
  readonly server: ServerProcess;
  readonly started: number;
  ended: number;
  outcome: CallOutcome | null;
  receipt?: Receipt;
  secretKey?: string;
}

interface Receipt {
  readonly secret_key: string;
  readonly passphrase_required: boolean;
  readonly state: string;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

describe('SIGKILL of one server process under a stream of creates (issue: prove it)', () => {
  const live: ServerProcess[] = [];
  const killed: { server: ServerProcess; at: number }[] = [];

  beforeAll(async () => {
    await truncateTestDatabase();
    live.push(...(await startServers(3)));
  });
  afterAll(async () => {
    await Promise.all(live.map((server) => server.stop()));
  });

  it(
    `keeps every acknowledged create, whole and revealable once, when a process dies (${KILLS} kill(s), ${WORKERS} create loops)`,
    async () => {
      const attempts: Attempt[] = [];
      let acknowledged = 0;
      let stopping = false;
      let turn = 0;

      const worker = async (w: number) => {
        for (let i = 0; !stopping; i++) {
          const server = live[turn++ % live.length] as ServerProcess;
          // Distinct, and not trivially so: whitespace, quotes, non-ASCII must come back byte for byte.
          const value = `kill ${w}.${i} "${Math.random().toString(36).slice(2)}"\n  ünïcødé ✓ `;
          const passphrase = i % 3 === 0 ? `pass ${w}.${i}` : undefined;
          const attempt: Attempt = { value, passphrase, server, started: Date.now(), ended: 0, outcome: null };
          attempts.push(attempt);
          const outcome = await postForm(`${server.url}/api/v1/share`, passphrase ? { secret: value, passphrase } : { secret: value });
          attempt.outcome = outcome;
          attempt.ended = Date.now();
          if (outcome.kind === 'response' && outcome.status === 200) {
            // Checked after the loops stop: an expectation failing in here would only be an unhandled rejection.
            attempt.receipt = JSON.parse(outcome.text) as Receipt;
            attempt.secretKey = attempt.receipt.secret_key;
            acknowledged++;
          } else if (outcome.kind === 'connection') {
            // The process is gone: a load balancer would stop sending here soon; these loops just slow down.
            await sleep(20);
          }
        }
      };

      const untilAcknowledged = async (count: number) => {
        const deadline = Date.now() + PHASE_DEADLINE_MS;
        while (acknowledged < count) {
          if (Date.now() > deadline) throw new Error(`only ${acknowledged} of ${count} creates acknowledged in time`);
          await sleep(10);
        }
      };

      const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
      try {
        for (let cycle = 0; cycle < KILLS; cycle++) {
          await untilAcknowledged(acknowledged + ACKS_PER_PHASE);
          const victim = live[cycle % live.length] as ServerProcess;
          const at = Date.now();
          const exit = await victim.stop('SIGKILL');
          killed.push({ server: victim, at });
          expect({ exit, signal: victim.child.signalCode }).toEqual({ exit: null, signal: 'SIGKILL' });
          await untilAcknowledged(acknowledged + ACKS_PER_PHASE);
          // A fresh process takes the dead one's place for the next cycle.
          live.splice(live.indexOf(victim), 1, ...(cycle < KILLS - 1 ? [await startServer()] : []));
        }
      } finally {
        stopping = true;
        await Promise.all(workers);
      }

      // Every create either got a 200, or failed below HTTP on a process that had been killed by then.
      const killedAt = new Map(killed.map(({ server, at }) => [server, at]));
      const unexpected = attempts.filter((a) => {
        const outcome = a.outcome as CallOutcome;
        if (outcome.kind === 'response') return outcome.status !== 200;
        if (outcome.kind === 'timeout') return true;
        const at = killedAt.get(a.server);
        return at === undefined || a.ended < at;
      });
      expect(unexpected.map((a) => ({ server: a.server.url, outcome: a.outcome }))).toEqual([]);
      const ok = attempts.filter((a) => a.secretKey !== undefined);
      const lost = attempts.filter((a) => a.outcome?.kind === 'connection');
      expect(ok).toHaveLength(acknowledged);
      expect(ok.filter((a) => a.receipt?.state !== 'new' || a.receipt.passphrase_required !== (a.passphrase !== undefined))).toEqual([]);
      expect(ok.length).toBeGreaterThanOrEqual(2 * KILLS * ACKS_PER_PHASE);
      // The kill really happened under load: creates were cut off or refused.
      expect(lost.length).toBeGreaterThan(0);

      // The database holds the acknowledged creates and perhaps some cut-off ones, each of them whole.
      const byValue = new Map(attempts.map((a) => [a.value, a]));
      const cipher = new AesGcmCipher(TEST_MASTER_KEY);
      const db = await openTestDatabase({ poolSize: 1 });
      let rows: { secret_key_hash: Buffer; secret_key_sealed: string; metadata_key_sealed: string; metadata_key_hash: Buffer; value_sealed: string | null; passphrase_hash: string | null; state: string; failed_attempts: number }[];
      try {
        rows = await db.dataSource.query(
          'SELECT secret_key_hash, secret_key_sealed, metadata_key_sealed, metadata_key_hash, value_sealed, passphrase_hash, state, failed_attempts FROM hush_secret',
        );
      } finally {
        await db.close();
      }
      expect(rows.length).toBeGreaterThanOrEqual(ok.length);
      expect(rows.length).toBeLessThanOrEqual(ok.length + lost.length);
      const unacknowledged: Attempt[] = [];
      for (const row of rows) {
        const secretKey = cipher.open(row.secret_key_sealed);
        expect(hashKey(secretKey).equals(row.secret_key_hash)).toBe(true);
        expect(hashKey(cipher.open(row.metadata_key_sealed)).equals(row.metadata_key_hash)).toBe(true);
        expect({ state: row.state, failedAttempts: row.failed_attempts, hasValue: row.value_sealed !== null }).toEqual({ state: 'new', failedAttempts: 0, hasValue: true });
        const attempt = byValue.get(cipher.open(row.value_sealed as string));
        expect(attempt).toBeDefined();
        expect(row.passphrase_hash !== null).toBe((attempt as Attempt).passphrase !== undefined);
        if ((attempt as Attempt).secretKey === undefined) {
          // Stored although its response was lost to the kill: fine, as long as it is whole.
          expect((attempt as Attempt).outcome?.kind).toBe('connection');
          (attempt as Attempt).secretKey = secretKey;
          unacknowledged.push(attempt as Attempt);
        } else {
          expect(secretKey).toBe((attempt as Attempt).secretKey);
        }
      }
      expect(rows.length).toBe(ok.length + unacknowledged.length);

      // Revealable exactly once through the survivors, with the exact value; then gone.
      const survivors = live.filter((server) => !killedAt.has(server));
      expect(survivors.length).toBeGreaterThanOrEqual(2);
      await eachLimited([...ok, ...unacknowledged], 8, async (a, index) => {
        const key = a.secretKey as string;
        const first = await postForm(`${survivors[index % survivors.length]?.url}/api/v1/secret/${key}`, a.passphrase ? { passphrase: a.passphrase } : {});
        expect(first.kind === 'response' && { status: first.status, body: JSON.parse(first.text) as unknown }).toEqual({
          status: 200,
          body: { value: a.value, secret_key: key, share_domain: '' },
        });
        const second = await postForm(`${survivors[(index + 1) % survivors.length]?.url}/api/v1/secret/${key}`, a.passphrase ? { passphrase: a.passphrase } : {});
        expect(second.kind === 'response' && { status: second.status, intended: second.intended, text: second.text }).toEqual({
          status: 404,
          intended: '404',
          text: UNKNOWN(key),
        });
      });

      process.stdout.write(
        `kill-under-load: ${attempts.length} creates, ${ok.length} acknowledged, ${lost.length} cut off or refused (${unacknowledged.length} of them stored whole), ${KILLS} kill(s)\n`,
      );
    },
    90_000 + KILLS * 45_000,
  );
});
