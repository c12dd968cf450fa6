import { DeliveryAttempt, DeliveryOutcome, MessageSender, OutboxMessage } from '../ports';
import { accountCaller } from '../secret/caller';
import { createDomainFixture, EnqueuedMessage } from '../testing';

const alice = accountCaller('alice@example.com');

class ScriptedSender implements MessageSender {
  readonly sent: { message: OutboxMessage; recipient: unknown }[] = [];
  constructor(private readonly answers: DeliveryAttempt[]) {}
  async send(message: OutboxMessage, recipient: unknown): Promise<DeliveryAttempt> {
    this.sent.push({ message, recipient });
    return this.answers.shift() ?? { ok: true };
  }
}

function setUp(answers: DeliveryAttempt[], settings = {}) {
  const sender = new ScriptedSender(answers);
  const outcomes: DeliveryOutcome[] = [];
  const f = createDomainFixture(
    { retry: { firstDelayMs: 1000, maxDelayMs: 8000, horizonMs: 20_000 }, random: () => 1, ...settings },
    { senders: { webhook: sender, recipient_mail: sender }, deliveryEvents: { attempted: (_m, outcome) => void outcomes.push(outcome) } },
  );
  const enqueue = (kind: OutboxMessage['kind'] = 'webhook', extra: Partial<EnqueuedMessage> = {}) =>
    f.outbox.enqueue({ eventId: 'e1', kind, event: 'secret.created', destination: 'd', secretRef: 'r1', custid: 'anon', payload: '{}', sealed: null, ...extra });
  const round = async () => Promise.all(await f.deliverOutbox.execute({ limit: 10, leaseMs: 60_000 }));
  return { f, sender, outcomes, enqueue, round };
}

describe('DeliverOutbox', () => {
  it('delivers and forgets a message', async () => {
    const { f, sender, enqueue, round } = setUp([]);
    enqueue();
    expect(await round()).toEqual(['delivered']);
    expect(sender.sent).toHaveLength(1);
    expect(f.outbox.entries).toEqual([]);
  });

  it('retries with doubling delays until the horizon, then keeps the message as dead', async () => {
    const failure: DeliveryAttempt = { ok: false, permanent: false, reason: 'HTTP 503' };
    const { f, outcomes, enqueue, round } = setUp(Array(10).fill(failure));
    enqueue('webhook', { retryUntil: new Date(f.clock.now().getTime() + 20_000) });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await round();
      const [entry] = f.outbox.entries;
      if (!entry || entry.deadAt) break;
      const wait = entry.nextAttemptAt.getTime() - f.clock.now().getTime();
      waits.push(wait);
      f.clock.advanceSeconds(wait / 1000);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(outcomes).toEqual(['retried', 'retried', 'retried', 'retried', 'dead']);
    expect(f.outbox.entries[0]).toMatchObject({ lastError: 'HTTP 503', attempts: 5 });
  });

  it('gives up at once on a permanent failure, and retry brings the message back', async () => {
    const { f, outcomes, enqueue, round } = setUp([{ ok: false, permanent: true, reason: 'SMTP 550 (permanent)' }]);
    enqueue();
    await round();
    expect(outcomes).toEqual(['dead']);
    expect(await f.retryOutbox.execute({})).toBe(1);
    expect(await round()).toEqual(['delivered']);
  });

  it('does not mail a recipient whose secret can no longer be revealed when the mail goes, and opens the sealed address for one that can', async () => {
    const { f, sender, enqueue, round } = setUp([]);
    const receipt = await f.share.execute({ caller: alice, secret: 's' });
    const opened = await f.share.execute({ caller: alice, secret: 'opened before its mail went' });
    const sealed = f.cipher.seal(JSON.stringify(['bob@example.org', receipt.secretKey]));
    enqueue('recipient_mail', { sealed, secretRef: opened.metadataKey });
    enqueue('recipient_mail', { sealed, secretRef: receipt.metadataKey });
    await f.reveal.execute({ secretKey: opened.secretKey as string });
    expect((await round()).sort()).toEqual(['delivered', 'skipped']);
    expect(sender.sent.map((s) => s.recipient)).toEqual([{ address: 'bob@example.org', secretKey: receipt.secretKey }]);
  });

  it('hands out one message per secret and destination at a time, oldest first', async () => {
    const { f, enqueue } = setUp([]);
    enqueue('webhook', { event: 'secret.created' });
    enqueue('webhook', { event: 'secret.revealed' });
    enqueue('webhook', { event: 'secret.created', secretRef: 'r2' });
    const first = await f.outbox.claim(10, 60_000);
    expect(first.map((m) => [m.secretRef, m.event])).toEqual([['r1', 'secret.created'], ['r2', 'secret.created']]);
  });

  it('ends a message whose kind has no sender as dead, naming the cause', async () => {
    const { f, enqueue, round } = setUp([]);
    enqueue('reveal_notice');
    expect(await round()).toEqual(['dead']);
    expect(f.outbox.entries[0]?.lastError).toBe('no reveal_notice sender is configured');
  });
});
