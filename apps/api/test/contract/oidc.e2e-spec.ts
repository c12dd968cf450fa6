import { Logger } from '@nestjs/common';
import { AesGcmCipher } from '@hush/crypto';
import { AccountEventType, ResumeSession, SetAccountEnabled } from '@hush/domain';
import type { Response } from 'supertest';
import { freePort } from '@hush/persistence/testing';
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { TEST_MASTER_KEY } from '../support/test-master-key';

const PUBLIC_URL = 'http://hush.test';
const REDIRECT_URI = `${PUBLIC_URL}/signin/callback`;
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' };
const REFUSED = /may not sign in here/i;

interface Flow {
  /** The provider's authorization URL Hush sent the browser to. */
  readonly authorizationUrl: string;
  /** The sealed transaction cookie's value. */
  readonly transaction: string;
}

const cookieValue = (res: Response, name: string): string | undefined => {
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = lines.find((cookie) => cookie.startsWith(`${name}=`));
  return line === undefined ? undefined : line.slice(name.length + 1).split(';')[0];
};
/**
 * Every line the app logs through Nest's Logger while the returned spy lives (the test app's CapturingLogger is
 * Nest's global logger, so it holds the lines of whichever app was created last).
 */
const captureLogs = () => {
  const spies = (['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const).map((level) => jest.spyOn(Logger.prototype, level));
  return {
    lines: () => spies.flatMap((spy) => spy.mock.calls.map((call) => call.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '))),
    last: (fragment: string) => spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0]))).filter((line) => line.includes(fragment)).at(-1),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
};
const setCookieLine = (res: Response, name: string): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith(`${name}=`));

describe('single sign-on through a real OpenID provider (ACCOUNTS.md §1–§3, §5)', () => {
  let provider: TestOidcProvider;
  let t: TestApp;

  const oidcEnv = (p: TestOidcProvider, extra: Record<string, string> = {}): Record<string, string> => ({
    PUBLIC_URL,
    OIDC_ISSUER_URL: p.issuer,
    OIDC_CLIENT_ID: p.clientId,
    OIDC_CLIENT_SECRET: p.clientSecret,
    ...extra,
  });

  beforeAll(async () => {
    provider = await startOidcProvider(REDIRECT_URI);
    t = await createTestApp(oidcEnv(provider), { clock: 'system' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    provider.accounts.clear();
  });

  const begin = async (app: TestApp = t, next?: string): Promise<Flow> => {
    const res = await app.http().post('/signin/sso').set(SAME_ORIGIN).type('form').send(next === undefined ? {} : { next }).expect(303);
    const transaction = cookieValue(res, 'hush_signin');
    if (!transaction) throw new Error('no transaction cookie');
    return { authorizationUrl: res.headers.location as string, transaction };
  };
  const callback = (callbackUrl: string, transaction: string | undefined, app: TestApp = t) => {
    const url = new URL(callbackUrl);
    const req = app.http().get(`${url.pathname}${url.search}`);
    return transaction === undefined ? req : req.set('Cookie', `hush_signin=${transaction}`);
  };
  /** The whole flow as a browser does it: Hush, the provider's login and consent, back to Hush. */
  const signIn = async (sub: string, app: TestApp = t, next?: string): Promise<Response> => {
    const flow = await begin(app, next);
    const callbackUrl = await signInAtProvider(flow.authorizationUrl, sub, REDIRECT_URI);
    return callback(callbackUrl, flow.transaction, app);
  };
  const sessionOf = async (res: Response) => {
    const token = cookieValue(res, 'hush_session');
    return token ? t.app.get(ResumeSession).execute({ token }) : null;
  };
  const count = async (table: string, where = 'true', params: unknown[] = []): Promise<number> => {
    const [row] = (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)) as { n: number }[];
    return row?.n ?? 0;
  };
  const auditEvents = async (): Promise<{ event: string; custid: string; reason: string | null }[]> =>
    (await t.db.audit.list({ limit: 100 })).map(({ event, custid, reason }) => ({ event, custid, reason }));
  const expectNoSession = async (res: Response) => {
    expect(cookieValue(res, 'hush_session')).toBeUndefined();
    expect(await count('hush_session')).toBe(0);
  };
  const expectTransactionDeleted = (res: Response) => {
    expect(setCookieLine(res, 'hush_signin')).toMatch(/^hush_signin=;.*Expires=Thu, 01 Jan 1970/i);
  };

  it('POST /signin/sso: 303 to the provider with PKCE S256, state and nonce; the transaction cookie is sealed, 10 minutes, HttpOnly, SameSite=Lax, Path=/signin', async () => {
    const res = await t.http().post('/signin/sso').set(SAME_ORIGIN).type('form').send({ next: '/receipt/abc' }).expect(303);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const line = setCookieLine(res, 'hush_signin') ?? '';
    expect(line).toMatch(/; Max-Age=600;/);
    expect(line).toMatch(/; Path=\/signin;/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    const sealed = cookieValue(res, 'hush_signin') ?? '';
    // Sealed: neither state, nonce nor next can be read from it.
    for (const value of [url.searchParams.get('state') ?? '', url.searchParams.get('nonce') ?? '', '/receipt/abc']) expect(sealed).not.toContain(value);
    const opened = JSON.parse(new AesGcmCipher(TEST_MASTER_KEY).open(sealed)) as Record<string, unknown>;
    expect(opened).toMatchObject({ state: url.searchParams.get('state'), nonce: url.searchParams.get('nonce'), next: '/receipt/abc' });
  });

  it('GET /signin offers "Sign in with …" (a form posting next to /signin/sso); its CSP allows the issuer in form-action, and only there', async () => {
    const res = await t.http().get('/signin?next=/receipt/abc').expect(200);
    expect(res.text).toMatch(/<form method="post" action="\/signin\/sso"/);
    expect(res.text).toContain('<input type="hidden" name="next" value="/receipt/abc">');
    expect(res.text).toContain('single sign-on');
    expect(res.headers['content-security-policy']).toContain(`form-action 'self' ${provider.issuer};`);
    const create = await t.http().get('/').expect(200);
    expect(create.headers['content-security-policy']).toContain("form-action 'self';");
    expect(create.headers['content-security-policy']).not.toContain(provider.issuer);
  });

  it('a first sign-in creates the account (custid: the e-mail, locale from the claim), links the identity and starts a session; 303 to next', async () => {
    provider.accounts.set('sub-alice', { email: 'alice@example.com', email_verified: true, locale: 'sv-SE' });
    const res = await signIn('sub-alice', t, '/receipt/abc');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/receipt/abc');
    expectTransactionDeleted(res);
    expect(setCookieLine(res, 'hush_session')).toMatch(/HttpOnly/);
    expect((await sessionOf(res))?.custid).toBe('alice@example.com');
    const account = await t.db.accounts.findByCustid('alice@example.com');
    expect(account?.locale).toBe('sv');
    expect(await t.db.identities.find(provider.issuer, 'sub-alice')).toMatchObject({ custid: 'alice@example.com' });
    const events = await auditEvents();
    expect(events).toEqual(expect.arrayContaining([
      { event: AccountEventType.Created, custid: 'alice@example.com', reason: 'sso' },
      { event: AccountEventType.SignedIn, custid: 'alice@example.com', reason: 'sso' },
    ]));
  });

  it('without next, 303 to /account; a second sign-in finds the account by (issuer, sub) even after the e-mail changed', async () => {
    provider.accounts.set('sub-bob', { email: 'bob@example.com', email_verified: true });
    const first = await signIn('sub-bob');
    expect(first.headers.location).toBe('/account');
    provider.accounts.set('sub-bob', { email: 'robert@example.com', email_verified: true });
    const second = await signIn('sub-bob');
    expect(second.status).toBe(303);
    expect((await sessionOf(second))?.custid).toBe('bob@example.com');
    expect(await t.db.accounts.findByCustid('robert@example.com')).toBeNull();
    // A new token at every sign-in: the first session's cookie is not the second's.
    expect(cookieValue(second, 'hush_session')).not.toBe(cookieValue(first, 'hush_session'));
  });

  it('links an existing account whose custid is the e-mail (ignoring case), creating none', async () => {
    await t.createAccount('Carol@Example.com');
    provider.accounts.set('sub-carol', { email: 'carol@example.com', email_verified: true });
    const res = await signIn('sub-carol');
    expect(res.status).toBe(303);
    expect((await sessionOf(res))?.custid).toBe('Carol@Example.com');
    expect(await count('hush_account')).toBe(1);
    expect(await t.db.identities.find(provider.issuer, 'sub-carol')).toMatchObject({ custid: 'Carol@Example.com' });
  });

  it('an identity already linked is never linked to another account: a second identity with a taken e-mail is refused (403), nothing created', async () => {
    provider.accounts.set('sub-dave', { email: 'dave@example.com', email_verified: true });
    expect((await signIn('sub-dave')).status).toBe(303);
    provider.accounts.set('sub-impostor', { email: 'dave@example.com', email_verified: true });
    await resetSessions();
    const res = await signIn('sub-impostor');
    expect(res.status).toBe(403);
    expect(res.text).toMatch(REFUSED);
    await expectNoSession(res);
    expect(await t.db.identities.find(provider.issuer, 'sub-impostor')).toBeNull();
    expect(await t.db.identities.listByAccount('dave@example.com')).toHaveLength(1);
    expect(await auditEvents()).toEqual(expect.arrayContaining([{ event: AccountEventType.SignInRefused, custid: 'anon', reason: 'email_taken' }]));
  });

  const resetSessions = async () => {
    await t.db.dataSource.query('DELETE FROM hush_session');
  };

  it('an unverified e-mail is refused: 403, nothing created, no session, the transaction deleted', async () => {
    provider.accounts.set('sub-eve', { email: 'eve@example.com', email_verified: false });
    const res = await signIn('sub-eve');
    expect(res.status).toBe(403);
    expect(res.text).toMatch(REFUSED);
    expectTransactionDeleted(res);
    await expectNoSession(res);
    expect(await count('hush_account')).toBe(0);
    expect(await count('hush_identity')).toBe(0);
    expect(await auditEvents()).toEqual([expect.objectContaining({ event: AccountEventType.SignInRefused, reason: 'email_unverified' })]);
  });

  describe('who may enter: OIDC_ALLOWED_EMAIL_DOMAINS and OIDC_ALLOWED_GROUPS', () => {
    let restricted: TestApp;
    beforeAll(async () => {
      restricted = await createTestApp(oidcEnv(provider, { OIDC_ALLOWED_EMAIL_DOMAINS: 'staff.example.com', OIDC_ALLOWED_GROUPS: 'hush-users,admins' }), { clock: 'system' });
    });
    afterAll(() => restricted?.close());

    it('a disallowed domain: 403 "this account may not sign in here", nothing created', async () => {
      provider.accounts.set('sub-out', { email: 'out@example.com', email_verified: true, groups: ['hush-users'] });
      const res = await signIn('sub-out', restricted);
      expect(res.status).toBe(403);
      expect(res.text).toMatch(REFUSED);
      await expectNoSession(res);
      expect(await count('hush_account')).toBe(0);
    });

    it('a disallowed group: 403, nothing created; an allowed domain and group enter', async () => {
      provider.accounts.set('sub-nogroup', { email: 'in@staff.example.com', email_verified: true, groups: ['others'] });
      const refused = await signIn('sub-nogroup', restricted);
      expect(refused.status).toBe(403);
      expect(refused.text).toMatch(REFUSED);
      expect(await count('hush_account')).toBe(0);
      provider.accounts.set('sub-in', { email: 'in2@STAFF.example.com', email_verified: true, groups: ['admins'] });
      expect((await signIn('sub-in', restricted)).status).toBe(303);
      expect(await count('hush_account')).toBe(1);
    });
  });

  it('a disabled account cannot sign in: 403, no session', async () => {
    provider.accounts.set('sub-frank', { email: 'frank@example.com', email_verified: true });
    expect((await signIn('sub-frank')).status).toBe(303);
    await resetSessions();
    await t.app.get(SetAccountEnabled).execute({ custid: 'frank@example.com', enabled: false });
    const res = await signIn('sub-frank');
    expect(res.status).toBe(403);
    await expectNoSession(res);
    expect(await auditEvents()).toEqual(expect.arrayContaining([{ event: AccountEventType.SignInRefused, custid: 'frank@example.com', reason: 'account_disabled' }]));
  });

  describe('the flow itself is checked (400, no session, the transaction deleted)', () => {
    let logs: ReturnType<typeof captureLogs>;
    afterEach(() => logs.restore());
    beforeEach(() => {
      logs = captureLogs();
      provider.accounts.set('sub-gina', { email: 'gina@example.com', email_verified: true });
    });

    const expectFailed = async (res: Response, reason: RegExp) => {
      expect(res.status).toBe(400);
      // Refused for the reason under test, not another: the log line names it.
      expect(logs.last('callback refused')).toMatch(reason);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expectTransactionDeleted(res);
      await expectNoSession(res);
      expect(await count('hush_account')).toBe(0);
    };

    it('a tampered state', async () => {
      const flow = await begin();
      const callbackUrl = new URL(await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI));
      callbackUrl.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
      await expectFailed(await callback(callbackUrl.href, flow.transaction), /state_mismatch/);
    });

    it('a callback without its transaction cookie (started elsewhere)', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      await expectFailed(await callback(callbackUrl, undefined), /transaction_missing/i);
    });

    it('a transaction cookie that was tampered with', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      const tampered = `${flow.transaction.slice(0, -2)}${flow.transaction.endsWith('AA') ? 'BB' : 'AA'}`;
      await expectFailed(await callback(callbackUrl, tampered), /transaction_invalid/i);
    });

    it('a replayed callback: the second use of the same code and state signs nobody in', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      expect((await callback(callbackUrl, flow.transaction)).status).toBe(303);
      await resetSessions();
      const replay = await callback(callbackUrl, flow.transaction);
      expect(replay.status).toBe(400);
      expect(logs.last('callback refused')).toMatch(/provider_invalid_grant/);
      await expectNoSession(replay);
    });

    it('a wrong nonce: another flow\'s nonce in an otherwise right transaction', async () => {
      const cipher = new AesGcmCipher(TEST_MASTER_KEY);
      const first = await begin();
      const second = await begin();
      const callbackUrl = await signInAtProvider(first.authorizationUrl, 'sub-gina', REDIRECT_URI);
      const mine = JSON.parse(cipher.open(first.transaction)) as Record<string, unknown>;
      const theirs = JSON.parse(cipher.open(second.transaction)) as Record<string, unknown>;
      const swapped = cipher.seal(JSON.stringify({ ...mine, nonce: theirs.nonce }));
      await expectFailed(await callback(callbackUrl, swapped), /\(nonce\)/);
    });

    it('swapped transaction cookies between two flows', async () => {
      const first = await begin();
      const second = await begin();
      const callbackUrl = await signInAtProvider(first.authorizationUrl, 'sub-gina', REDIRECT_URI);
      await expectFailed(await callback(callbackUrl, second.transaction), /state_mismatch/i);
    });

    it('an ID token for another audience (another client of the same provider)', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      provider.tamperNextToken({ kind: 'audience', audience: 'other-client' });
      await expectFailed(await callback(callbackUrl, flow.transaction), /\(aud\)/);
    });

    it('an expired ID token', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      provider.tamperNextToken({ kind: 'expired' });
      await expectFailed(await callback(callbackUrl, flow.transaction), /\(exp\)/);
    });

    it('an ID token signed by a key that is not the issuer\'s (checked even from the token endpoint)', async () => {
      const flow = await begin();
      const callbackUrl = await signInAtProvider(flow.authorizationUrl, 'sub-gina', REDIRECT_URI);
      provider.tamperNextToken({ kind: 'foreign-key' });
      await expectFailed(await callback(callbackUrl, flow.transaction), /\(signature\)/);
    });

    it('the provider\'s error answer (access denied)', async () => {
      const flow = await begin();
      const state = new URL(flow.authorizationUrl).searchParams.get('state') ?? '';
      await expectFailed(await callback(`${REDIRECT_URI}?error=access_denied&state=${state}`, flow.transaction), /provider_refused/i);
    });
  });

  describe('sign-out', () => {
    let atProvider: TestApp;
    beforeAll(async () => {
      atProvider = await createTestApp(oidcEnv(provider, { OIDC_SIGN_OUT_AT_PROVIDER: 'true' }), { clock: 'system' });
    });
    afterAll(() => atProvider?.close());

    it('ends at / by default; with OIDC_SIGN_OUT_AT_PROVIDER=true continues to the provider\'s end_session_endpoint, the session gone either way', async () => {
      provider.accounts.set('sub-jo', { email: 'jo@example.com', email_verified: true });
      const here = cookieValue(await signIn('sub-jo'), 'hush_session');
      const plain = await t.http().post('/signout').set(SAME_ORIGIN).set('Cookie', `hush_session=${here}`).expect(303);
      expect(plain.headers.location).toBe('/');
      expect((await t.http().get('/').expect(200)).headers['content-security-policy']).toContain("form-action 'self';");

      const there = cookieValue(await signIn('sub-jo', atProvider), 'hush_session');
      expect(await count('hush_session')).toBe(1);
      const res = await atProvider.http().post('/signout').set(SAME_ORIGIN).set('Cookie', `hush_session=${there}`).expect(303);
      const end = new URL(res.headers.location as string);
      expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
      expect(end.searchParams.get('client_id')).toBe(provider.clientId);
      expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/`);
      expect(await count('hush_session')).toBe(0);
      // The sender's pages carry the sign-out form, which now leads to the provider: their CSP allows its origin.
      expect((await atProvider.http().get('/').expect(200)).headers['content-security-policy']).toContain(`form-action 'self' ${provider.issuer};`);
    });
  });

  it('a cross-site POST to /signin/sso is refused (403) and starts nothing', async () => {
    const res = await t.http().post('/signin/sso').set({ 'Sec-Fetch-Site': 'cross-site' }).type('form').send({}).expect(403);
    expect(cookieValue(res, 'hush_signin')).toBeUndefined();
    expect(res.headers.location).toBeUndefined();
    const foreign = await t.http().post('/signin/sso').set({ Origin: 'https://evil.example' }).type('form').send({}).expect(403);
    expect(cookieValue(foreign, 'hush_signin')).toBeUndefined();
  });

  it('an open redirect through next is refused: only a local path is kept, anything else goes to /account', async () => {
    provider.accounts.set('sub-hal', { email: 'hal@example.com', email_verified: true });
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', ' /account']) {
      const res = await signIn('sub-hal', t, next);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account');
    }
  });

  it('nothing from the flow (code, tokens, cookie values) reaches the log, the audit trail or the error pages', async () => {
    const logs = captureLogs();
    provider.accounts.set('sub-ivy', { email: 'ivy@example.com', email_verified: true });
    const flow = await begin();
    const callbackUrl = new URL(await signInAtProvider(flow.authorizationUrl, 'sub-ivy', REDIRECT_URI));
    provider.tamperNextToken({ kind: 'expired' });
    const failed = await callback(callbackUrl.href, flow.transaction);
    expect(failed.status).toBe(400);
    const flow2 = await begin();
    const callbackUrl2 = new URL(await signInAtProvider(flow2.authorizationUrl, 'sub-ivy', REDIRECT_URI));
    const ok = await callback(callbackUrl2.href, flow2.transaction);
    expect(ok.status).toBe(303);
    const replay = await callback(callbackUrl2.href, flow2.transaction);
    expect(replay.status).toBe(400);
    const secrets = [
      callbackUrl.searchParams.get('code'), callbackUrl.searchParams.get('state'), callbackUrl2.searchParams.get('code'), callbackUrl2.searchParams.get('state'),
      flow.transaction, flow2.transaction, cookieValue(ok, 'hush_session'), provider.clientSecret,
    ].filter((value): value is string => typeof value === 'string' && value.length > 0);
    const audit = JSON.stringify(await t.db.audit.list({ limit: 100 }));
    const logged = logs.lines().join('\n');
    logs.restore();
    // The failures were logged (so the check below is not vacuous), by reason only.
    expect(logged).toMatch(/callback refused: oauth_jwt_timestamp_check_failed \(exp\)/);
    expect(logged).toMatch(/callback refused: provider_invalid_grant/);
    for (const value of secrets) {
      expect(logged).not.toContain(value);
      expect(audit).not.toContain(value);
      expect(failed.text).not.toContain(value);
      expect(replay.text).not.toContain(value);
    }
  });

  it('discovery failing at start-up is not fatal: sign-in answers 503 until the provider is up, then works', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const app = await createTestApp({ PUBLIC_URL, OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: 'hush', OIDC_CLIENT_SECRET: 'late-provider-secret' }, { clock: 'system' });
    let late: TestOidcProvider | undefined;
    try {
      const page = await app.http().get('/signin').expect(503);
      expect(page.text).toMatch(/unavailable/i);
      const down = await app.http().post('/signin/sso').set(SAME_ORIGIN).type('form').send({}).expect(503);
      expect(down.headers['content-type']).toMatch(/text\/html/);
      expect(cookieValue(down, 'hush_signin')).toBeUndefined();
      late = await startOidcProvider(REDIRECT_URI, { port, clientSecret: 'late-provider-secret' });
      late.accounts.set('sub-late', { email: 'late@example.com', email_verified: true });
      // A request discovers again at most once a second while the provider is missing.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const res = await signIn('sub-late', app);
      expect(res.status).toBe(303);
      expect((await sessionOf(res))?.custid).toBe('late@example.com');
      expect((await app.http().get('/signin').expect(200)).text).not.toMatch(/unavailable/i);
    } finally {
      await app.close();
      await late?.close();
    }
  });
});
