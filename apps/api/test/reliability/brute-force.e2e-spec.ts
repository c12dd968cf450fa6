import { hashKey } from '@hush/persistence';
import { openTestDatabase, truncateAll } from '@hush/persistence/testing';
import type { Database } from '@hush/persistence';
import { envInteger, postForm, runCli, startServers, type CallOutcome, type ServerProcess } from '../support/processes';
import { basic } from '../support/test-app';
import { JSON_UTF8, UNKNOWN } from '../support/v1';

/**
 * Issue "Prove it" (reliability), spec §6 BurnPolicy: a scripted guesser cannot brute-force a
 * passphrase. Wrong guesses look exactly like an unknown key; after PASSPHRASE_MAX_ATTEMPTS of them
 * the secret is burned, even when the guesses arrive all at once over several processes; and a right
 * guess racing wrong ones reveals the value at most once, never after the burn.
 */

const MAX_ATTEMPTS = 5;
const SOAK_ROUNDS = envInteger('HUSH_SOAK_ROUNDS', 20);
/** Rounds of 60 concurrent wrong guesses over three processes. */
const CONCURRENT_ROUNDS = Math.max(1, Math.floor(SOAK_ROUNDS / 20));
const CONCURRENT_GUESSES = 60;
/** Rounds of 20 wrong guesses racing one right guess. */
const RACE_ROUNDS = Math.max(5, Math.floor(SOAK_ROUNDS / 4));
const RACE_WRONG_GUESSES = 20;
const CUSTID = 'guesser-target@example.com';
const PASSPHRASE = 'correct horse battery staple';

interface Receipt {
  readonly secret_key: string;
  readonly metadata_key: string;
}

interface Row {
  readonly state: string;
  readonly failed_attempts: number;
  readonly has_value: boolean;
  readonly has_passphrase: boolean;
}

/** What a caller can observe of an answer (the secret key it echoes replaced, so answers for different keys compare). */
function observed(outcome: CallOutcome, key: string) {
  if (outcome.kind !== 'response') return outcome;
  return { status: outcome.status, intended: outcome.intended, contentType: outcome.contentType, text: outcome.text.split(key).join('<key>') };
}

const UNKNOWN_ANSWER = {
  status: 404,
  intended: '404',
  contentType: JSON_UTF8,
  text: UNKNOWN('<key>'),
};

/** A key of the right shape that was never issued. */
const neverIssued = () => Array.from({ length: 31 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 36)]).join('');

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

describe('passphrase brute force (issue: prove it; spec §6)', () => {
  let servers: ServerProcess[] = [];
  let db: Database;
  let owner: string;

  const server = (n: number) => servers[n % servers.length] as ServerProcess;

  const share = async (value: string, via = 0): Promise<Receipt> => {
    const outcome = await postForm(`${server(via).url}/api/v1/share`, { secret: value, passphrase: PASSPHRASE }, { authorization: owner });
    expect(outcome.kind === 'response' && outcome.status).toBe(200);
    return JSON.parse((outcome as { text: string }).text) as Receipt;
  };
  const guess = (key: string, passphrase: string, via: number) => postForm(`${server(via).url}/api/v1/secret/${key}`, { passphrase });
  const metadataState = async (receipt: Receipt, via = 0) => {
    const outcome = await postForm(`${server(via).url}/api/v1/private/${receipt.metadata_key}`, {}, { authorization: owner });
    expect(outcome.kind === 'response' && outcome.status).toBe(200);
    return (JSON.parse((outcome as { text: string }).text) as { state: string }).state;
  };
  const row = async (receipt: Receipt): Promise<Row> => {
    const rows = (await db.dataSource.query(
      `SELECT state, failed_attempts, value_sealed IS NOT NULL AS has_value, passphrase_hash IS NOT NULL AS has_passphrase
       FROM hush_secret WHERE metadata_key_hash = $1`,
      [hashKey(receipt.metadata_key)],
    )) as Row[];
    expect(rows).toHaveLength(1);
    return rows[0] as Row;
  };

  beforeAll(async () => {
    db = await openTestDatabase({ poolSize: 2 });
    await truncateAll(db);
    const env = { PASSPHRASE_MAX_ATTEMPTS: String(MAX_ATTEMPTS) };
    const [created, started] = await Promise.all([runCli(['account', 'create', CUSTID]), startServers(3, env)]);
    servers = started;
    expect(created.status).toBe(0);
    owner = basic(CUSTID, created.stdout.trim().split('\n').at(-1) as string);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
  });

  it(`answers sequential wrong guesses like an unknown key and burns the secret after exactly ${MAX_ATTEMPTS}`, async () => {
    // One guess short of the limit: still there, and the right passphrase still opens it.
    const spared = await share('spared by one guess');
    for (let i = 0; i < MAX_ATTEMPTS - 1; i++) expect(observed(await guess(spared.secret_key, `wrong ${i}`, i), spared.secret_key)).toEqual(UNKNOWN_ANSWER);
    expect(await row(spared)).toEqual({ state: 'new', failed_attempts: MAX_ATTEMPTS - 1, has_value: true, has_passphrase: true });
    const opened = await guess(spared.secret_key, PASSPHRASE, 0);
    expect(opened.kind === 'response' && JSON.parse(opened.text)).toEqual({ value: 'spared by one guess', secret_key: spared.secret_key, share_domain: '' });

    const target = await share('guess me if you can');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      // Indistinguishable from a key that never existed, guess after guess, on every process.
      const wrong = await guess(target.secret_key, `wrong ${i}`, i);
      const unknownKey = neverIssued();
      const unknown = await guess(unknownKey, `wrong ${i}`, i);
      expect(observed(wrong, target.secret_key)).toEqual(UNKNOWN_ANSWER);
      expect(observed(unknown, unknownKey)).toEqual(UNKNOWN_ANSWER);
      const counted = await row(target);
      expect(counted.failed_attempts).toBe(i + 1);
      // Burned by the last one, not before.
      expect(counted.state).toBe(i + 1 < MAX_ATTEMPTS ? 'new' : 'burned');
    }
    expect(await metadataState(target, 1)).toBe('burned');
    expect(observed(await guess(target.secret_key, PASSPHRASE, 2), target.secret_key)).toEqual(UNKNOWN_ANSWER);
    expect(observed(await postForm(`${server(0).url}/api/v1/secret/${target.secret_key}`), target.secret_key)).toEqual(UNKNOWN_ANSWER);
    // Burned means gone from storage, not just flagged; and later guesses are not counted any more.
    expect(await row(target)).toEqual({ state: 'burned', failed_attempts: MAX_ATTEMPTS, has_value: false, has_passphrase: false });
  });

  it(`counts exactly ${MAX_ATTEMPTS} of ${CONCURRENT_GUESSES} concurrent wrong guesses over three processes, then burns (${CONCURRENT_ROUNDS} round(s))`, async () => {
    for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
      const target = await share(`concurrent round ${round}`, round);
      const outcomes = await Promise.all(Array.from({ length: CONCURRENT_GUESSES }, (_, i) => guess(target.secret_key, `wrong ${round}.${i}`, i)));
      const answers = outcomes.map((outcome) => observed(outcome, target.secret_key));
      expect(answers.filter((answer) => JSON.stringify(answer) !== JSON.stringify(UNKNOWN_ANSWER))).toEqual([]);
      expect(await row(target)).toEqual({ state: 'burned', failed_attempts: MAX_ATTEMPTS, has_value: false, has_passphrase: false });
      expect(observed(await guess(target.secret_key, PASSPHRASE, round + 1), target.secret_key)).toEqual(UNKNOWN_ANSWER);
      expect(await metadataState(target, round + 2)).toBe('burned');
    }
  }, 60_000 + CONCURRENT_ROUNDS * 10_000);

  it(`lets a right guess racing ${RACE_WRONG_GUESSES} wrong ones win at most once, and never after the burn (${RACE_ROUNDS} rounds)`, async () => {
    const outcomes = { revealed: 0, burned: 0 };
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const value = `race round ${round}`;
      const target = await share(value, round);
      const guesses = shuffle([PASSPHRASE, ...Array.from({ length: RACE_WRONG_GUESSES }, (_, i) => `wrong ${round}.${i}`)]);
      const answers = await Promise.all(guesses.map((passphrase, i) => guess(target.secret_key, passphrase, i + round)));

      const winners = answers.filter((answer) => answer.kind === 'response' && answer.status === 200);
      const losers = answers.filter((answer) => !winners.includes(answer)).map((answer) => observed(answer, target.secret_key));
      expect(losers.filter((answer) => JSON.stringify(answer) !== JSON.stringify(UNKNOWN_ANSWER))).toEqual([]);
      expect(winners.length).toBeLessThanOrEqual(1);
      const stored = await row(target);
      if (winners.length === 1) {
        // The right guess came first: the value, exactly once; the wrong guesses had not burned it yet.
        expect(JSON.parse((winners[0] as { text: string }).text)).toEqual({ value, secret_key: target.secret_key, share_domain: '' });
        expect(stored).toEqual({ state: 'received', failed_attempts: stored.failed_attempts, has_value: false, has_passphrase: false });
        expect(stored.failed_attempts).toBeLessThan(MAX_ATTEMPTS);
        expect(await metadataState(target, round)).toBe('received');
        outcomes.revealed++;
      } else {
        // Burned first: the right guess found nothing.
        expect(stored).toEqual({ state: 'burned', failed_attempts: MAX_ATTEMPTS, has_value: false, has_passphrase: false });
        expect(await metadataState(target, round)).toBe('burned');
        outcomes.burned++;
      }
      // Either way it is gone for good.
      expect(observed(await guess(target.secret_key, PASSPHRASE, round + 1), target.secret_key)).toEqual(UNKNOWN_ANSWER);
    }
    expect(outcomes.revealed + outcomes.burned).toBe(RACE_ROUNDS);
    process.stdout.write(`brute-force race: ${outcomes.revealed} revealed, ${outcomes.burned} burned first, of ${RACE_ROUNDS} rounds\n`);
  }, 60_000 + RACE_ROUNDS * 5_000);
});
