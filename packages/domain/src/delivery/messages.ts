import { MessageKind } from '../ports/outbox';
import { MetadataState, StoredState } from '../secret/metadata-state';
import { SecretEventType } from '../secret/secret-event';

/** A secret as a change left it: what its messages may tell (never a key, value, passphrase or address). */
export interface ChangedSecret {
  /** The SHA-256 of the metadata key, in hex, as the outbox and audit trail name the secret. */
  readonly secretRef: string;
  readonly owner: string | null;
  /** The secret key's first 6 characters (null on rows written before it was kept). */
  readonly shortKey: string | null;
  readonly state: StoredState;
  readonly passphraseRequired: boolean;
  readonly createdAt: Date;
  readonly receivedAt: Date | null;
  readonly secretExpiresAt: Date;
}

/** NOTIFICATIONS.md §3: a webhook's JSON body, in this key order. */
export interface WebhookBody {
  readonly type: SecretEventType;
  readonly timestamp: string;
  readonly data: {
    readonly custid: string;
    readonly secret_shortkey: string | null;
    readonly state: StoredState | typeof MetadataState.Expired;
    readonly passphrase_required: boolean;
    readonly created: string;
    readonly updated: string;
    readonly received: string | null;
    readonly expires: string;
  };
}

/** What the recipient's mail needs besides its sealed address and secret key. */
export interface RecipientMailPayload {
  readonly passphrase_required: boolean;
  readonly expires: string;
}

/** What the creator's notice tells: which secret (its short key), when it happened, and when it was shared. */
export interface RevealNoticePayload {
  readonly secret_shortkey: string | null;
  readonly at: string;
  /** Absent from notices queued before it was kept. */
  readonly created?: string | null;
}

export interface PayloadOf {
  readonly webhook: WebhookBody;
  readonly recipient_mail: RecipientMailPayload;
  readonly reveal_notice: RevealNoticePayload;
}

export type MessagePayload = PayloadOf[MessageKind];

/** A payload read back that is not what its kind says it is. */
export class MalformedPayloadError extends Error {
  constructor(kind: MessageKind, detail: string) {
    super(`Malformed ${kind} payload: ${detail}`);
    this.name = 'MalformedPayloadError';
  }
}

/** An instant as payloads write it: UTC, milliseconds, `Z` (as the SQL's to_char does). */
export const payloadTime = (at: Date): string => at.toISOString();

const OWNERLESS = 'anon';

/** NOTIFICATIONS.md §3; an expiry reports the state `expired`. */
export function webhookBody(event: SecretEventType, at: Date, secret: ChangedSecret): WebhookBody {
  return {
    type: event,
    timestamp: payloadTime(at),
    data: {
      custid: secret.owner ?? OWNERLESS,
      secret_shortkey: secret.shortKey,
      state: event === SecretEventType.Expired ? MetadataState.Expired : secret.state,
      passphrase_required: secret.passphraseRequired,
      created: payloadTime(secret.createdAt),
      updated: payloadTime(at),
      received: secret.receivedAt === null ? null : payloadTime(secret.receivedAt),
      expires: payloadTime(secret.secretExpiresAt),
    },
  };
}

/** An expiry is told at the moment the secret expired, not when the purge found it. */
export function revealNoticePayload(event: SecretEventType, at: Date, secret: ChangedSecret): RevealNoticePayload {
  return {
    secret_shortkey: secret.shortKey,
    at: payloadTime(event === SecretEventType.Expired ? secret.secretExpiresAt : at),
    created: payloadTime(secret.createdAt),
  };
}

export function recipientMailPayload(secret: ChangedSecret): RecipientMailPayload {
  return { passphrase_required: secret.passphraseRequired, expires: payloadTime(secret.secretExpiresAt) };
}

/**
 * A payload as stored and sent: the text PostgreSQL's `json_build_object(…)::text` gives (`"key" : value`,
 * joined by `, `), so both outboxes hold the same bytes and a webhook's signature covers the same body.
 */
export function payloadText(payload: MessagePayload): string {
  return jsonText(payload);
}

function jsonText(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, field]) => `${JSON.stringify(key)} : ${jsonText(field)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const EVENTS: readonly string[] = Object.values(SecretEventType);
const WEBHOOK_STATES: readonly string[] = [MetadataState.New, MetadataState.Viewed, MetadataState.Received, MetadataState.Burned, MetadataState.Expired];

/** `?`: may be null; `??`: may also be missing (a field added later, absent from messages queued before). */
type Field = 'string' | 'string?' | 'boolean' | 'time' | 'time?' | 'time??' | readonly string[];

/** Each kind's fields, in the order they are written. */
const SHAPES = {
  webhook: { type: EVENTS, timestamp: 'time', data: null },
  webhook_data: {
    custid: 'string', secret_shortkey: 'string?', state: WEBHOOK_STATES, passphrase_required: 'boolean',
    created: 'time', updated: 'time', received: 'time?', expires: 'time',
  },
  recipient_mail: { passphrase_required: 'boolean', expires: 'time' },
  reveal_notice: { secret_shortkey: 'string?', at: 'time', created: 'time??' },
} as const satisfies Record<string, Record<string, Field | null>>;

function fits(value: unknown, field: Field): boolean {
  if (typeof field !== 'string') return typeof value === 'string' && field.includes(value);
  if (field.endsWith('?') && value === null) return true;
  switch (field.replace(/\?+$/, '')) {
    case 'boolean': return typeof value === 'boolean';
    case 'time': return typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
    default: return typeof value === 'string';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readFields(kind: MessageKind, value: unknown, shape: Record<string, Field | null>, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new MalformedPayloadError(kind, `${where} is not an object`);
  const read: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    const present = value[name];
    if (field === null) continue;
    if (field === 'time??' && !(name in value)) continue;
    if (!(name in value) || !fits(present, field)) {
      throw new MalformedPayloadError(kind, `${where}.${name} is ${name in value ? JSON.stringify(present) : 'missing'}, not ${typeof field === 'string' ? field : `one of ${field.join(', ')}`}`);
    }
    read[name] = present;
  }
  return read;
}

/** Parses and checks a stored payload of `kind`; throws MalformedPayloadError when it is not one. Unknown fields are dropped. */
export function readPayload<K extends MessageKind>(kind: K, json: string): PayloadOf[K] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new MalformedPayloadError(kind, 'not JSON');
  }
  if (kind === 'webhook') {
    const top = readFields(kind, parsed, SHAPES.webhook, 'body');
    const data = readFields(kind, (parsed as Record<string, unknown>).data, SHAPES.webhook_data, 'body.data');
    return { ...top, data } as unknown as PayloadOf[K];
  }
  return readFields(kind, parsed, kind === 'recipient_mail' ? SHAPES.recipient_mail : SHAPES.reveal_notice, 'payload') as unknown as PayloadOf[K];
}
