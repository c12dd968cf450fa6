import { Clock, DeliveryAttempt, DeliveryEvents, DeliveryOutcome, MessageKind, MessageSender, NO_DELIVERY_EVENTS, Outbox, OutboxMessage } from '../ports';
import { RetrySchedule } from '../delivery/retry-schedule';
import { EncryptionAtRest } from '../secret/encryption-at-rest';

export interface DeliverOutboxInput {
  /** Messages to take on now (the free delivery slots). */
  readonly limit: number;
  /** How long a claimed message stays with this process before another may take it. */
  readonly leaseMs: number;
}

export type MessageSenders = Readonly<Partial<Record<MessageKind, MessageSender>>>;

/**
 * Leases due outbox messages and delivers each on its own, so that a slow receiver holds up only its
 * own message. Returns once the messages are leased: one settling promise per delivery.
 */
export class DeliverOutbox {
  constructor(
    private readonly outbox: Outbox,
    private readonly senders: MessageSenders,
    private readonly atRest: EncryptionAtRest,
    private readonly clock: Clock,
    private readonly schedule: RetrySchedule,
    private readonly events: DeliveryEvents = NO_DELIVERY_EVENTS,
  ) {}

  async execute(input: DeliverOutboxInput): Promise<Promise<DeliveryOutcome>[]> {
    if (input.limit <= 0) return [];
    const messages = await this.outbox.claim(input.limit, input.leaseMs);
    return messages.map((message) => this.deliver(message));
  }

  private async deliver(message: OutboxMessage): Promise<DeliveryOutcome> {
    if (message.kind === 'recipient_mail' && !message.secretLive) return this.settle(message, 'skipped', { ok: true });
    const sender = this.senders[message.kind];
    if (!sender) return this.settle(message, 'dead', { ok: false, permanent: true, reason: `no ${message.kind} sender is configured` });
    let attempt: DeliveryAttempt;
    try {
      attempt = await sender.send(message, message.sealed === null ? null : this.atRest.openRecipientMail(message.sealed));
    } catch (error) {
      attempt = { ok: false, permanent: false, reason: error instanceof Error ? error.name : 'unexpected failure' };
    }
    if (attempt.ok) return this.settle(message, 'delivered', attempt);
    if (attempt.permanent) return this.settle(message, 'dead', attempt);
    const delay = this.schedule.delayAfter(message.attempts);
    const lastChance = this.clock.now().getTime() + delay > message.retryUntil.getTime();
    return this.settle(message, lastChance ? 'dead' : 'retried', attempt, delay);
  }

  private async settle(message: OutboxMessage, outcome: DeliveryOutcome, attempt: DeliveryAttempt, delayMs?: number): Promise<DeliveryOutcome> {
    const reason = attempt.ok ? undefined : attempt.reason;
    if (reason === undefined) await this.outbox.complete(message);
    else await this.outbox.fail(message, reason, outcome === 'retried' ? (delayMs ?? 0) : null);
    this.events.attempted(message, outcome, reason);
    return outcome;
  }
}
