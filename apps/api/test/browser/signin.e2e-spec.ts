import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '@hush/persistence/testing';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { ConsoleWatch, ensureDirectory, launchChromium, SCREENSHOTS, serveTestApp, type ServedApp } from '../support/browser';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';

const en = CATALOGUES.en;
const ALICE = 'alice@example.com';
const PROVIDER_NAME = 'Example ID';

/**
 * ACCOUNTS.md §1–§5 as a person meets it, in Chromium with JavaScript off: sign in through a real OpenID
 * provider's own login and consent pages, create a secret as the account, find it on /account, burn it,
 * sign out; the audit trail holds the account's events and no token.
 */
describe('single sign-on in a real browser (Chromium, JavaScript off)', () => {
  let browser: Browser;
  let app: ServedApp;
  let provider: TestOidcProvider;
  let context: BrowserContext;
  const watch = new ConsoleWatch();

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}/signin/callback`);
    app = await serveTestApp(
      { OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_PROVIDER_NAME: PROVIDER_NAME },
      port,
    );
    provider.accounts.set('alice-sub', { email: ALICE, email_verified: true });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await provider?.close();
  });

  const h1 = (page: Page) => page.locator('h1').innerText();
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(ensureDirectory(SCREENSHOTS), `signin-${name}.png`), fullPage: true });
  /** Clicks what submits a form or follows a link and waits for the page it leads to. */
  const follow = async (page: Page, selector: string) => {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
  };

  it('signs in at the provider, creates as the account, finds and burns the secret on /account, signs out; all audited', async () => {
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    watch.watch(context);
    const page = await context.newPage();

    // The create page offers sign-in; the sign-in page offers the provider.
    await page.goto(`${app.origin}/`);
    await follow(page, `header a:has-text("${en['session.signin']}")`);
    expect(await h1(page)).toBe(en['signin.title']);
    await shoot(page, 'page');
    await follow(page, `button:has-text("Sign in with ${PROVIDER_NAME}")`);

    // The provider's own pages: its login form, then its consent form, as plain HTML forms.
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await page.fill('input[name="login"]', 'alice-sub');
    await page.fill('input[name="password"]', 'any');
    await follow(page, 'button[type="submit"]');
    if (page.url().startsWith(provider.issuer)) await follow(page, 'button[type="submit"]');

    // Back at Hush where sign-in began, signed in: the header names the account and has a sign-out button.
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('header').innerText()).resolves.toContain(ALICE);
    await page.goto(`${app.origin}/account`);
    expect(await h1(page)).toBe(en['account.title']);
    const cookies = await context.cookies(app.origin);
    const session = cookies.find((cookie) => cookie.name === 'hush_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookies.map((cookie) => cookie.name)).not.toContain('hush_signin');
    await shoot(page, 'account-empty');

    // Creating as the account: the form offers the recipient's e-mail, which only an account may use.
    await follow(page, `a:has-text("${en['account.create']}")`);
    await expect(page.locator('#recipient').count()).resolves.toBe(1);
    await page.fill('#secret', 'the staging database password');
    expect((await follow(page, 'button[name="action"][value="share"]'))?.status()).toBe(200);
    expect(await h1(page)).toBe(en['created.title']);
    const link = await page.inputValue('#share-link');
    const secretKey = link.split('/secret/')[1] ?? '';
    const receiptHref = (await page.locator('section.receipt a').getAttribute('href')) ?? '';
    const metadataKey = new URL(receiptHref).pathname.split('/receipt/')[1] ?? '';
    expect(secretKey).not.toBe('');

    // "Your secrets" lists it, not yet opened, with a way to burn it.
    await page.goto(`${app.origin}/account`);
    const entry = page.locator('ul.receipts > li');
    await expect(entry.count()).resolves.toBe(1);
    await expect(entry.locator(`a[href$="/receipt/${metadataKey}"]`).count()).resolves.toBe(1);
    await shoot(page, 'account-listed');

    // Burning: the account page's action, then the confirming button wherever it leads.
    await follow(page, 'ul.receipts > li a.button.danger');
    await follow(page, 'form button.danger');
    await page.goto(`${app.origin}/account`);
    await expect(entry.locator('.state').innerText()).resolves.toContain(en['receipt.state.burned'].split('{')[0]?.trim() ?? '');
    await expect(entry.locator('a.button.danger').count()).resolves.toBe(0);
    // The recipient's link is gone.
    const gone = await context.newPage();
    expect((await gone.goto(link))?.status()).toBe(404);
    await gone.close();

    // Signing out from the header: the session row ends, the cookie is cleared, /account asks for sign-in again.
    await follow(page, `header button:has-text("${en['session.signout']}")`);
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await context.cookies(app.origin)).map((cookie) => cookie.name)).not.toContain('hush_session');
    await page.goto(`${app.origin}/account`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    const rows = (await app.db.dataSource.query('SELECT count(*)::int AS n FROM hush_session')) as { n: number }[];
    expect(rows[0]?.n).toBe(0);

    const audit = (await app.db.dataSource.query('SELECT event, custid, reason FROM hush_audit ORDER BY at, id')) as { event: string; custid: string; reason: string | null }[];
    const accountEvents = audit.filter((row) => row.event.startsWith('account.'));
    expect(accountEvents).toEqual([
      { event: 'account.created', custid: ALICE, reason: 'sso' },
      { event: 'account.signed_in', custid: ALICE, reason: 'sso' },
      { event: 'account.signed_out', custid: ALICE, reason: null },
    ]);
    expect(audit.map((row) => row.event)).toEqual(expect.arrayContaining(['secret.created', 'secret.burned']));
    const everything = JSON.stringify(await app.db.dataSource.query('SELECT * FROM hush_audit')) + app.logs.lines.join('\n');
    for (const secret of [session?.value ?? 'missing', secretKey]) expect(everything).not.toContain(secret);
    expect(watch.take()).toEqual([]);
  });
});
