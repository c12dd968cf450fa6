import type { ConfigVariable } from './app-config';
import { BRAND_VARIABLE_DESCRIPTIONS } from './brand-config';
import { OIDC_VARIABLE_DESCRIPTIONS } from './oidc-config';

export interface VariableDescription {
  /** What the variable does, for docs/operate/configuration.md. */
  readonly meaning: string;
  /**
   * What applies while the variable is unset, for variables the schema gives no value of their own (their
   * default is derived, or there is none). Variables with a schema default take it from the schema, so a
   * default is written in one place.
   */
  readonly unset?: string;
}

/**
 * Every environment variable, described once; `npm run docs:config` writes docs/operate/configuration.md
 * from this table and the schema's defaults, and a static test fails when that page differs. A variable
 * added to the schema without a line here fails the type check.
 */
export const VARIABLE_DESCRIPTIONS = {
  PORT: { meaning: 'where the HTTP server listens' },
  HOST: { meaning: 'the address the HTTP server binds' },
  METRICS_PORT: { meaning: 'where `/metrics` is served: a listener of its own, never the API port (must differ from `PORT`); `0` turns it off' },
  METRICS_HOST: { meaning: 'the address the metrics listener binds', unset: '`HOST`' },
  METRICS_BEARER_TOKEN: {
    meaning: 'when set (at least 16 printable characters, no spaces), `/metrics` answers only `Authorization: Bearer <token>`, 401 otherwise',
    unset: 'unset (no token)',
  },
  DATABASE_URL: { meaning: 'PostgreSQL connection string (`postgres://…`)', unset: 'unset: embedded PGlite in `DATA_DIR`' },
  DATABASE_POOL_SIZE: { meaning: 'database connections per process' },
  CONCURRENT_REQUESTS_PER_CALLER: {
    meaning:
      'requests of one caller (an account; an anonymous client by its address) that run at once in a process; less than the pool, so one caller\'s slow calls always leave connections to the others; `0` turns it off',
    unset: 'half of `DATABASE_POOL_SIZE`, at least 1',
  },
  QUEUED_REQUESTS_PER_CALLER: {
    meaning: 'that caller\'s further requests wait their turn in the process, holding no connection; beyond these it gets 429 "Rate limit exceeded" with `Retry-After: 1`',
  },
  DATABASE_CONNECT_TIMEOUT_MS: { meaning: 'a connection (or a free one from the pool) not had by then answers "Service temporarily unavailable"' },
  DATABASE_STATEMENT_TIMEOUT_MS: {
    meaning:
      'PostgreSQL cancels a statement after this; Hush stops waiting for any answer 1 s later (a commit waiting for a synchronous standby is not cancelled by the server) and answers "Service temporarily unavailable"',
  },
  DATABASE_POOL_MODE: {
    meaning:
      '`transaction` when `DATABASE_URL` reaches PostgreSQL through a pooler in transaction mode (PgBouncer `pool_mode = transaction`): statements run unnamed, each in a transaction that sets the statement timeout itself, and the purge\'s and migrations\' locks are transaction-level; `session` for a direct connection; the embedded database ignores it (see [poolers](poolers.md))',
  },
  DATABASE_PROBE_TIMEOUT_MS: {
    meaning: 'how long readiness\' write may take; one that does not commit by then marks the database as hanging, and requests fail fast until a probe commits',
  },
  DATA_DIR: {
    meaning: 'embedded database files and, in embedded mode without `MASTER_KEY`, the generated `master.key`; one server process per directory (a second refuses to start, naming the process that holds it; the admin CLI joins it)',
  },
  MASTER_KEY: {
    meaning: 'at least 32 characters of random text (`openssl rand -base64 32`); the keys that seal secrets at rest are derived from it',
    unset: 'required with `DATABASE_URL`; embedded: generated into `DATA_DIR/master.key`',
  },
  MASTER_KEY_PREVIOUS: { meaning: 'comma-separated older master keys that stay readable during a key rotation', unset: 'empty' },
  PUBLIC_URL: { meaning: 'the public origin (`https://hush.example.com`): links in mails and pages, the pages\' origin check; when set, also the API\'s `share_domain`. Required with `SMTP_URL`; unset while `HOST` is not a loopback address, start-up warns', unset: '`http://localhost:PORT`' },
  SECRET_MAX_BYTES: { meaning: 'largest accepted secret (UTF-8 bytes)' },
  TTL_DEFAULT: { meaning: 'lifetime in seconds of a secret shared without `ttl`' },
  TTL_MIN: { meaning: 'shortest lifetime in seconds; a shorter `ttl` is raised to it' },
  TTL_MAX_ANONYMOUS: { meaning: 'longest lifetime in seconds without an account (hard ceiling 365 days)' },
  TTL_MAX_ACCOUNT: { meaning: 'longest lifetime in seconds for an account (hard ceiling 365 days)' },
  PASSPHRASE_MAX_ATTEMPTS: { meaning: 'wrong passphrases before a secret is burned' },
  PURGE_INTERVAL_SECONDS: { meaning: 'how often expired rows are purged' },
  RECENT_MAX_ITEMS: {
    meaning: 'receipts `recent` lists at most, newest first (1–10000); the query itself stops there. Each process runs one `recent` per account at a time (the next wait in turn, up to `QUEUED_REQUESTS_PER_CALLER`, then 429)',
  },
  RECENT_MAX_BYTES: {
    meaning: '`recent` stops before the receipt that would take its JSON past this many bytes (at least 16384, more than any one receipt takes), so the oldest are left out',
  },
  HTTP_HEADERS_TIMEOUT_SECONDS: { meaning: 'a client that has not sent its whole request head by then gets 408 and is disconnected (Node\'s default is 60)' },
  HTTP_REQUEST_TIMEOUT_SECONDS: {
    meaning: 'the same for the whole request, body included, so a body trickled a byte at a time cannot hold a connection (Node\'s default is 300)',
  },
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: { meaning: 'an idle keep-alive connection is closed after this' },
  HTTP_MAX_CONNECTIONS: { meaning: 'connections beyond this are closed at once (per process)' },
  HTTP_BODY_MEMORY_BYTES: {
    meaning:
      'what all request bodies being read may hold together (per process); a body over 16 KiB may use only half, so the other half is left to small ones. A request whose body does not fit answers 503 at once, with `Retry-After: 1`, and its connection is closed. At least 1 MiB (1048576), and twice the largest share body (`2 × (3 × SECRET_MAX_BYTES + 64 KiB)`)',
  },
  API_V1_STRICT_STATUS: { meaning: 'send the intended status as the HTTP status, instead of 404 with `X-OTS-Intended-Status`' },
  API_V1_METADATA_BEARER: { meaning: 'the metadata key alone may read metadata and burn (reference-service behaviour)' },
  WEB_PAGES: { meaning: 'serve the pages; `false` leaves the API only (page paths answer 404)' },
  CREATE_REQUIRES_ACCOUNT: {
    meaning: 'only accounts create secrets: anonymous `share` and `generate` answer "Not authorized" (intended 401), and the create page sends a signed-out person to `/signin`; reveals stay open',
  },
  WEB_CREATE_REQUIRES_ACCOUNT: { meaning: 'the old name of `CREATE_REQUIRES_ACCOUNT`, read this release only (with a start-up warning)' },
  WEB_TOKEN_SIGNIN: { meaning: 'offer the account-name + API-token form on `/signin`', unset: '`true` when `OIDC_ISSUER_URL` is unset, else `false`' },
  WEB_SESSION_IDLE_MINUTES: { meaning: 'a browser session not used for this long ends' },
  WEB_SESSION_MAX_HOURS: { meaning: 'a browser session ends this long after sign-in, used or not' },
  WEB_DEFAULT_LOCALE: { meaning: '`en`, `sv` or `nl`: the language of pages and mails when nothing else decides' },
  SMTP_URL: {
    meaning:
      'the mail server, e.g. `smtp://user:pass@mail.example.com:587` (`smtps://` for implicit TLS); unset, a share\'s `recipient` is only recorded (obscured), and no notice is sent',
    unset: 'unset (no e-mail)',
  },
  MAIL_FROM: { meaning: 'the sender address, optionally with a name: `Example AB <hush@example.com>`', unset: 'required with `SMTP_URL`' },
  MAIL_REPLY_TO_CREATOR: { meaning: 'a recipient mail\'s `Reply-To` is its creator\'s custid (when that is an address); `false` leaves only `MAIL_FROM`' },
  MAIL_PER_ACCOUNT_PER_DAY: {
    meaning: 'recipient mails one account may cause per day (all replicas together); past it, a share with `recipient` answers 429 and stores nothing; `0` off',
  },
  MAIL_PER_RECIPIENT_PER_HOUR: {
    meaning:
      'mails to one mailbox per hour, whoever sends them, of which one account may cause at most half (rounded up), so no sender can spend the whole budget; the same refusal; `0` off',
  },
  WEBHOOK_URL: { meaning: 'comma-separated http(s) URLs; every event is POSTed to each, signed (Standard Webhooks)', unset: 'unset (no webhooks)' },
  WEBHOOK_SECRET: {
    meaning: '`whsec_` and the base64 of 24–64 random bytes (`echo whsec_$(openssl rand -base64 32)`)',
    unset: 'required with `WEBHOOK_URL`',
  },
  AUDIT_RETENTION_DAYS: {
    meaning: 'audit entries are kept this long after their secret\'s metadata expired (and dead outbox messages this long after they died), then the purge removes them',
  },
  ACCOUNT_CACHE_SECONDS: {
    meaning:
      'how long a process reuses an account it read to authenticate (0–60; `0` reads it on every call): a disabled account or a replaced token keeps working at most this long; a new token works at once',
  },
  OUTBOX_CONCURRENCY: { meaning: 'deliveries (mails, webhook POSTs) one process makes at once' },
  OUTBOX_POLL_MS: {
    meaning: 'how often a process looks for due messages while it finds none (every 50 ms while it does, and at once whenever a delivery frees a slot while more wait)',
  },
  OUTBOX_RETRY_HOURS: { meaning: 'how long a failing message is retried (at least 24) before it is kept as dead' },
  OUTBOX_FIRST_RETRY_MS: { meaning: 'the wait after the first failed attempt; it doubles after each (with jitter), up to an hour' },
  OUTBOX_LEASE_SECONDS: {
    meaning: 'how long a claimed message stays with its process (at least 15: an attempt times out after 10 s); a process that dies gives its messages back after this',
  },
  LOG_LEVEL: { meaning: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`' },
  RATE_LIMIT_ACCOUNT_PER_MINUTE: {
    meaning: 'every v1 call of one authenticated account (share, generate, reveal, receipts, burn, recent, status), wherever it comes from; `0` turns it off',
  },
  RATE_LIMIT_CREATE_PER_MINUTE: { meaning: 'anonymous share + generate requests per client address and minute; `0` off' },
  RATE_LIMIT_REVEAL_PER_MINUTE: { meaning: 'anonymous reveals (and so passphrase guesses) per client address and minute; `0` off' },
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: {
    meaning:
      'failed authentications per client address and minute; past it every further failure from that address answers 429 until the minute ends, while a right token is never refused for it (no lockout of an owner behind a shared address); `0` off',
  },
  RATE_LIMIT_WINDOW_SECONDS: {
    meaning: 'the fixed window every rate limit counts in, in seconds; at 60 each `RATE_LIMIT_*_PER_MINUTE` is a budget per minute (tests lengthen it)',
  },
  CORS_ORIGINS: { meaning: 'comma-separated origins allowed to call the API from a browser', unset: 'empty (CORS off)' },
  TRUST_PROXY: {
    meaning:
      'the proxies whose `X-Forwarded-For` is believed: their addresses or subnets (`loopback`, `10.0.0.0/8`, `2001:db8::/32`, comma-separated) or a hop count. `true` believes the left-most entry, which any client can forge to escape rate limits: it is accepted, with a warning at start-up',
  },
  ...OIDC_VARIABLE_DESCRIPTIONS,
  ...BRAND_VARIABLE_DESCRIPTIONS,
} as const satisfies Record<ConfigVariable, VariableDescription>;
