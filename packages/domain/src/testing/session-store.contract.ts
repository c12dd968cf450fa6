import { Session } from '../account/session';
import { SessionStore } from '../ports';
import { check, checkEqual, ContractViolation } from './contract-checks';

/**
 * The SessionStore contract as runnable cases, free of any test framework: every adapter runs each case
 * against a fresh, empty store, e.g. `for (const c of sessionStoreContract) it(c.name, () => c.run(store))`.
 */
export interface SessionStoreContractCase {
  readonly name: string;
  run(store: SessionStore): Promise<void>;
}

const T0 = new Date('2026-06-01T12:00:00.123Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let counter = 0;

/** A digest as TokenHasher makes them (SHA-256, lowercase hex), distinct per call. */
function digest(): string {
  counter += 1;
  return `${counter.toString(16)}${Math.random().toString(16).slice(2, 10)}`.padStart(64, 'a').slice(-64);
}

function session(custid: string, options: { createdAt?: Date; lastSeenAt?: Date; userAgent?: string | null } = {}): Session {
  const createdAt = options.createdAt ?? T0;
  return Session.restore({ tokenDigest: digest(), custid, createdAt, lastSeenAt: options.lastSeenAt ?? createdAt, userAgent: options.userAgent === undefined ? 'Contract/1.0' : options.userAgent });
}

async function stored(store: SessionStore, ...args: Parameters<typeof session>): Promise<Session> {
  const made = session(...args);
  await store.add(made);
  return made;
}

const fields = (s: Session | null) => (s ? { tokenDigest: s.tokenDigest, custid: s.custid, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, userAgent: s.userAgent } : null);

async function found(store: SessionStore, tokenDigest: string, what: string): Promise<Session> {
  const read = await store.find(tokenDigest);
  if (!read) throw new ContractViolation(`${what}: not found`);
  return read;
}

export const sessionStoreContract: readonly SessionStoreContractCase[] = [
  {
    name: 'add, then find returns every field as stored (times to the millisecond); an unknown digest finds nothing',
    async run(store) {
      const userAgent = `Mozilla/5.0 ${'é'.repeat(100)}${'x'.repeat(87)} 🙂`;
      const made = await stored(store, 'alice@example.com', { lastSeenAt: at(5), userAgent });
      checkEqual(fields(await store.find(made.tokenDigest)), fields(made), 'the session read back');
      const bare = await stored(store, 'alice@example.com', { userAgent: null });
      checkEqual((await found(store, bare.tokenDigest, 'a session without user agent')).userAgent, null, 'a missing user agent');
      checkEqual(await store.find(digest()), null, 'an unknown digest');
    },
  },
  {
    name: 'add rejects a second session under a digest already stored',
    async run(store) {
      const made = await stored(store, 'alice@example.com');
      const twin = Session.restore({ tokenDigest: made.tokenDigest, custid: 'bob@example.com', createdAt: at(1), lastSeenAt: at(1), userAgent: null });
      check(await store.add(twin).then(() => false, () => true), 'adding a duplicate digest is rejected');
      checkEqual((await found(store, made.tokenDigest, 'the first session')).custid, 'alice@example.com', 'the first session is kept');
    },
  },
  {
    name: 'touch moves last seen forward, never back, and changes nothing else; touching an unknown digest does nothing',
    async run(store) {
      const made = await stored(store, 'alice@example.com');
      await store.touch(made.tokenDigest, at(90));
      checkEqual(fields(await store.find(made.tokenDigest)), fields(made.touched(at(90))), 'after a touch');
      await store.touch(made.tokenDigest, at(30));
      checkEqual((await found(store, made.tokenDigest, 'after an older touch')).lastSeenAt, at(90), 'last seen after an older touch');
      await store.touch(digest(), at(100));
      checkEqual(await store.listByAccount('alice@example.com').then((all) => all.length), 1, 'sessions after touching an unknown digest');
    },
  },
  {
    name: 'delete removes the session and returns it as it was; a second delete returns null',
    async run(store) {
      const made = await stored(store, 'alice@example.com', { lastSeenAt: at(3) });
      const other = await stored(store, 'alice@example.com');
      checkEqual(fields(await store.delete(made.tokenDigest)), fields(made), 'the deleted session');
      checkEqual(await store.find(made.tokenDigest), null, 'a deleted session is not found');
      checkEqual(await store.delete(made.tokenDigest), null, 'deleting it again');
      check((await store.find(other.tokenDigest)) !== null, 'the other session stays');
    },
  },
  {
    name: 'listByAccount returns only that account\'s sessions, newest first',
    async run(store) {
      const first = await stored(store, 'alice@example.com', { createdAt: at(1) });
      const third = await stored(store, 'alice@example.com', { createdAt: at(3) });
      const second = await stored(store, 'alice@example.com', { createdAt: at(2) });
      await stored(store, 'bob@example.com', { createdAt: at(4) });
      checkEqual((await store.listByAccount('alice@example.com')).map(fields), [third, second, first].map(fields), 'alice\'s sessions');
      checkEqual(await store.listByAccount('Alice@example.com'), [], 'a custid differing in case');
      checkEqual(await store.listByAccount('nobody@example.com'), [], 'an account without sessions');
    },
  },
  {
    name: 'deleteByAccount deletes every session of that account and no other, and says how many',
    async run(store) {
      await stored(store, 'alice@example.com');
      await stored(store, 'alice@example.com', { createdAt: at(1) });
      const bobs = await stored(store, 'bob@example.com');
      checkEqual(await store.deleteByAccount('alice@example.com'), 2, 'sessions deleted');
      checkEqual(await store.listByAccount('alice@example.com'), [], 'alice\'s sessions afterwards');
      check((await store.find(bobs.tokenDigest)) !== null, 'bob\'s session stays');
      checkEqual(await store.deleteByAccount('alice@example.com'), 0, 'deleting again');
    },
  },
  {
    name: 'deleteEnded removes sessions idle since before the first time or started before the second, at most `limit` a batch',
    async run(store) {
      const idleBefore = at(1000);
      const startedBefore = at(0);
      const idle = await stored(store, 'alice@example.com', { createdAt: at(10), lastSeenAt: at(999) });
      const old = await stored(store, 'alice@example.com', { createdAt: at(-1), lastSeenAt: at(2000) });
      const live = await stored(store, 'alice@example.com', { createdAt: at(0), lastSeenAt: at(1000) });
      checkEqual(await store.deleteEnded(idleBefore, startedBefore, 1), 1, 'the first batch of one');
      checkEqual(await store.deleteEnded(idleBefore, startedBefore, 10), 1, 'the second batch');
      checkEqual(await store.deleteEnded(idleBefore, startedBefore, 10), 0, 'nothing is left to delete');
      checkEqual(await store.find(idle.tokenDigest), null, 'the idle session');
      checkEqual(await store.find(old.tokenDigest), null, 'the old session');
      checkEqual(fields(await store.find(live.tokenDigest)), fields(live), 'a session exactly at both limits stays');
    },
  },
];
