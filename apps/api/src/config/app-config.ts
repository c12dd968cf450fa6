import type { BurnPolicySettings } from '@hush/domain';
import { isIP } from 'node:net';
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales';
import type { RateLimitSettings } from '../rate-limit/rate-limiter';
import { secretBodyLimit } from './body-limits';
import { withFileVariables } from './file-variables';
import { BRAND_SCHEMA_SHAPE, brandConfigFrom, mailFromName, type BrandConfig } from './brand-config';
import { isLoopback, OIDC_SCHEMA_SHAPE, oidcConfigFrom, type OidcConfig, type SignInConfig } from './oidc-config';

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

/** A whole number whose default depends on other variables, so unset stays undefined. */
const derivedInteger = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional();

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'must be true or false' })
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A true/false variable whose default is true. */
const flagDefaultTrue = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'must be true or false' })
  .optional()
  .transform((value) => value === undefined || value === '' || value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value) && URL.canParse(value), 'must be a postgres:// connection string');

const httpOrigin = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^/\s]+\/?$/.test(value) && URL.canParse(value), 'must be an http(s) origin such as https://hush.example.com')
  .transform((value) => value.replace(/\/$/, ''));

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An entry Express's `trust proxy` accepts: a named range, an address, or an address with a prefix length or netmask. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

const smtpUrl = z
  .string()
  .trim()
  .refine((value) => /^smtps?:\/\/[^/\s]+/.test(value) && URL.canParse(value), 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587');

const webhookUrls = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((url) => url.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((value) => /^https?:\/\/[^/\s]+/.test(value) && URL.canParse(value), 'must be http(s) URLs, comma-separated')));

// Standard Webhooks: `whsec_` and the base64 of 24 to 64 random bytes.
const webhookSecret = z
  .string()
  .trim()
  .refine((value) => {
    const bytes = /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value.slice(6), 'base64').length : 0;
    return bytes >= 24 && bytes <= 64;
  }, 'must be whsec_ followed by the base64 of 24 to 64 random bytes (openssl rand -base64 32)');

const masterKey = z.string().min(32, 'must be at least 32 characters of random text');

const schema = z.object({
  PORT: integer(3000, 0, 65_535),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  METRICS_PORT: integer(9464, 0, 65_535),
  METRICS_HOST: z.string().trim().min(1).optional(),
  METRICS_BEARER_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (what an Authorization header carries)')
    .optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: integer(10, 1, 200),
  CONCURRENT_REQUESTS_PER_CALLER: derivedInteger(0, 200),
  QUEUED_REQUESTS_PER_CALLER: integer(64, 0, 10_000),
  DATABASE_CONNECT_TIMEOUT_MS: integer(3000, 100, 600_000),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(10_000, 100, 3_600_000),
  DATABASE_PROBE_TIMEOUT_MS: integer(2000, 50, 600_000),
  DATABASE_POOL_MODE: z.enum(['session', 'transaction'], { message: 'must be session or transaction' }).default('session'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MASTER_KEY: masterKey.optional(),
  MASTER_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(masterKey)),
  PUBLIC_URL: httpOrigin.optional(),
  SECRET_MAX_BYTES: integer(100_000, 1, 10_000_000),
  TTL_DEFAULT: integer(604_800, 1),
  TTL_MIN: integer(60, 1),
  TTL_MAX_ANONYMOUS: integer(604_800, 1),
  TTL_MAX_ACCOUNT: integer(2_592_000, 1),
  PASSPHRASE_MAX_ATTEMPTS: integer(5, 1, 1000),
  PURGE_INTERVAL_SECONDS: integer(60, 1, 86_400),
  RECENT_MAX_ITEMS: integer(1000, 1, 10_000),
  // At least 16 KiB: more than the largest receipt (ten recipients with the longest addresses) takes.
  RECENT_MAX_BYTES: integer(1_048_576, 16_384, 104_857_600),
  HTTP_HEADERS_TIMEOUT_SECONDS: integer(10, 1, 3600),
  HTTP_REQUEST_TIMEOUT_SECONDS: integer(30, 1, 3600),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: integer(5, 1, 3600),
  HTTP_MAX_CONNECTIONS: integer(1000, 1, 1_000_000),
  HTTP_BODY_MEMORY_BYTES: integer(16_777_216, 1_048_576, 17_179_869_184),
  API_V1_STRICT_STATUS: flag,
  API_V1_METADATA_BEARER: flag,
  WEB_PAGES: flagDefaultTrue,
  CREATE_REQUIRES_ACCOUNT: flag,
  // Read for one release as CREATE_REQUIRES_ACCOUNT, with a start-up warning (ACCOUNTS.md §1).
  WEB_CREATE_REQUIRES_ACCOUNT: flag,
  WEB_TOKEN_SIGNIN: z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).optional(),
  WEB_SESSION_IDLE_MINUTES: integer(60, 1, 525_600),
  WEB_SESSION_MAX_HOURS: integer(12, 1, 8760),
  WEB_DEFAULT_LOCALE: z.enum(LOCALES, { message: `must be ${LOCALES.slice(0, -1).join(', ')} or ${LOCALES.at(-1)}` }).default('en'),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
  MAIL_REPLY_TO_CREATOR: flagDefaultTrue,
  MAIL_PER_ACCOUNT_PER_DAY: integer(500, 0),
  MAIL_PER_RECIPIENT_PER_HOUR: integer(10, 0),
  WEBHOOK_URL: webhookUrls,
  WEBHOOK_SECRET: webhookSecret.optional(),
  AUDIT_RETENTION_DAYS: integer(90, 1, 36_500),
  ACCOUNT_CACHE_SECONDS: integer(5, 0, 60),
  OUTBOX_CONCURRENCY: integer(16, 1, 256),
  OUTBOX_POLL_MS: integer(1000, 20, 60_000),
  OUTBOX_RETRY_HOURS: integer(25, 24, 24 * 30),
  OUTBOX_FIRST_RETRY_MS: integer(5000, 100, 3_600_000),
  // Longer than an attempt may take (10 s), so that a live holder never loses its lease.
  OUTBOX_LEASE_SECONDS: integer(60, 15, 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_ACCOUNT_PER_MINUTE: integer(1200, 0),
  RATE_LIMIT_CREATE_PER_MINUTE: integer(120, 0),
  RATE_LIMIT_REVEAL_PER_MINUTE: integer(600, 0),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: integer(30, 0),
  RATE_LIMIT_WINDOW_SECONDS: integer(60, 1, 3600),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(httpOrigin)),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (value) => /^(true|false|\d+)$/.test(value) || value.split(',').every((entry) => isProxyAddress(entry.trim())),
      'must be true, false, a hop count, or comma-separated proxy addresses or subnets (loopback, 10.0.0.0/8, 2001:db8::/32)',
    )
    .optional()
    .transform((value): boolean | number | string => {
      if (value === undefined || value === 'false' || value === '') return false;
      if (value === 'true') return true;
      return /^\d+$/.test(value) ? Number(value) : value;
    }),
  ...OIDC_SCHEMA_SHAPE,
  ...BRAND_SCHEMA_SHAPE,
});

/** Every environment variable Hush reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The name of a variable Hush reads; variable-descriptions.ts describes each one for docs/operate/configuration.md. */
export type ConfigVariable = keyof typeof schema.shape;

/** What a variable is while unset, as the schema parses it; undefined (or empty) when its default is derived or there is none. */
export function defaultOf(variable: ConfigVariable): unknown {
  return schema.shape[variable].safeParse(undefined).data;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** The listener that serves /metrics, apart from the API; null when METRICS_PORT is 0. */
  readonly metrics: { readonly port: number; readonly host: string; readonly bearerToken: string | undefined } | null;
  readonly database: {
    readonly url: string | undefined;
    readonly dataDir: string;
    readonly poolSize: number;
    readonly connectTimeoutMs: number;
    /** The server cancels a statement after this; the client stops waiting a second later. */
    readonly statementTimeoutMs: number;
    /** How long readiness' write may take before the storage counts as hung (and requests fail fast). */
    readonly probeTimeoutMs: number;
    /** `transaction` behind a pooler that lends a server session per transaction (PgBouncer pool_mode=transaction). */
    readonly poolMode: 'session' | 'transaction';
  };
  /**
   * Requests of one caller (an account, or an anonymous client address) that run at once, fewer than the
   * pool holds, so that one caller's slow calls cannot take every connection; beyond that `queued` wait
   * their turn holding none, and the rest are turned away. `concurrent` 0 turns it off.
   */
  readonly perCaller: { readonly concurrent: number; readonly queued: number };
  /** Undefined in embedded mode until resolved from DATA_DIR (see resolveMasterKey). */
  readonly masterKey: string | undefined;
  readonly previousMasterKeys: readonly string[];
  readonly publicUrl: string;
  /** `share_domain` on the wire: the configured PUBLIC_URL, or "" when none was configured. */
  readonly shareDomain: string;
  readonly policy: BurnPolicySettings;
  readonly purgeIntervalSeconds: number;
  /** The recent list: receipts at most (newest first), and the bytes of its JSON at most. */
  readonly recent: { readonly maxItems: number; readonly maxBytes: number };
  /** Limits on slow or idle clients (Node's own defaults hold them for minutes). */
  readonly http: {
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxConnections: number;
    /** What all request bodies being read may hold together; past it a request with a body is answered 503 at once. */
    readonly bodyMemoryBytes: number;
  };
  /** The pages for people (PAGES.md). */
  readonly web: {
    readonly pages: boolean;
    /** CREATE_REQUIRES_ACCOUNT (or its old name): only accounts create, on the API and the pages. */
    readonly createRequiresAccount: boolean;
    readonly defaultLocale: Locale;
    /** The account-name + API-token form on /signin. */
    readonly tokenSignIn: boolean;
  };
  /** When a browser session ends (ACCOUNTS.md §2). */
  readonly sessions: { readonly idleMinutes: number; readonly maxHours: number };
  /** Variables read under an old name this release, for start-up to warn about. */
  readonly deprecatedVariables: readonly string[];
  readonly strictStatus: boolean;
  readonly metadataKeyIsBearer: boolean;
  readonly logLevel: string;
  /** Recipient mails and reveal notices (NOTIFICATIONS.md §1–2); null when SMTP_URL is unset. */
  readonly mail: {
    readonly smtpUrl: string;
    readonly from: string;
    /** The display name of every mail (MAIL_FROM_NAME): the brand, never an address. */
    readonly fromName: string;
    readonly replyToCreator: boolean;
    readonly perAccountPerDay: number;
    readonly perRecipientPerHour: number;
  } | null;
  /** Where every event is POSTed, signed with `secret` (NOTIFICATIONS.md §3); null when WEBHOOK_URL is unset. */
  readonly webhooks: { readonly urls: readonly string[]; readonly secret: string } | null;
  /** How long an authenticated account is reused before it is read again: the bound for a disabled account or a replaced token. */
  readonly accountCacheMs: number;
  /** Days audit entries are kept after their secret's metadata expired. */
  readonly auditRetentionDays: number;
  /** Delivery of outbox messages: at once per process, how often to look for due ones, and the retries. */
  readonly outbox: {
    readonly concurrency: number;
    readonly pollMs: number;
    readonly retryHorizonMs: number;
    readonly firstRetryDelayMs: number;
    /** How long a claimed message stays with its process; a process that dies gives its messages back after this. */
    readonly leaseMs: number;
  };
  /** Calls per minute, per account or per client address (spec §9); 0 turns a limit off. */
  readonly rateLimit: RateLimitSettings;
  /** Origins allowed to call the API from a browser; empty means CORS stays off. */
  readonly corsOrigins: readonly string[];
  /** Express `trust proxy`: which hops' X-Forwarded-For to believe for the client address. */
  readonly trustProxy: boolean | number | string;
  /** Single sign-on (ACCOUNTS.md §1, §4); null when OIDC_ISSUER_URL is unset. */
  readonly oidc: OidcConfig | null;
  /** Who may sign in through the provider (ACCOUNTS.md §3). */
  readonly signIn: SignInConfig;
  /** The operator's name, logo, colour and footer (PAGES.md §7). */
  readonly brand: BrandConfig;
}

export class ConfigError extends Error {}

/** Reads the environment once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`Invalid configuration: ${message}`);
  };
  const present = withFileVariables(
    Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')),
    CONFIG_VARIABLES,
    fail,
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.MASTER_KEY) throw new ConfigError('Invalid configuration: MASTER_KEY is required when DATABASE_URL is set');
  const ttlMax = Math.min(e.TTL_MAX_ANONYMOUS, e.TTL_MAX_ACCOUNT);
  if (e.TTL_MIN > ttlMax) throw new ConfigError('Invalid configuration: TTL_MIN must not exceed TTL_MAX_ANONYMOUS or TTL_MAX_ACCOUNT');
  const perCallerConcurrent = e.CONCURRENT_REQUESTS_PER_CALLER ?? Math.max(1, Math.floor(e.DATABASE_POOL_SIZE / 2));
  if (perCallerConcurrent >= e.DATABASE_POOL_SIZE && e.DATABASE_POOL_SIZE > 1) {
    throw new ConfigError('Invalid configuration: CONCURRENT_REQUESTS_PER_CALLER must be less than DATABASE_POOL_SIZE, or one caller could hold every connection');
  }
  if (e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) throw new ConfigError('Invalid configuration: METRICS_PORT must differ from PORT (0 turns metrics off)');
  if (e.SMTP_URL && !e.MAIL_FROM) throw new ConfigError('Invalid configuration: MAIL_FROM is required when SMTP_URL is set');
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new ConfigError('Invalid configuration: PUBLIC_URL is required when SMTP_URL is set (mails carry links to {PUBLIC_URL}/secret/…, which must open for their readers)');
  }
  if (e.WEBHOOK_URL.length > 0 && !e.WEBHOOK_SECRET) throw new ConfigError('Invalid configuration: WEBHOOK_SECRET is required when WEBHOOK_URL is set');
  if (e.HTTP_HEADERS_TIMEOUT_SECONDS > e.HTTP_REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError('Invalid configuration: HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  }
  if (e.HTTP_BODY_MEMORY_BYTES / 2 < secretBodyLimit(e.SECRET_MAX_BYTES)) {
    throw new ConfigError(
      `Invalid configuration: HTTP_BODY_MEMORY_BYTES must be at least ${2 * secretBodyLimit(e.SECRET_MAX_BYTES)} with SECRET_MAX_BYTES=${e.SECRET_MAX_BYTES} (a large body may take half of it)`,
    );
  }
  const { oidc, signIn } = oidcConfigFrom(e, e.PUBLIC_URL, fail);
  const brand = brandConfigFrom(e, fail);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    metrics: e.METRICS_PORT === 0 ? null : Object.freeze({ port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST, bearerToken: e.METRICS_BEARER_TOKEN }),
    database: Object.freeze({
      url: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      probeTimeoutMs: e.DATABASE_PROBE_TIMEOUT_MS,
      poolMode: e.DATABASE_POOL_MODE,
    }),
    perCaller: Object.freeze({ concurrent: perCallerConcurrent, queued: e.QUEUED_REQUESTS_PER_CALLER }),
    masterKey: e.MASTER_KEY,
    previousMasterKeys: Object.freeze(e.MASTER_KEY_PREVIOUS),
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    shareDomain: e.PUBLIC_URL ?? '',
    policy: Object.freeze({
      ttlDefault: e.TTL_DEFAULT,
      ttlMin: e.TTL_MIN,
      ttlMaxAnonymous: e.TTL_MAX_ANONYMOUS,
      ttlMaxAccount: e.TTL_MAX_ACCOUNT,
      maxPassphraseAttempts: e.PASSPHRASE_MAX_ATTEMPTS,
      secretMaxBytes: e.SECRET_MAX_BYTES,
    }),
    purgeIntervalSeconds: e.PURGE_INTERVAL_SECONDS,
    recent: Object.freeze({ maxItems: e.RECENT_MAX_ITEMS, maxBytes: e.RECENT_MAX_BYTES }),
    http: Object.freeze({
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
      bodyMemoryBytes: e.HTTP_BODY_MEMORY_BYTES,
    }),
    web: Object.freeze({
      pages: e.WEB_PAGES,
      createRequiresAccount: e.CREATE_REQUIRES_ACCOUNT || e.WEB_CREATE_REQUIRES_ACCOUNT,
      defaultLocale: e.WEB_DEFAULT_LOCALE,
      tokenSignIn: e.WEB_TOKEN_SIGNIN === undefined ? present.OIDC_ISSUER_URL === undefined : ['true', '1', 'yes'].includes(e.WEB_TOKEN_SIGNIN),
    }),
    sessions: Object.freeze({ idleMinutes: e.WEB_SESSION_IDLE_MINUTES, maxHours: e.WEB_SESSION_MAX_HOURS }),
    deprecatedVariables: Object.freeze(present.WEB_CREATE_REQUIRES_ACCOUNT === undefined ? [] : ['WEB_CREATE_REQUIRES_ACCOUNT']),
    strictStatus: e.API_V1_STRICT_STATUS,
    metadataKeyIsBearer: e.API_V1_METADATA_BEARER,
    logLevel: e.LOG_LEVEL,
    rateLimit: Object.freeze({
      accountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE,
      createPerMinute: e.RATE_LIMIT_CREATE_PER_MINUTE,
      revealPerMinute: e.RATE_LIMIT_REVEAL_PER_MINUTE,
      authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    }),
    mail: e.SMTP_URL && e.MAIL_FROM
      ? Object.freeze({
        smtpUrl: e.SMTP_URL,
        from: e.MAIL_FROM,
        fromName: mailFromName(e, fail),
        replyToCreator: e.MAIL_REPLY_TO_CREATOR,
        perAccountPerDay: e.MAIL_PER_ACCOUNT_PER_DAY,
        perRecipientPerHour: e.MAIL_PER_RECIPIENT_PER_HOUR,
      })
      : null,
    webhooks: e.WEBHOOK_URL.length > 0 && e.WEBHOOK_SECRET ? Object.freeze({ urls: Object.freeze(e.WEBHOOK_URL), secret: e.WEBHOOK_SECRET }) : null,
    accountCacheMs: e.ACCOUNT_CACHE_SECONDS * 1000,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    outbox: Object.freeze({
      concurrency: e.OUTBOX_CONCURRENCY,
      pollMs: e.OUTBOX_POLL_MS,
      retryHorizonMs: e.OUTBOX_RETRY_HOURS * 3_600_000,
      firstRetryDelayMs: e.OUTBOX_FIRST_RETRY_MS,
      leaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
    }),
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    trustProxy: e.TRUST_PROXY,
    oidc,
    signIn,
    brand,
  });
}

/** Settings that work but are risky, for start-up to log as warnings. */
export function startupWarnings(config: Pick<AppConfig, 'trustProxy' | 'database' | 'perCaller' | 'deprecatedVariables' | 'host' | 'shareDomain' | 'publicUrl'>): string[] {
  const warnings: string[] = [];
  if (config.shareDomain === '' && !isLoopback(config.host)) {
    warnings.push(`PUBLIC_URL is unset while HOST=${config.host} listens beyond this machine: links on pages and in answers read ${config.publicUrl}, which others cannot open; set PUBLIC_URL to the address people use`);
  }
  if (config.deprecatedVariables.includes('WEB_CREATE_REQUIRES_ACCOUNT')) {
    warnings.push('WEB_CREATE_REQUIRES_ACCOUNT is read this release only: rename it CREATE_REQUIRES_ACCOUNT (it now closes creation on the API too)');
  }
  if (config.perCaller.concurrent >= config.database.poolSize) {
    warnings.push('DATABASE_POOL_SIZE=1: one caller\'s slow request holds the only database connection while everyone else waits');
  }
  if (config.trustProxy === true) {
    warnings.push(
      'TRUST_PROXY=true believes the left-most X-Forwarded-For entry, which any client can forge to escape rate limits: ' +
        'set it to the proxies\' addresses or subnets, or to a hop count',
    );
  }
  return warnings;
}

