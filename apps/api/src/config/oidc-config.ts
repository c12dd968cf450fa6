import { isIP } from 'node:net';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value === 'true' || value === '1' || value === 'yes'));

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean));

/** The variables of single sign-on (ACCOUNTS.md §4), spread into the configuration schema. */
export const OIDC_SCHEMA_SHAPE = {
  OIDC_ISSUER_URL: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), 'must be an http(s) URL such as https://login.example.com/realms/staff')
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z
    .string()
    .trim()
    .refine((value) => value.split(/\s+/).includes('openid'), 'must include openid')
    .default('openid email profile'),
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(100).default('single sign-on'),
  OIDC_ALLOWED_EMAIL_DOMAINS: list,
  OIDC_ALLOWED_GROUPS: list,
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  OIDC_REQUIRE_VERIFIED_EMAIL: flag(true),
  OIDC_CREATE_ACCOUNTS: flag(true),
  OIDC_SIGN_OUT_AT_PROVIDER: flag(false),
};

type OidcVariables = z.output<z.ZodObject<typeof OIDC_SCHEMA_SHAPE>>;

/** Who may sign in through the provider (ACCOUNTS.md §3), as the domain's SignInSettings take it. */
export interface SignInConfig {
  readonly requireVerifiedEmail: boolean;
  readonly allowedEmailDomains: readonly string[];
  readonly allowedGroups: readonly string[];
  readonly createAccounts: boolean;
}

/** Single sign-on through an OpenID Connect provider; null in AppConfig when OIDC_ISSUER_URL is unset. */
export interface OidcConfig {
  readonly issuerUrl: string;
  readonly clientId: string;
  /** Undefined: a public client (PKCE alone, no client authentication). */
  readonly clientSecret: string | undefined;
  readonly scopes: string;
  readonly providerName: string;
  readonly groupsClaim: string;
  readonly signOutAtProvider: boolean;
  /** `{PUBLIC_URL}/signin/callback`. */
  readonly redirectUri: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a host name or address is this machine's own (a listener or an issuer reachable from here only). */
export function isLoopback(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname) || hostname.endsWith('.localhost')) return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/** The sign-in settings and the provider, checked together; a bad combination names its variable. */
export function oidcConfigFrom(
  e: OidcVariables,
  publicUrl: string | undefined,
  fail: (message: string) => never,
): { readonly oidc: OidcConfig | null; readonly signIn: SignInConfig } {
  const signIn: SignInConfig = Object.freeze({
    requireVerifiedEmail: e.OIDC_REQUIRE_VERIFIED_EMAIL,
    allowedEmailDomains: Object.freeze(e.OIDC_ALLOWED_EMAIL_DOMAINS),
    allowedGroups: Object.freeze(e.OIDC_ALLOWED_GROUPS),
    createAccounts: e.OIDC_CREATE_ACCOUNTS,
  });
  if (!e.OIDC_ISSUER_URL) {
    if (e.OIDC_CLIENT_ID) fail('OIDC_ISSUER_URL is required when OIDC_CLIENT_ID is set');
    return { oidc: null, signIn };
  }
  if (!e.OIDC_CLIENT_ID) fail('OIDC_CLIENT_ID is required when OIDC_ISSUER_URL is set');
  if (!publicUrl) fail('PUBLIC_URL is required when OIDC_ISSUER_URL is set (the redirect URI is {PUBLIC_URL}/signin/callback)');
  const issuer = new URL(e.OIDC_ISSUER_URL);
  if (issuer.protocol === 'http:' && !isLoopback(issuer.hostname)) {
    fail('OIDC_ISSUER_URL must be https (plain http only on a loopback address, for local development)');
  }
  return {
    signIn,
    oidc: Object.freeze({
      // The issuer exactly as configured: it must equal the provider's `issuer` (a trailing slash matters).
      issuerUrl: e.OIDC_ISSUER_URL,
      clientId: e.OIDC_CLIENT_ID as string,
      clientSecret: e.OIDC_CLIENT_SECRET,
      scopes: e.OIDC_SCOPES.split(/\s+/).join(' '),
      providerName: e.OIDC_PROVIDER_NAME,
      groupsClaim: e.OIDC_GROUPS_CLAIM,
      signOutAtProvider: e.OIDC_SIGN_OUT_AT_PROVIDER,
      redirectUri: `${publicUrl}/signin/callback`,
    }),
  };
}

/** docs/operate/configuration.md's lines for these variables (spread into VARIABLE_DESCRIPTIONS). */
export const OIDC_VARIABLE_DESCRIPTIONS = {
  OIDC_ISSUER_URL: {
    meaning:
      'the OpenID Connect provider\'s issuer (discovery at `{issuer}/.well-known/openid-configuration`); https, or http on a loopback address only. Needs `OIDC_CLIENT_ID` and `PUBLIC_URL`. See [single sign-on](single-sign-on.md)',
    unset: 'unset (no single sign-on)',
  },
  OIDC_CLIENT_ID: { meaning: 'the client id Hush is registered under at the provider', unset: 'unset' },
  OIDC_CLIENT_SECRET: { meaning: 'that client\'s secret (or `OIDC_CLIENT_SECRET_FILE`, a container secret); unset: a public client (PKCE alone)', unset: 'unset' },
  OIDC_SCOPES: { meaning: 'the scopes requested (space-separated; must include `openid`)' },
  OIDC_PROVIDER_NAME: { meaning: 'the provider\'s name on the sign-in button ("Sign in with …")' },
  OIDC_ALLOWED_EMAIL_DOMAINS: { meaning: 'comma-separated e-mail domains that may sign in (exact, ignoring case)', unset: 'empty (any)' },
  OIDC_ALLOWED_GROUPS: { meaning: 'comma-separated groups, one of which a person must be in (from `OIDC_GROUPS_CLAIM`)', unset: 'empty (any)' },
  OIDC_GROUPS_CLAIM: { meaning: 'the ID token claim that lists a person\'s groups' },
  OIDC_REQUIRE_VERIFIED_EMAIL: { meaning: 'a first sign-in needs `email_verified: true`' },
  OIDC_CREATE_ACCOUNTS: { meaning: 'a first sign-in with no account of that e-mail creates one' },
  OIDC_SIGN_OUT_AT_PROVIDER: { meaning: 'sign-out continues at the provider\'s `end_session_endpoint`, when it has one' },
} as const;
