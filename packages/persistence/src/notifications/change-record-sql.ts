import { NotificationPlan, REVEAL_NOTICE_EVENTS } from '@hush/domain';

const CHANGED = ['metadata_key_hash', 'owner', 'state', 'short_key', 'passphrase_required', 'created_at', 'updated_at', 'received_at',
  'secret_expires_at', 'metadata_expires_at'];

/** Columns a changing statement returns (`RETURNING`) for its record to be written; qualified by `table` when given. */
export const changedColumns = (table?: string): string => CHANGED.map((column) => (table ? `${table}.${column}` : column)).join(', ');
export const CHANGED_COLUMNS = changedColumns();

// The colons quoted (the same output): pgbench, which runs these statements as the bench's ceiling, reads `:MI` as a variable.
const iso = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"')`;
const NOTICE_EVENTS = REVEAL_NOTICE_EVENTS.map((event) => `'${event}'`).join(', ');

// The payloads are the SQL twins of @hush/domain's builders (webhookBody, revealNoticePayload, recipientMailPayload, payloadText):
// same keys in the same order, same times, same bytes. `outboxContract` holds the two to each other.

/** A webhook's body (NOTIFICATIONS.md §3), built once: `json` keeps the key order, and retries send the same bytes. */
const WEBHOOK_BODY = `json_build_object(
  'type', ev.event,
  'timestamp', ${iso('ev.at')},
  'data', json_build_object(
    'custid', coalesce(ev.owner, 'anon'),
    'secret_shortkey', ev.short_key,
    'state', CASE WHEN ev.event = 'secret.expired' THEN 'expired' ELSE ev.state END,
    'passphrase_required', ev.passphrase_required,
    'created', ${iso('ev.created_at')},
    'updated', ${iso('ev.at')},
    'received', ${iso('ev.received_at')},
    'expires', ${iso('ev.secret_expires_at')}))::text`;

// An expiry is told at the moment the secret expired, not when the purge found it.
const NOTICE_PAYLOAD = `json_build_object('secret_shortkey', ev.short_key,
  'at', ${iso("CASE WHEN ev.event = 'secret.expired' THEN ev.secret_expires_at ELSE ev.at END")},
  'created', ${iso('ev.created_at')})::text`;
const MAIL_PAYLOAD = `json_build_object('passphrase_required', ev.passphrase_required, 'expires', ${iso('ev.secret_expires_at')})::text`;

export interface RecordSource {
  /** SQL of the `ev` rows' event, time, actor, origin and reason columns, over the `changed` rows `c`. */
  readonly events: string;
  /** A sealed recipient mail parameter, for statements that create. */
  readonly recipientMail?: string;
}

/** One event per given type for each changed row, with the statement's actor, origin and reason. */
export const REQUESTED_EVENTS: RecordSource = {
  events: `SELECT gen_random_uuid() AS event_id, e.event, e.n, :at::timestamptz AS at, :actor::text AS actor,
      :client_address::text AS client_address, :user_agent::text AS user_agent, :reason::text AS reason, c.*
    FROM changed c CROSS JOIN unnest(:events::text[]) WITH ORDINALITY AS e(event, n)`,
};

/** `secret.expired` for each changed row that still held its value (`had_value`), found by the purge. */
export const EXPIRED_EVENTS: RecordSource = {
  events: `SELECT gen_random_uuid() AS event_id, 'secret.expired'::text AS event, 1::bigint AS n, :now::timestamptz AS at, 'anon'::text AS actor,
      NULL::text AS client_address, NULL::text AS user_agent, :reason::text AS reason, c.*
    FROM changed c WHERE c.had_value`,
};

/** Which kinds of outbox message a statement can write: only those are in its SQL, so a plain change plans and runs no more. */
export interface OutboxParts {
  /** Webhooks are configured (`webhooks`: their destinations). */
  readonly webhooks: boolean;
  /** Reveal notices are mailed to accounts that asked for them. */
  readonly notices: boolean;
  /** The statement creates, with a sealed recipient mail parameter (`RecordSource.recipientMail`). */
  readonly recipientMail: boolean;
}

export const NO_OUTBOX: OutboxParts = { webhooks: false, notices: false, recipientMail: false };

/** The parts a NotificationPlan needs for changes that mail no recipient. */
export const outboxPartsOf = (plan: NotificationPlan): OutboxParts => ({ webhooks: plan.webhooks.length > 0, notices: plan.notices, recipientMail: false });

/** A short tag of the parts, for the names of prepared statements (one text per name on a connection). */
export const outboxTag = (parts: OutboxParts): string =>
  `${parts.webhooks ? 'w' : ''}${parts.notices ? 'n' : ''}${parts.recipientMail ? 'r' : ''}` || 'audit';

/**
 * The rest of a statement whose CTE `changed` wrote hush_secret rows: their audit rows and the outbox messages
 * `parts` allows, so that the change and its record commit (or fail) together. Parameters: `webhooks`
 * (destinations), `horizon_ms` (how long messages are retried) and the source's recipient mail, each only where
 * its part is in. Who is told what is the rule of @hush/domain's `plannedMessages`, stated here as SQL for the
 * write path.
 */
export function recordChangesSql(source: RecordSource, parts: OutboxParts): string {
  const branches = [
    parts.webhooks &&
      `SELECT ev.event_id, ev.n, 1 AS k, 'webhook' AS kind, ev.event, w.url AS destination, ev.metadata_key_hash AS secret_ref, ev.owner,
          ${WEBHOOK_BODY} AS payload, NULL::text AS sealed, ev.at
        FROM ev CROSS JOIN unnest(:webhooks::text[]) AS w(url)`,
    parts.notices &&
      `SELECT ev.event_id, ev.n, 2 AS k, 'reveal_notice' AS kind, ev.event, '' AS destination, ev.metadata_key_hash AS secret_ref, ev.owner,
          ${NOTICE_PAYLOAD} AS payload, NULL::text AS sealed, ev.at
        FROM ev JOIN hush_account a ON a.custid = ev.owner AND a.notify_on_reveal
        WHERE ev.event IN (${NOTICE_EVENTS})`,
    parts.recipientMail && source.recipientMail &&
      `SELECT ev.event_id, ev.n, 3 AS k, 'recipient_mail' AS kind, ev.event, '' AS destination, ev.metadata_key_hash AS secret_ref, ev.owner,
          ${MAIL_PAYLOAD} AS payload, ${source.recipientMail}::text AS sealed, ev.at
        FROM ev WHERE ${source.recipientMail}::text IS NOT NULL AND ev.event = 'secret.created'`,
  ].filter((branch): branch is string => typeof branch === 'string');
  const outbox = branches.length === 0 ? '' : `,
    outbox AS (
      INSERT INTO hush_outbox (event_id, kind, event, destination, secret_ref, custid, payload, sealed, created_at, next_attempt_at, retry_until)
      SELECT m.event_id, m.kind, m.event, m.destination, m.secret_ref, coalesce(m.owner, 'anon'), m.payload, m.sealed, m.at, m.at,
        m.at + :horizon_ms::bigint * interval '1 millisecond'
      FROM (${branches.join('\n        UNION ALL\n        ')}) m ORDER BY m.n, m.k
    )`;
  return `, ev AS MATERIALIZED (${source.events}),
    audit AS (
      INSERT INTO hush_audit (event_id, at, event, custid, owner, secret_ref, client_address, user_agent, reason, metadata_expires_at)
      SELECT event_id, at, event, actor, coalesce(owner, 'anon'), metadata_key_hash, client_address, user_agent, reason, metadata_expires_at
      FROM ev ORDER BY n
    )${outbox}`;
}

/** A NotificationPlan (see @hush/domain) as the statements' parameters. */
export const planParameters = (plan: NotificationPlan) => ({ webhooks: [...plan.webhooks], horizon_ms: plan.horizonMs });
