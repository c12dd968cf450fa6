import type { Response } from 'supertest';
import { SetAccountEnabled } from '@hush/domain';
import { hashKey } from '@hush/persistence';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { runCommand } from '../support/cli';
import { secretRows } from '../support/database';
import { heading, inputValue } from '../support/html';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { expectNotAuthorized } from '../support/v1';

const PUBLIC_URL = 'https://hush.example.com';
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' };
const CROSS_SITE = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' };
const ALICE = 'alice@example.com';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Hush-Test/1.0';
const EN = CATALOGUES.en;

/** The session cookie a response sets, as `name=value`, and its attributes. */
function setCookie(res: Response): { pair: string; name: string; value: string; attributes: string[] } {
  const header = (res.headers['set-cookie'] as unknown as string[] | undefined)?.[0] ?? '';
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const [name = '', value = ''] = pair.split('=');
  return { pair, name, value, attributes };
}

describe('sign-in and sessions (ACCOUNTS.md §1, §2)', () => {
  let t: TestApp;
  let plain: TestApp;
  let staff: TestApp;
  let alice: string;
  let aliceToken: string;

  beforeAll(async () => {
    plain = await createTestApp({ PUBLIC_URL: 'http://hush.localhost:3000' });
    staff = await createTestApp({ PUBLIC_URL, CREATE_REQUIRES_ACCOUNT: 'true', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '2' });
    // Created last: passport's one global 'basic' strategy is this app's (they share the database anyway).
    t = await createTestApp({ PUBLIC_URL, ACCOUNT_CACHE_SECONDS: '5' });
  });
  afterAll(async () => {
    for (const app of [staff, plain, t]) await app?.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    aliceToken = await t.createAccount(ALICE);
    alice = basic(ALICE, aliceToken);
  });

  const signIn = (app: TestApp = t, form: Record<string, string> = { custid: ALICE, token: aliceToken }, headers: Record<string, string> = SAME_ORIGIN) =>
    app.http().post('/signin/token').set({ ...headers, 'User-Agent': BROWSER }).type('form').send(form);
  const sessionOf = async (app: TestApp = t): Promise<string> => setCookie(await signIn(app).expect(303)).pair;
  const sessionRows = async (): Promise<number> =>
    ((await t.db.dataSource.query('SELECT count(*)::int AS n FROM hush_session')) as { n: number }[])[0]?.n ?? -1;
  /** Whether the create page, sent this cookie, shows the account as signed in. */
  const signedIn = async (cookie: string): Promise<boolean> => {
    const page = await t.http().get('/').set('Cookie', cookie).expect(200);
    return page.text.includes(EN['session.signout']);
  };

  it('sets __Host-hush_session on https: HttpOnly, Path=/, SameSite=Lax, Secure, no Domain; and goes to /account', async () => {
    const res = await signIn().expect(303);
    expect(res.headers.location).toBe('/account');
    const cookie = setCookie(res);
    expect(cookie.name).toBe('__Host-hush_session');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('sets hush_session without Secure on http', async () => {
    const cookie = setCookie(await signIn(plain).expect(303));
    expect(cookie.name).toBe('hush_session');
    expect(cookie.attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax']);
  });

  it('shows the sign-in page with the token form, keeping a local next only', async () => {
    const page = await t.http().get('/signin?next=/receipt/abc').expect(200);
    expect(heading(page.text)).toBe(EN['signin.title']);
    expect(page.text).toContain('action="/signin/token"');
    expect(page.text).toContain('name="next" value="/receipt/abc"');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', '/\t/evil.example', 'javascript:alert(1)']) {
      const refused = await t.http().get('/signin').query({ next }).expect(200);
      expect(refused.text).toContain('name="next" value="/account"');
    }
  });

  it('goes to a local next after sign-in, never to another host', async () => {
    expect((await signIn(t, { custid: ALICE, token: aliceToken, next: '/receipt/abc' }).expect(303)).headers.location).toBe('/receipt/abc');
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', '\\\\evil.example']) {
      expect((await signIn(t, { custid: ALICE, token: aliceToken, next }).expect(303)).headers.location).toBe('/account');
    }
  });

  it('refuses a wrong token with the sign-in page (401) and no cookie; past the failed-auth budget, 429', async () => {
    const res = await signIn(t, { custid: ALICE, token: 'wrong' }).expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain(EN['signin.error.token_refused']);
    expect(inputValue(res.text, 'custid')).toBe(ALICE);
    await signIn(staff, { custid: ALICE, token: 'wrong' }).expect(401);
    await signIn(staff, { custid: ALICE, token: 'wrong' }).expect(401);
    await signIn(staff, { custid: ALICE, token: 'wrong' }).expect(429);
    expect(await sessionRows()).toBe(0);
  });

  it('pages honour the session: the header names the account, POST / creates as it, its receipt opens without Basic', async () => {
    const anonymous = await t.http().get('/').expect(200);
    expect(anonymous.text).toContain('href="/signin?next=%2F"');
    const cookie = await sessionOf();
    const form = await t.http().get('/').set('Cookie', cookie).expect(200);
    expect(form.text).toContain(EN['session.signed_in_as'].replace('{custid}', ALICE));
    expect(form.text).toContain('action="/signout"');
    expect(form.text).toContain('id="recipient"');
    const created = await t.http().post('/').set({ ...SAME_ORIGIN, Cookie: cookie }).type('form').send({ secret: 'as alice', action: 'share' }).expect(200);
    const receipt = /href="https:\/\/hush\.example\.com(\/receipt\/[^"]+)">/.exec(created.text)?.[1] ?? '';
    const metadataKey = receipt.split('/receipt/')[1] ?? '';
    const [row] = (await t.db.dataSource.query('SELECT owner FROM hush_secret WHERE metadata_key_hash = $1', [hashKey(metadataKey)])) as { owner: string }[];
    expect(row?.owner).toBe(ALICE);
    expect((await t.http().get(receipt).set('Cookie', cookie).expect(200)).text).toContain(EN['session.signout']);
    await t.http().get(receipt).expect(401);
    // Basic keeps working on every page, for scripts.
    await t.http().get(receipt).set('Authorization', alice).expect(200);
    // The recipient's pages stay plain.
    const share = await t.http().get('/secret/unknown');
    expect(share.text).not.toContain(EN['session.signout']);
  });

  it('opens /account (where sign-in goes by default) from the session, with the header', async () => {
    const cookie = await sessionOf();
    const account = await t.http().get('/account').set('Cookie', cookie).expect(200);
    expect(account.text).toContain(EN['session.signed_in_as'].replace('{custid}', ALICE));
    expect(account.text).toContain('action="/signout"');
  });

  it('gives a new token at every sign-in: a cookie held before sign-in is not kept, and its session ends', async () => {
    const first = await sessionOf();
    const second = setCookie(await signIn().set('Cookie', first).expect(303)).pair;
    expect(second).not.toBe(first);
    expect(await signedIn(first)).toBe(false);
    expect(await signedIn(second)).toBe(true);
    const invented = setCookie(await signIn().set('Cookie', '__Host-hush_session=chosen-by-an-attacker').expect(303));
    expect(invented.value).not.toBe('chosen-by-an-attacker');
    expect(await sessionRows()).toBe(2);
  });

  it('signs out: the row is deleted, the cookie cleared, and a copied cookie is dead', async () => {
    const cookie = await sessionOf();
    const out = await t.http().post('/signout').set({ ...SAME_ORIGIN, Cookie: cookie }).expect(303);
    expect(out.headers.location).toBe('/');
    const cleared = setCookie(out);
    expect(cleared.name).toBe('__Host-hush_session');
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(await sessionRows()).toBe(0);
    expect(await signedIn(cookie)).toBe(false);
  });

  it('refuses cross-site posts to /signin/token and /signout (403), doing nothing', async () => {
    await signIn(t, { custid: ALICE, token: aliceToken }, CROSS_SITE).expect(403);
    expect(await sessionRows()).toBe(0);
    const cookie = await sessionOf();
    await t.http().post('/signout').set({ ...CROSS_SITE, Cookie: cookie }).expect(403);
    expect(await signedIn(cookie)).toBe(true);
  });

  it('ends a session idle for WEB_SESSION_IDLE_MINUTES, and any session after WEB_SESSION_MAX_HOURS', async () => {
    const idle = await sessionOf();
    t.clock.advanceSeconds(59 * 60);
    expect(await signedIn(idle)).toBe(true);
    t.clock.advanceSeconds(61 * 60);
    expect(await signedIn(idle)).toBe(false);

    // Used every half hour, so never idle: 11.5 hours on it is still alive, 12 hours and 10 minutes on it has ended.
    const busy = await sessionOf();
    for (let step = 0; step < 23; step += 1) {
      t.clock.advanceSeconds(30 * 60);
      expect(await signedIn(busy)).toBe(true);
    }
    t.clock.advanceSeconds(40 * 60);
    expect(await signedIn(busy)).toBe(false);
  });

  it('stops a disabled account\'s session within ACCOUNT_CACHE_SECONDS', async () => {
    const cookie = await sessionOf();
    expect(await signedIn(cookie)).toBe(true);
    await t.app.get(SetAccountEnabled).execute({ custid: ALICE, enabled: false });
    t.clock.advanceSeconds(6);
    expect(await signedIn(cookie)).toBe(false);
    await signIn().expect(401);
  });

  it('CREATE_REQUIRES_ACCOUNT: anonymous share, create and generate are not authorized and store nothing; the page sends to sign-in; reveals stay open', async () => {
    for (const path of ['/api/v1/share', '/api/v1/create']) expectNotAuthorized(await staff.http().post(path).type('form').send({ secret: 'x' }));
    expectNotAuthorized(await staff.generate());
    expect(await secretRows(t)).toBe(0);
    const sent = await staff.http().get('/').expect(303);
    expect(sent.headers.location).toBe('/signin?next=%2F');
    expect(sent.headers['www-authenticate']).toBeUndefined();
    const cookie = await sessionOf(staff);
    await staff.http().get('/').set('Cookie', cookie).expect(200);
    const { secret_key } = await staff.shareReceipt({ secret: 'for anyone' }, alice);
    expect((await staff.reveal(secret_key).expect(200)).body).toMatchObject({ value: 'for anyone' });
  });

  it('never writes a session token or cookie value to the logs or the audit trail; audits a refusal, sign-in and sign-out', async () => {
    const wrongToken = `${aliceToken.slice(0, -1)}${aliceToken.endsWith('x') ? 'y' : 'x'}`;
    await signIn(t, { custid: ALICE, token: wrongToken }).expect(401);
    const cookie = await sessionOf();
    const token = cookie.split('=')[1] ?? '';
    await t.http().get('/').set('Cookie', cookie).expect(200);
    await t.http().post('/signout').set({ ...SAME_ORIGIN, Cookie: cookie }).expect(303);
    const audit = (await t.db.dataSource.query('SELECT * FROM hush_audit ORDER BY at, id')) as Record<string, unknown>[];
    expect(audit.map((row) => [row.event, row.reason ?? null])).toEqual([
      ['account.signin_refused', 'token_refused'],
      ['account.signed_in', 'token'],
      ['account.signed_out', null],
    ]);
    const everything = JSON.stringify(audit) + t.logs.lines.join('\n');
    expect(token).toHaveLength(43);
    for (const secret of [token, aliceToken, wrongToken]) expect(everything).not.toContain(secret);
  });

  it('account sessions lists them (never a token); account signout ends them all', async () => {
    const first = await sessionOf();
    await sessionOf();
    const listed = await runCommand(['account', 'sessions', ALICE]);
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.split('\t')).toEqual([expect.any(String), expect.any(String), expect.any(String), BROWSER]);
    expect(listed.stdout).not.toContain(first.split('=')[1]);
    const out = await runCommand(['account', 'signout', ALICE]);
    expect(out).toMatchObject({ status: 0, stdout: `Ended 2 sessions of ${ALICE}\n` });
    expect(await sessionRows()).toBe(0);
    expect(await signedIn(first)).toBe(false);
  });
});
