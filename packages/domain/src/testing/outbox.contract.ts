import { Account } from '../account/account';
import { ChangedSecret, readPayload } from '../delivery/messages';
import { NotificationPlan, plannedMessages, PlannedMessage } from '../delivery/notification-plan';
import { AccountRepository, Outbox, OutboxMessage, SecretRepository } from '../ports';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { Secret, SecretKeys } from '../secret/secret';
import { ChangeRecord, NO_ORIGIN, SecretEventType } from '../secret/secret-event';
import { FakeCipher } from './fake-crypto';
import { check, checkEqual, ContractViolation } from './contract-checks';

/** What differs per backend; every case gets a fresh, empty store. */
export interface OutboxHarness {
  readonly outbox: Outbox;
  /** The accounts whose reveal-notice choice a write reads. */
  readonly accounts: AccountRepository;
  /** Secrets whose writes put into `outbox` the messages `plan` calls for. */
  secrets(plan: NotificationPlan): SecretRepository;
  /** The outbox's present time (on SQL, the database's `now()`). */
  now(): Promise<Date>;
  /** Moves the outbox's time on by `ms`: leases lapse, delays pass, dead messages age. */
  lapse(ms: number): Promise<void>;
  /** How the outbox names the secret stored under `metadataKey` (`secretRef`). */
  secretRef(metadataKey: string): string;
}

/**
 * The Outbox contract, with the fan-out rule every SecretRepository writes by (`plannedMessages`), as
 * runnable cases free of any test framework, e.g. `for (const c of outboxContract) it(c.name, () => c.run(harness))`.
 */
export interface OutboxContractCase {
  readonly name: string;
  run(harness: OutboxHarness): Promise<void>;
}

const HOUR = 3600_000;
const LEASE = 60_000;
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const HOOKS = ['http://hooks.test/a', 'http://hooks.test/b'];
const FULL: NotificationPlan = { webhooks: HOOKS, notices: true, horizonMs: 25 * HOUR };
const ONE_HOOK: NotificationPlan = { webhooks: [HOOKS[0] as string], notices: false, horizonMs: 25 * HOUR };
const SEALED_MAIL = 'k1:sealed-recipient-mail';
const atRest = new EncryptionAtRest(new FakeCipher('k1'));
let counter = 0;

const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

interface Made {
  readonly secret: Secret;
  readonly keys: SecretKeys;
}

function make(now: Date, options: { owner?: string | null; ttl?: number; passphrase?: boolean } = {}): Made {
  counter += 1;
  const unique = `${counter.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const keys = { secretKey: `outbox-s-${unique}`, metadataKey: `outbox-m-${unique}` };
  const secret = Secret.create(
    {
      ...atRest.seal(keys, `value ${unique}`),
      owner: options.owner === undefined ? ALICE : options.owner,
      passphraseHash: options.passphrase ? 'hash' : null,
      ttl: options.ttl ?? 24 * 3600,
      recipients: [],
    },
    now,
  );
  return { secret, keys };
}

const record = (events: SecretEventType[], recipientMail?: string): ChangeRecord => ({ events, actor: 'anon', origin: NO_ORIGIN, ...(recipientMail ? { recipientMail } : {}) });

async function read(repository: SecretRepository, keys: SecretKeys): Promise<Secret> {
  const secret = await repository.findBySecretKey(keys.secretKey);
  if (!secret) throw new ContractViolation('the secret just written is not found');
  return secret;
}

/** Writes a new secret with its `secret.created` record, a minute ago unless told (so later events are due too). */
async function share(harness: OutboxHarness, repository: SecretRepository, options: Parameters<typeof make>[1] & { recipientMail?: string; at?: Date } = {}) {
  const made = make(options.at ?? later(await harness.now(), -60_000), options);
  await repository.add(made.secret, made.keys, record([SecretEventType.Created], options.recipientMail));
  return made;
}

/** The messages a change calls for, by the rule, for a secret as the write left it. */
class Expected {
  /** Each with the number of its change (`eventIndex` counts within one). */
  readonly messages: (PlannedMessage & { readonly change: number })[] = [];
  constructor(
    private readonly harness: OutboxHarness,
    private readonly plan: NotificationPlan,
  ) {}

  add(secret: Secret, keys: SecretKeys, events: SecretEventType[], at: Date, ownerWantsNotices: boolean, recipientMail?: string): void {
    const changed: ChangedSecret = {
      secretRef: this.harness.secretRef(keys.metadataKey), owner: secret.owner, shortKey: keys.secretKey.slice(0, 6), state: secret.storedState,
      passphraseRequired: secret.createdWithPassphrase, createdAt: secret.createdAt, receivedAt: secret.receivedAt, secretExpiresAt: secret.secretExpiresAt,
    };
    const change = this.messages.length === 0 ? 0 : (this.messages[this.messages.length - 1]?.change ?? 0) + 1;
    const planned = plannedMessages({ secret: changed, events, at, recipientMail: recipientMail ?? null }, this.plan, ownerWantsNotices);
    this.messages.push(...planned.map((message) => ({ ...message, change })));
  }
}

const stream = (m: { kind: string; destination: string | null; secretRef: string }) => `${m.kind} ${m.destination ?? ''} ${m.secretRef}`;

/** Claims and completes until nothing is left; what was claimed, in claim order. */
async function drain(outbox: Outbox): Promise<OutboxMessage[]> {
  const claimed: OutboxMessage[] = [];
  for (let round = 0; round < 50; round++) {
    const batch = await outbox.claim(100, LEASE);
    if (batch.length === 0) return claimed;
    claimed.push(...batch);
    for (const message of batch) check(await outbox.complete(message), 'a message just claimed is completed');
  }
  throw new ContractViolation('the outbox never ran dry');
}

/** What was written equals what the rule calls for: per secret, kind and destination, the same messages in the same order. */
async function checkWritten(outbox: Outbox, expected: Expected): Promise<void> {
  const claimed = await drain(outbox);
  const project = (m: { event: string; kind: string; destination: string | null; secretRef: string; custid: string; sealed: string | null; createdAt: Date; retryUntil: Date }) => ({
    stream: stream(m), event: m.event, custid: m.custid, sealed: m.sealed, createdAt: m.createdAt.toISOString(), retryUntil: m.retryUntil.toISOString(),
  });
  const byStream = <T extends { kind: string; destination: string | null; secretRef: string }>(messages: T[]) =>
    [...messages].sort((a, b) => stream(a).localeCompare(stream(b)));
  checkEqual(byStream(claimed).map(project), byStream(expected.messages).map(project), 'the messages written, per secret, kind and destination in order');
  const planned = byStream(expected.messages);
  byStream(claimed).forEach((message, i) => {
    const twin = planned[i] as PlannedMessage;
    const what = `the ${message.kind} payload of ${message.event} (to ${message.destination ?? 'mail'})`;
    checkEqual(readPayload(message.kind, message.payload), twin.payload, `${what}, read`);
    checkEqual(message.payload, twin.payloadText, `${what}, byte for byte`);
    checkEqual(message.attempts, 1, `${what}: attempts at its first claim`);
  });
  // One event, one id: shared by its messages (a webhook's id on every destination), distinct between events.
  const eventKey = (change: number, eventIndex: number) => `${change}#${eventIndex}`;
  const expectedGroups = new Map<string, Set<string>>();
  const actualGroups = new Map<string, Set<string>>();
  byStream(claimed).forEach((message, i) => {
    const twin = planned[i] as PlannedMessage & { change: number };
    const key = eventKey(twin.change, twin.eventIndex);
    expectedGroups.set(key, (expectedGroups.get(key) ?? new Set()).add(message.id));
    actualGroups.set(message.eventId, (actualGroups.get(message.eventId) ?? new Set()).add(message.id));
  });
  const groups = (map: Map<string, Set<string>>) => [...map.values()].map((ids) => [...ids].sort().join(',')).sort();
  checkEqual(groups(actualGroups), groups(expectedGroups), 'messages grouped by event id');
}

async function optIn(harness: OutboxHarness, custid: string, on: boolean): Promise<void> {
  const now = await harness.now();
  await harness.accounts.add(Account.create(custid, `token-hash-${custid}`, now).withRevealNotices(on, now));
}

async function claimOne(outbox: Outbox, what: string, leaseMs = LEASE): Promise<OutboxMessage> {
  const [message, ...rest] = await outbox.claim(1, leaseMs);
  check(message !== undefined && rest.length === 0, `${what}: one message is claimed`);
  return message as OutboxMessage;
}

export const outboxContract: readonly OutboxContractCase[] = [
  {
    name: 'a share, its failed passphrases and the burn by policy write what plannedMessages calls for, payloads byte for byte',
    async run(harness) {
      await optIn(harness, ALICE, true);
      const secrets = harness.secrets(FULL);
      const expected = new Expected(harness, FULL);
      const shared = await share(harness, secrets, { passphrase: true, recipientMail: SEALED_MAIL });
      expected.add(shared.secret, shared.keys, [SecretEventType.Created], shared.secret.createdAt, true, SEALED_MAIL);
      const failed = (await read(secrets, shared.keys)).recordFailedAttempt(later(shared.secret.createdAt, 1000));
      check(await secrets.commit(failed, record([SecretEventType.PassphraseFailed])), 'the failed attempt is committed');
      expected.add(failed, shared.keys, [SecretEventType.PassphraseFailed], failed.updatedAt, true);
      const burned = (await read(secrets, shared.keys)).recordFailedAttempt(later(shared.secret.createdAt, 2000)).burn(later(shared.secret.createdAt, 2000));
      check(await secrets.commit(burned, record([SecretEventType.PassphraseFailed, SecretEventType.BurnedByPolicy])), 'the burn is committed');
      expected.add(burned, shared.keys, [SecretEventType.PassphraseFailed, SecretEventType.BurnedByPolicy], burned.updatedAt, true);
      check(expected.messages.some((m) => m.kind === 'reveal_notice') && expected.messages.some((m) => m.kind === 'recipient_mail'), 'the case covers every kind');
      await checkWritten(harness.outbox, expected);
    },
  },
  {
    name: 'reveals and burns: a notice only to an owner who opted in, when the plan mails notices; the anonymous owner is anon',
    async run(harness) {
      await optIn(harness, ALICE, true);
      await optIn(harness, BOB, false);
      for (const plan of [FULL, { ...FULL, notices: false }]) {
        const secrets = harness.secrets(plan);
        const expected = new Expected(harness, plan);
        for (const owner of [ALICE, BOB, null]) {
          const shared = await share(harness, secrets, { owner });
          expected.add(shared.secret, shared.keys, [SecretEventType.Created], shared.secret.createdAt, owner === ALICE);
          const at = later(shared.secret.createdAt, 1500);
          check((await secrets.claimUnprotected(shared.keys.secretKey, at, ['k1'], record([SecretEventType.Revealed]))) !== null, 'the reveal claims the secret');
          expected.add((await read(secrets, shared.keys)), shared.keys, [SecretEventType.Revealed], at, owner === ALICE);
          const other = await share(harness, secrets, { owner });
          expected.add(other.secret, other.keys, [SecretEventType.Created], other.secret.createdAt, owner === ALICE);
          const burned = (await read(secrets, other.keys)).burn(later(other.secret.createdAt, 500));
          check(await secrets.commit(burned, record([SecretEventType.Burned])), 'the burn is committed');
          expected.add(burned, other.keys, [SecretEventType.Burned], burned.updatedAt, owner === ALICE);
        }
        check(expected.messages.filter((m) => m.kind === 'reveal_notice').length === (plan.notices ? 1 : 0), 'notices expected by the rule');
        await checkWritten(harness.outbox, expected);
      }
    },
  },
  {
    name: 'the purge tells of a secret that expired unread (a notice at its expiry), and of nothing read',
    async run(harness) {
      await optIn(harness, ALICE, true);
      const secrets = harness.secrets(FULL);
      const now = await harness.now();
      const expected = new Expected(harness, FULL);
      const scrubbed = await share(harness, secrets, { ttl: 3600, at: later(now, -2 * HOUR + 60_000) });
      const deleted = await share(harness, secrets, { ttl: 600, owner: null, at: later(now, -HOUR) });
      const read_ = await share(harness, secrets, { ttl: 600, at: later(now, -HOUR) });
      const opened = (await read(secrets, read_.keys)).reveal(later(read_.secret.createdAt, 1000));
      check(await secrets.commit(opened, record([SecretEventType.Revealed])), 'the reveal is committed');
      for (const made of [scrubbed, deleted, read_]) expected.add(made.secret, made.keys, [SecretEventType.Created], made.secret.createdAt, true);
      expected.add(opened, read_.keys, [SecretEventType.Revealed], opened.updatedAt, true);
      await drain(harness.outbox);
      checkEqual([await secrets.deleteExpired(now, 10), await secrets.scrubExpiredValues(now, 10)], [2, 1], 'rows purged and values scrubbed');
      const purged = new Expected(harness, FULL);
      purged.add(deleted.secret, deleted.keys, [SecretEventType.Expired], now, false);
      purged.add(scrubbed.secret, scrubbed.keys, [SecretEventType.Expired], now, true);
      const notice = purged.messages.find((m) => m.kind === 'reveal_notice');
      checkEqual(notice?.payload, {
        secret_shortkey: scrubbed.keys.secretKey.slice(0, 6), at: scrubbed.secret.secretExpiresAt.toISOString(), created: scrubbed.secret.createdAt.toISOString(),
      }, 'an expiry told at the expiry, with when it was shared');
      await checkWritten(harness.outbox, purged);
    },
  },
  {
    name: "one secret's messages to one destination are claimed one at a time, in order; a dead one does not block its successors",
    async run(harness) {
      const secrets = harness.secrets({ ...FULL, notices: false });
      const first = await share(harness, secrets);
      await share(harness, secrets);
      const burned = (await read(secrets, first.keys)).burn(await harness.now());
      await secrets.commit(burned, record([SecretEventType.Burned]));
      const firstRef = harness.secretRef(first.keys.metadataKey);
      const heads = await harness.outbox.claim(10, LEASE);
      checkEqual(heads.map((m) => [m.event, m.destination, m.secretRef === firstRef]).sort(), [
        ['secret.created', HOOKS[0], false], ['secret.created', HOOKS[0], true], ['secret.created', HOOKS[1], false], ['secret.created', HOOKS[1], true],
      ], 'the head of each secret and destination');
      checkEqual(await harness.outbox.claim(10, LEASE), [], 'nothing more while the heads are held');
      const toA = heads.find((m) => m.secretRef === firstRef && m.destination === HOOKS[0]) as OutboxMessage;
      const toB = heads.find((m) => m.secretRef === firstRef && m.destination === HOOKS[1]) as OutboxMessage;
      check(await harness.outbox.complete(toA), 'the head to a is completed');
      checkEqual((await harness.outbox.claim(10, LEASE)).map((m) => [m.event, m.destination]), [['secret.burned', HOOKS[0]]], 'the next to a, only');
      check(await harness.outbox.fail(toB, 'HTTP 410', null), 'the head to b dies');
      const next = await harness.outbox.claim(10, LEASE);
      checkEqual(next.map((m) => [m.event, m.destination, m.attempts]), [['secret.burned', HOOKS[1], 1]], 'behind a dead message, the next one to b');
    },
  },
  {
    name: 'never the same message to two claimers at once',
    async run(harness) {
      const secrets = harness.secrets(ONE_HOOK);
      for (let i = 0; i < 12; i++) await share(harness, secrets);
      const batches = await Promise.all(Array.from({ length: 6 }, () => harness.outbox.claim(3, LEASE)));
      const ids = batches.flat().map((m) => m.id);
      checkEqual([ids.length, new Set(ids).size], [12, 12], 'messages claimed, and distinct');
      checkEqual(await harness.outbox.claim(10, LEASE), [], 'nothing is left to claim');
      checkEqual(await harness.outbox.backlog(), { pending: 12, dead: 0, oldestPendingAt: (await harness.outbox.list({ limit: 1 }))[0]?.createdAt ?? null }, 'the backlog');
    },
  },
  {
    name: 'a lapsed lease gives the message back; the old holder can then neither complete nor fail it',
    async run(harness) {
      await share(harness, harness.secrets(ONE_HOOK));
      const held = await claimOne(harness.outbox, 'the first claim', 1000);
      checkEqual(await harness.outbox.claim(1, LEASE), [], 'a leased message is not claimed again');
      await harness.lapse(2000);
      const retaken = await claimOne(harness.outbox, 'after the lease lapsed');
      checkEqual([retaken.id, retaken.eventId, retaken.attempts], [held.id, held.eventId, 2], 'the same message, a second attempt');
      check(!(await harness.outbox.complete(held)), 'the old holder cannot complete it');
      check(!(await harness.outbox.fail(held, 'late', 0)), 'the old holder cannot fail it');
      check(await harness.outbox.complete(retaken), 'the new holder completes it');
      checkEqual((await harness.outbox.backlog()).pending, 0, 'nothing pending');
    },
  },
  {
    name: 'a failure waits out its delay, then is due again; its error is kept (up to 500 characters)',
    async run(harness) {
      await share(harness, harness.secrets(ONE_HOOK));
      const message = await claimOne(harness.outbox, 'the first claim');
      check(await harness.outbox.fail(message, `HTTP 503 ${'x'.repeat(600)}`, 60_000), 'the failure is recorded');
      checkEqual(await harness.outbox.claim(1, LEASE), [], 'not due during its delay');
      const [entry] = await harness.outbox.list({ limit: 10 });
      checkEqual([entry?.lastError?.length, entry?.deadAt, entry?.attempts, entry?.kind], [500, null, 1, 'webhook'], 'the entry while it waits');
      check((entry?.nextAttemptAt.getTime() ?? 0) - (await harness.now()).getTime() > 50_000, 'its next attempt is a delay away');
      await harness.lapse(30_000);
      checkEqual(await harness.outbox.claim(1, LEASE), [], 'not due before its delay passed');
      await harness.lapse(31_000);
      const again = await claimOne(harness.outbox, 'after the delay');
      checkEqual([again.id, again.attempts], [message.id, 2], 'the same message, a second attempt');
    },
  },
  {
    name: 'dead messages are listed, retried with a new horizon (all or by id), and in time forgotten',
    async run(harness) {
      const secrets = harness.secrets(ONE_HOOK);
      await share(harness, secrets);
      await share(harness, secrets);
      const [first, second] = await harness.outbox.claim(10, LEASE);
      check(first !== undefined && second !== undefined, 'two messages claimed');
      await harness.outbox.fail(first as OutboxMessage, 'HTTP 410', null);
      await harness.outbox.fail(second as OutboxMessage, 'HTTP 404', null);
      checkEqual(await harness.outbox.claim(10, LEASE), [], 'dead messages are not claimed');
      checkEqual(await harness.outbox.backlog(), { pending: 0, dead: 2, oldestPendingAt: null }, 'the backlog of dead messages');
      checkEqual((await harness.outbox.list({ dead: true, limit: 10 })).map((e) => [e.id, e.lastError, e.attempts, e.deadAt !== null]),
        [[first?.id, 'HTTP 410', 1, true], [second?.id, 'HTTP 404', 1, true]], 'dead messages listed, oldest first');
      checkEqual(await harness.outbox.list({ dead: false, limit: 10 }), [], 'no live messages listed');
      checkEqual((await harness.outbox.list({ dead: true, limit: 1 })).length, 1, 'the limit holds');
      checkEqual(await harness.outbox.retry(['999999999'], HOUR), 0, 'retrying an unknown id');
      checkEqual(await harness.outbox.retry([(second as OutboxMessage).id], 2 * HOUR), 1, 'retrying one by id');
      const before = await harness.now();
      const retried = await claimOne(harness.outbox, 'the retried message');
      const after = await harness.now();
      checkEqual([retried.id, retried.attempts], [second?.id, 2], 'the retried message, a further attempt');
      const until = retried.retryUntil.getTime();
      check(until >= before.getTime() + 2 * HOUR - 1000 && until <= after.getTime() + 2 * HOUR + 1000, 'a retried message has the horizon it was given, from now');
      checkEqual(await harness.outbox.retry([retried.id], HOUR), 0, 'a message that is not dead is not retried');
      await harness.outbox.fail(retried, 'HTTP 410', null);
      checkEqual(await harness.outbox.retry('all-dead', HOUR), 2, 'retrying every dead message');
      for (const message of await harness.outbox.claim(10, LEASE)) await harness.outbox.fail(message, 'gone', null);
      await harness.lapse(2 * 24 * HOUR);
      checkEqual(await harness.outbox.deleteDead(later(await harness.now(), -24 * HOUR), 1), 1, 'forgotten in bounded batches');
      checkEqual(await harness.outbox.deleteDead(later(await harness.now(), -24 * HOUR), 10), 1, 'the rest');
      checkEqual(await harness.outbox.backlog(), { pending: 0, dead: 0, oldestPendingAt: null }, 'nothing is left');
    },
  },
  {
    name: "a write's messages are retried until the plan's horizon after their event",
    async run(harness) {
      const plan = { ...ONE_HOOK, horizonMs: 30 * HOUR };
      const { secret } = await share(harness, harness.secrets(plan));
      const message = await claimOne(harness.outbox, 'the message');
      checkEqual([message.createdAt.toISOString(), message.retryUntil.toISOString()], [secret.createdAt.toISOString(), later(secret.createdAt, 30 * HOUR).toISOString()], 'its times');
    },
  },
  {
    name: 'secretLive is read when a message is claimed: false once the secret was revealed, burned or has expired since it was written',
    async run(harness) {
      const secrets = harness.secrets(ONE_HOOK);
      const live = await share(harness, secrets, { recipientMail: SEALED_MAIL });
      const revealed = await share(harness, secrets, { recipientMail: SEALED_MAIL });
      const burned = await share(harness, secrets, { recipientMail: SEALED_MAIL });
      const expired = await share(harness, secrets, { recipientMail: SEALED_MAIL, ttl: 60, at: later(await harness.now(), -120_000) });
      const now = await harness.now();
      check((await secrets.claimUnprotected(revealed.keys.secretKey, now, ['k1'], record([SecretEventType.Revealed]))) !== null, 'the reveal');
      check(await secrets.commit((await read(secrets, burned.keys)).burn(now), record([SecretEventType.Burned])), 'the burn');
      const mails = (await harness.outbox.claim(100, LEASE)).filter((m) => m.kind === 'recipient_mail');
      const liveness = (made: Made) => mails.find((m) => m.secretRef === harness.secretRef(made.keys.metadataKey))?.secretLive;
      checkEqual([live, revealed, burned, expired].map(liveness), [true, false, false, false], 'secretLive of live, revealed, burned and expired secrets');
      checkEqual(mails.map((m) => m.sealed), [SEALED_MAIL, SEALED_MAIL, SEALED_MAIL, SEALED_MAIL], 'the sealed part is handed to the claimer');
    },
  },
];
