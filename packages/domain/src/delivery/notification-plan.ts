import { MessageKind } from '../ports/outbox';
import { REVEAL_NOTICE_EVENTS, SecretEventType } from '../secret/secret-event';
import { ChangedSecret, MessagePayload, payloadText, recipientMailPayload, revealNoticePayload, webhookBody } from './messages';

/** Where outbox messages go: settings of the process, the same for every write. */
export interface NotificationPlan {
  /** WEBHOOK_URL: each event is POSTed to every one. */
  readonly webhooks: readonly string[];
  /** Reveal notices are mailed to accounts that opted in (mail is configured). */
  readonly notices: boolean;
  /** How long a message is retried after its event (at least 24 hours). */
  readonly horizonMs: number;
}

export const NO_NOTIFICATIONS: NotificationPlan = Object.freeze({ webhooks: [], notices: false, horizonMs: 25 * 3600_000 });

/** One write's effect on one secret: its events, all at one time. */
export interface SecretChange {
  readonly secret: ChangedSecret;
  readonly events: readonly SecretEventType[];
  readonly at: Date;
  /** A share's sealed mail to its first recipient (see ChangeRecord). */
  readonly recipientMail?: string | null;
}

/** An outbox message a change calls for, before it is stored. */
export interface PlannedMessage {
  /** Which of the change's events (0-based): messages of one event share its id. */
  readonly eventIndex: number;
  readonly event: SecretEventType;
  readonly kind: MessageKind;
  /** A webhook's URL; null for mail. */
  readonly destination: string | null;
  readonly secretRef: string;
  readonly custid: string;
  readonly payload: MessagePayload;
  /** `payload` as stored (see payloadText). */
  readonly payloadText: string;
  readonly sealed: string | null;
  /** The event's time: the message is due from then. */
  readonly createdAt: Date;
  readonly retryUntil: Date;
}

/**
 * Who is told what of a change (the rule `recordChangesSql` states in SQL, its fast twin): for each event,
 * in order, one webhook per URL of the plan; a reveal notice to the owner for REVEAL_NOTICE_EVENTS when
 * the plan mails notices and the owner opted in (`ownerWantsNotices`); the recipient's mail for
 * `secret.created` when the share sealed one. Ordered by event, then kind as listed (webhooks in the
 * plan's order); each is due at its event's time and retried until `plan.horizonMs` after it.
 */
export function plannedMessages(change: SecretChange, plan: NotificationPlan, ownerWantsNotices: boolean): PlannedMessage[] {
  const { secret, at } = change;
  const custid = secret.owner ?? 'anon';
  const retryUntil = new Date(at.getTime() + plan.horizonMs);
  const message = (eventIndex: number, event: SecretEventType, kind: MessageKind, payload: MessagePayload, destination: string | null = null, sealed: string | null = null): PlannedMessage => ({
    eventIndex, event, kind, destination, secretRef: secret.secretRef, custid, payload, payloadText: payloadText(payload), sealed, createdAt: at, retryUntil,
  });
  return change.events.flatMap((event, eventIndex) => {
    const messages = plan.webhooks.map((url) => message(eventIndex, event, 'webhook', webhookBody(event, at, secret), url));
    if (plan.notices && ownerWantsNotices && secret.owner !== null && REVEAL_NOTICE_EVENTS.includes(event)) {
      messages.push(message(eventIndex, event, 'reveal_notice', revealNoticePayload(event, at, secret)));
    }
    if (change.recipientMail !== undefined && change.recipientMail !== null && event === SecretEventType.Created) {
      messages.push(message(eventIndex, event, 'recipient_mail', recipientMailPayload(secret), null, change.recipientMail));
    }
    return messages;
  });
}

/** Whether a change could call for a reveal notice, so that the owner's preference is worth looking up. */
export const mayNotify = (plan: NotificationPlan, owner: string | null, events: readonly SecretEventType[]): owner is string =>
  plan.notices && owner !== null && events.some((event) => REVEAL_NOTICE_EVENTS.includes(event));
