import type { Cipher, IdentityClaims } from '@hush/domain';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config/oidc-config';
import type { SingleSignOn } from '../../http/single-sign-on';

/** The provider could not be reached (discovery has not succeeded yet): sign-in is unavailable, 503. */
export class SignInUnavailableError extends Error {
  constructor() {
    super('The identity provider cannot be reached');
    this.name = 'SignInUnavailableError';
  }
}

/**
 * A sign-in flow that cannot be completed (no or expired transaction, state mismatch, the provider's error,
 * a token that fails validation). `reason` is a stable word for the audit trail and the log; it never
 * carries a code, token or cookie value.
 */
export class SignInFlowError extends Error {
  constructor(readonly reason: string) {
    super(`Sign-in flow failed: ${reason}`);
    this.name = 'SignInFlowError';
  }
}

/** What the sign-in transaction cookie holds, sealed (ACCOUNTS.md §2). */
interface Transaction {
  readonly purpose: typeof PURPOSE;
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly next: string;
  /** Epoch milliseconds after which the transaction is refused, whatever the browser kept. */
  readonly expires: number;
}

const PURPOSE = 'hush:signin-transaction';
/** How long a person may take at the provider (ACCOUNTS.md §2). */
export const TRANSACTION_TTL_MS = 10 * 60_000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 60_000;
/** How often a request may start a discovery of its own while the provider stays unreachable. */
const ON_DEMAND_MIN_MS = 1000;
const DISCOVERY_TIMEOUT_SECONDS = 5;

export interface OidcClientOptions {
  /** Seconds added to the local clock when checking token times (openid-client's clockSkew); tests only. */
  readonly clockSkewSeconds?: number;
}

/**
 * The OpenID Connect relying party over openid-client: discovery (retried in the background while the provider
 * is down, never fatal), the authorization URL with PKCE S256, state and nonce, and the code exchange whose ID
 * token is checked by the issuer's keys (enableNonRepudiationChecks: also when it comes straight from the token
 * endpoint), `iss`, `aud`, `exp` and `nonce`. The transaction lives in a cookie sealed with the master key.
 */
export class OidcClient implements SingleSignOn, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SingleSignOn');
  private configuration: client.Configuration | null = null;
  private discovering: Promise<client.Configuration | null> | null = null;
  private lastAttempt = 0;
  private retryDelay = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly settings: OidcConfig,
    private readonly sealer: Pick<Cipher, 'seal' | 'open'>,
    private readonly options: OidcClientOptions = {},
  ) {}

  /** The issuer's origin, which the sign-in page's CSP allows in form-action (ACCOUNTS.md §1). */
  get issuerOrigin(): string {
    return new URL(this.settings.issuerUrl).origin;
  }

  get providerName(): string {
    return this.settings.providerName;
  }

  get available(): boolean {
    return this.configuration !== null;
  }

  async check(): Promise<boolean> {
    try {
      await this.ready();
      return true;
    } catch {
      return false;
    }
  }

  endSessionUrl(): string | null {
    if (!this.settings.signOutAtProvider || !this.configuration?.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(this.configuration, {
      client_id: this.settings.clientId,
      post_logout_redirect_uri: new URL('/', this.settings.redirectUri).href,
    }).href;
  }

  /** Starts discovery at start-up; a failure is logged and retried with a growing delay, never thrown (the provider may be down). */
  onApplicationBootstrap(): void {
    if (!this.configuration && !this.discovering) void this.discover();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** The provider's configuration, discovering it now when it is still missing; SignInUnavailableError when it cannot be had. */
  async ready(): Promise<client.Configuration> {
    if (this.configuration) return this.configuration;
    const pending = this.discovering ?? (Date.now() - this.lastAttempt >= ON_DEMAND_MIN_MS ? this.discover() : null);
    const configuration = pending ? await pending : null;
    if (!configuration) throw new SignInUnavailableError();
    return configuration;
  }

  /** The authorization URL to send the browser to, and the sealed transaction for its cookie. */
  async begin(next: string): Promise<{ readonly url: string; readonly transaction: string }> {
    const configuration = await this.ready();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const transaction: Transaction = { purpose: PURPOSE, state, nonce, verifier, next, expires: Date.now() + TRANSACTION_TTL_MS };
    return { url: url.href, transaction: this.sealer.seal(JSON.stringify(transaction)) };
  }

  /**
   * The `next` a sealed transaction carries, or null when it cannot be opened (to send a failed callback back to
   * the sign-in page with the same destination).
   */
  nextOf(sealed: string | null): string | null {
    try {
      return sealed ? this.open(sealed).next : null;
    } catch {
      return null;
    }
  }

  /**
   * Completes the flow from the callback's query and the transaction cookie: state checked, the code exchanged with
   * the PKCE verifier, the ID token validated. Returns the verified claims and where to go next.
   */
  async complete(query: string, sealed: string | null): Promise<{ readonly claims: IdentityClaims; readonly next: string }> {
    if (!sealed) throw new SignInFlowError('transaction_missing');
    let transaction: Transaction;
    try {
      transaction = this.open(sealed);
    } catch {
      throw new SignInFlowError('transaction_invalid');
    }
    if (transaction.expires < Date.now()) throw new SignInFlowError('transaction_expired');
    const params = new URLSearchParams(query);
    if (params.get('state') !== transaction.state) throw new SignInFlowError('state_mismatch');
    if (params.has('error')) throw new SignInFlowError('provider_refused');
    const configuration = await this.ready();
    // The redirect URI as registered: the URL the provider sent the browser to, with the callback's parameters.
    const callbackUrl = new URL(this.settings.redirectUri);
    callbackUrl.search = params.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInFlowError(flowFailure(error));
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInFlowError('id_token_missing');
    return { claims: this.identityClaims(claims), next: transaction.next };
  }

  private identityClaims(claims: client.IDToken): IdentityClaims {
    const groups = claims[this.settings.groupsClaim];
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      emailVerified: claims.email_verified === true,
      groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : typeof groups === 'string' ? [groups] : null,
      locale: typeof claims.locale === 'string' ? claims.locale : null,
    };
  }

  private open(sealed: string): Transaction {
    const value = JSON.parse(this.sealer.open(sealed)) as Partial<Transaction>;
    if (value.purpose !== PURPOSE || typeof value.state !== 'string' || typeof value.nonce !== 'string' || typeof value.verifier !== 'string') {
      throw new Error('Not a sign-in transaction');
    }
    return { ...value, next: typeof value.next === 'string' ? value.next : '/account', expires: Number(value.expires) } as Transaction;
  }

  private discover(): Promise<client.Configuration | null> {
    this.lastAttempt = Date.now();
    const insecure = new URL(this.settings.issuerUrl).protocol === 'http:';
    const auth = this.settings.clientSecret === undefined ? client.None() : client.ClientSecretBasic(this.settings.clientSecret);
    const metadata: Partial<client.ClientMetadata> = {
      ...(this.options.clockSkewSeconds === undefined ? {} : { [client.clockSkew]: this.options.clockSkewSeconds }),
    };
    const attempt = client
      .discovery(new URL(this.settings.issuerUrl), this.settings.clientId, metadata, auth, {
        // Plain http is accepted by the configuration only on a loopback address.
        execute: insecure ? [client.allowInsecureRequests, client.enableNonRepudiationChecks] : [client.enableNonRepudiationChecks],
        timeout: DISCOVERY_TIMEOUT_SECONDS,
      })
      .then((configuration) => {
        this.configuration = configuration;
        this.retryDelay = RETRY_MIN_MS;
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.logger.log(`Single sign-on discovered at ${this.settings.issuerUrl}`);
        return configuration;
      })
      .catch((error: unknown) => {
        this.logger.warn(`Single sign-on unavailable: discovery at ${this.settings.issuerUrl} failed (${describe(error)}); retrying in ${Math.round(this.retryDelay / 1000)} s`);
        this.scheduleRetry();
        return null;
      })
      .finally(() => {
        this.discovering = null;
      });
    this.discovering = attempt;
    return attempt;
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.configuration && !this.discovering) void this.discover();
    }, this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }
}

/** A stable word for why the exchange or validation failed: an OAuth error code or the check's code, never a value. */
function flowFailure(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `provider_${/^[a-z_]{1,40}$/.test(error.error) ? error.error : 'error'}`;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[A-Z_]{1,60}$/.test(code)) return 'token_invalid';
  // Which claim failed (aud, nonce, exp, …), or that the signature did: names only, never a value.
  const chain: unknown[] = [];
  for (let link: unknown = error; link instanceof Object && chain.length < 4; link = (link as { cause?: unknown }).cause) chain.push(link);
  const claim = chain.map((link) => (link as { claim?: unknown }).claim).find((value) => typeof value === 'string' && /^[a-z_]{1,30}$/.test(value));
  if (typeof claim === 'string') return `${code.toLowerCase()} (${claim})`;
  return chain.some((link) => link instanceof Error && /signature/i.test(link.message)) ? `${code.toLowerCase()} (signature)` : code.toLowerCase();
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}
