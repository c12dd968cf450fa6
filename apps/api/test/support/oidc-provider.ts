import { createSign, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** A person at the test provider: the claims its ID tokens carry, as the test chooses them. */
export interface ProviderAccount {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly groups?: readonly string[];
  readonly locale?: string;
}

/** How the provider's next token response is spoiled (one response only): the ID token rewritten and re-signed. */
export type TokenTampering =
  | { readonly kind: 'audience'; readonly audience: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'foreign-key' };

export interface TestOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The people, by `sub`; tests add and change them freely. */
  readonly accounts: Map<string, ProviderAccount>;
  /** Spoils the next token response's ID token. */
  tamperNextToken(tampering: TokenTampering): void;
  /** Every request path the provider answered, for tests that prove what Hush asked for. */
  readonly requests: string[];
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: JsonWebKey): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign({ key: privateKey, format: 'jwk' }).toString('base64url')}`;
}

/**
 * A real OpenID provider (panva's oidc-provider, certified) on a loopback port, never a mock: discovery, JWKS,
 * authorization with PKCE, its own login and consent pages (dev interactions: plain forms, no script), the token
 * endpoint. One confidential client is registered for `redirectUri`, and a second one (`other-client`) whose
 * audience the tampering can put into an ID token. `port` lets a test start it where an app already points.
 */
export async function startOidcProvider(redirectUri: string, options: { port?: number; clientSecret?: string } = {}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const accounts = new Map<string, ProviderAccount>();
  const requests: string[] = [];
  const clientId = 'hush';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  let tampering: TokenTampering | null = null;

  // Its notices about development-only defaults (in-memory storage, dev interactions) and about Node 20 (it
  // names 22 as its runtime; it runs here) are what a test wants: loaded and constructed with them silenced.
  const quiet = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'],
        post_logout_redirect_uris: [new URL('/', redirectUri).href] },
      { client_id: 'other-client', client_secret: randomBytes(24).toString('base64url'), redirect_uris: ['http://127.0.0.1/other'], response_types: ['code'] },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // The claims Hush reads in the ID token itself (not only from userinfo).
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['locale', 'groups'] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    pkce: { required: () => true },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  quiet.mockRestore();
  provider.use(async (ctx, next) => {
    requests.push(ctx.path);
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path !== '/token' || tampering === null || typeof body?.id_token !== 'string') return;
    const [header, payload] = body.id_token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    const spoil = tampering;
    tampering = null;
    const now = Math.floor(Date.now() / 1000);
    if (spoil.kind === 'audience') {
      body.id_token = signJwt(header ?? {}, { ...payload, aud: spoil.audience, azp: spoil.audience }, jwk);
    } else if (spoil.kind === 'expired') {
      body.id_token = signJwt(header ?? {}, { ...payload, iat: now - 7200, exp: now - 3600 }, jwk);
    } else {
      body.id_token = signJwt(header ?? {}, payload ?? {}, foreign);
    }
  });
  // A server error is answered to Hush as one, which is what the tests read; no console noise besides.
  provider.on('server_error', () => undefined);
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    requests,
    tamperNextToken: (spoil) => {
      tampering = spoil;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by name, as a browser would send them to one site (paths are not told apart: the names differ). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals < 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === '' || /;\s*expires=Thu, 01 Jan 1970/i.test(line) || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs in at the provider as `sub` the way a browser with JavaScript off does: from the authorization URL,
 * follows its redirects, submits its login form (any password) and its consent form, and stops at the first
 * redirect to `redirectUri`, which it returns (the callback URL with `code` and `state`).
 */
export async function signInAtProvider(authorizationUrl: string, sub: string, redirectUri: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response.headers.getSetCookie());
    method = 'GET';
    body = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, url).href;
      if (target.startsWith(redirectUri)) return target;
      url = target;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider's page: ${html.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt });
  }
  throw new Error('the provider never redirected back');
}
