import { RecipientMail } from '../secret/encryption-at-rest';
import { OutboxMessage } from './outbox';

export type DeliveryAttempt = { readonly ok: true } | { readonly ok: false; readonly permanent: boolean; readonly reason: string };

/** Sends one kind of outbox message; a recipient mail comes with its sealed part opened. A failure is an attempt's result. */
export interface MessageSender {
  send(message: OutboxMessage, recipient: RecipientMail | null): Promise<DeliveryAttempt>;
}

export type DeliveryOutcome = 'delivered' | 'retried' | 'dead' | 'skipped';

/** Told of every delivery attempt's outcome (metrics, logs). */
export interface DeliveryEvents {
  attempted(message: OutboxMessage, outcome: DeliveryOutcome, reason?: string): void;
}

export const NO_DELIVERY_EVENTS: DeliveryEvents = Object.freeze({ attempted: () => undefined });
