import type { Database } from '@hush/persistence';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '@hush/persistence/testing';
import { postForm, runCli, startServers, type CallOutcome, type ServerProcess } from '../support/processes';
import { basic } from '../support/test-app';
import { awayFromWindowEnd, TEST_RATE_WINDOW_SECONDS } from '../support/timing';

/**
 * Spec §9: with DATABASE_URL set, the limits hold for the whole deployment, not per replica; an
 * account's automation behind one address is limited by its account; failed authentications by address.
 * PostgreSQL only: on the embedded database one server owns DATA_DIR and counts in memory, so there are no
 * shared counters to test, and PGlite in a busy test worker can answer them slower than the fallback waits.
 */

const CREATE_LIMIT = 10;
const AUTH_FAILURE_LIMIT = 5;
const ACCOUNT_CREATES = 400;
const CUSTID = 'ci-pipeline@example.com';
const RATE_LIMITED = '{"message":"Rate limit exceeded. Please try again later."}';

type Summary = Record<string, number>;

/** Outcomes counted by status as the client sees it: 200, 401, 429 (intended), or what went wrong. */
function summarise(outcomes: CallOutcome[]): Summary {
  const summary: Summary = {};
  for (const outcome of outcomes) {
    const label = outcome.kind === 'response' ? (outcome.status === 200 ? '200' : `${outcome.intended ?? outcome.status}`) : outcome.kind;
    summary[label] = (summary[label] ?? 0) + 1;
  }
  return summary;
}

function expectRateLimited(outcome: CallOutcome | undefined): void {
  expect(outcome?.kind === 'response' && { intended: outcome.intended, text: outcome.text }).toEqual({ intended: '429', text: RATE_LIMITED });
  const retryAfter = Number(outcome?.kind === 'response' ? outcome.retryAfter : NaN);
  expect(retryAfter >= 1 && retryAfter <= TEST_RATE_WINDOW_SECONDS).toBe(true);
}

/** Runs `calls` with at most `width` in flight. */
async function inParallel<T>(count: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await call(i);
      }
    }),
  );
  return results;
}

(isEmbeddedTestDatabase() ? describe.skip : describe)('rate limits across two server processes on one PostgreSQL (spec §9)', () => {
  let servers: ServerProcess[] = [];
  let db: Database;
  let account: string;

  const via = (i: number) => (servers[i % servers.length] as ServerProcess).url;
  const share = (i: number, authorization?: string) => postForm(`${via(i)}/api/v1/share`, { secret: `value ${i}` }, { authorization });
  const rows = async () => ((await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')) as [{ n: number }])[0].n;

  beforeAll(async () => {
    db = await openTestDatabase({ poolSize: 2 });
    await truncateAll(db);
    const env = {
      RATE_LIMIT_CREATE_PER_MINUTE: String(CREATE_LIMIT),
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURE_LIMIT),
      RATE_LIMIT_ACCOUNT_PER_MINUTE: '1200',
    };
    const [created, started] = await Promise.all([runCli(['account', 'create', CUSTID]), startServers(2, env)]);
    servers = started;
    expect(created.status).toBe(0);
    account = basic(CUSTID, created.stdout.trim().split('\n').at(-1) as string);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
  });
  beforeEach(async () => {
    await db.dataSource.query('TRUNCATE hush_secret, hush_rate_counter');
    await awayFromWindowEnd(20);
  });

  it(`lets ${CREATE_LIMIT} anonymous creates through for both processes together, not ${CREATE_LIMIT} each`, async () => {
    const outcomes = await inParallel(3 * CREATE_LIMIT, 6, (i) => share(i));
    expect(summarise(outcomes)).toEqual({ '200': CREATE_LIMIT, '429': 2 * CREATE_LIMIT });
    expectRateLimited(outcomes.find((outcome) => outcome.kind === 'response' && outcome.status !== 200));
    expect(await rows()).toBe(CREATE_LIMIT);
  });

  it(`lets an account create ${ACCOUNT_CREATES} secrets in a minute from an address whose anonymous budget is spent`, async () => {
    const anonymous = await inParallel(CREATE_LIMIT + 1, 2, (i) => share(i));
    expect(summarise(anonymous)).toEqual({ '200': CREATE_LIMIT, '429': 1 });
    const started = Date.now();
    const automation = await inParallel(ACCOUNT_CREATES, 8, (i) => share(i, account));
    expect(summarise(automation)).toEqual({ '200': ACCOUNT_CREATES });
    expect(Date.now() - started).toBeLessThan(40_000);
    // The address is still limited for anonymous calls.
    expectRateLimited(await share(0));
    expect(await rows()).toBe(CREATE_LIMIT + ACCOUNT_CREATES);
  });

  it(`answers failed authentications past ${AUTH_FAILURE_LIMIT} from one address with 429 on both processes, and still takes the right token from there`, async () => {
    const wrong = basic(CUSTID, 'a guessed token');
    const guesses = await inParallel(AUTH_FAILURE_LIMIT + 3, 4, (i) => share(i, wrong));
    expect(summarise(guesses)).toEqual({ '401': AUTH_FAILURE_LIMIT, '429': 3 });
    const owner = await inParallel(4, 2, (i) => share(i, account));
    expect(summarise(owner)).toEqual({ '200': 4 });
    expectRateLimited(await share(0, wrong));
    expectRateLimited(await share(1, wrong));
    expect(await rows()).toBe(4);
  });

  // Last here: each process counts in memory for a few seconds after the shared counters fail.
  it('while the counter table is locked, counts in each process within a fraction of a second instead of waiting out the statement timeout', async () => {
    const locker = db.dataSource.createQueryRunner();
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE hush_rate_counter IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const timedShares = await inParallel(2 * CREATE_LIMIT + 4, 4, async (i) => {
        const sent = Date.now();
        return { outcome: await share(i), ms: Date.now() - sent };
      });
      const latencies = timedShares.map((call) => call.ms).sort((a, b) => a - b);
      process.stdout.write(`counted shares while hush_rate_counter is locked: max ${latencies.at(-1)} ms, median ${latencies[latencies.length >> 1]} ms, all ${Date.now() - started} ms\n`);
      expect(latencies.at(-1)).toBeLessThan(1000);
      // Each process counts its own share of the limit meanwhile.
      expect(summarise(timedShares.map((call) => call.outcome))).toEqual({ '200': 2 * CREATE_LIMIT, '429': 4 });
    } finally {
      await locker.query('ROLLBACK');
      await locker.release();
    }
  });
});
