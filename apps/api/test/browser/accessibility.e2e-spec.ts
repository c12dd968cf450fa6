import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import { freePort } from '@hush/persistence/testing';
import { LOCALES, type Locale } from '../../src/i18n/locales';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { ConsoleWatch, createdLinks, ensureDirectory, launchChromium, SCREENSHOTS, serveTestApp, type ServedApp } from '../support/browser';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { basic } from '../support/test-app';
import { awayFromWindowEnd } from '../support/timing';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe tags them. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCHEMES = ['light', 'dark'] as const;
const VIEWPORTS = { mobile: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } } as const;
/** Screenshots of the main states in every language (people look at them; nothing compares them). */
const SCREENSHOT_LOCALES: readonly Locale[] = LOCALES;
const SCREENSHOT_STATES = new Set(['create', 'create-error', 'created', 'created-generated', 'create-account', 'create-recipient-error', 'created-recipient', 'confirm', 'confirm-wrong', 'revealed', 'uniform', 'receipt-new', 'burn-confirm', 'receipt-burned', 'receipt-opened', 'account', 'account-token', 'signin', 'signin-refused', '429']);
/** A client of its own (behind a trusted proxy) whose failed sign-ins trip the limit, so 429 has a page to check. */
const LIMITED_CLIENT = '198.51.100.29';
const EVIL = 'http://evil.test';
/** Each sweep's refused sign-in comes from an address of its own, within the failed-sign-in budget of one. */
let signInClients = 0;

/** Markup, åäö, a tab and a trailing newline, yet fit for the README's picture. */
const VALUE = 'Database: db-prod-1.internal\nUser: deploy\nPassword: Kå7#Qm2v!<Rt9>wLx&ö\n\t(rotate it after use)\n';
/** The README's two pictures (English, light, desktop), copied by hand to docs/screenshots when the pages change. */
const README_SCREENSHOTS = join(SCREENSHOTS, '..', 'readme');
const README_VIEWPORT = { width: 960, height: 600 };
const PASSPHRASE = 'open sesame';

interface Combination {
  readonly locale: Locale;
  readonly scheme: (typeof SCHEMES)[number];
  readonly viewport: keyof typeof VIEWPORTS;
}

/**
 * Every language in both schemes and both sizes, paired: English light at desktop (the README's pictures) and dark
 * at 375 px, the others the other way round. Colours do not depend on the language and layout does not depend on
 * the scheme, so the pairs show each language's text at both widths, every state's contrast in both schemes, and
 * every pairing of scheme and size at least once.
 */
const combinations: Combination[] = LOCALES.flatMap((locale) =>
  SCHEMES.flatMap((scheme) => (Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[]).map((viewport) => ({ locale, scheme, viewport }))),
).filter(({ locale, scheme, viewport }) => (scheme === 'light') === (viewport === (locale === 'en' ? 'desktop' : 'mobile')));

describe('every page state passes axe (WCAG 2.x A and AA) and keeps its CSP, in every language, scheme and size', () => {
  let browser: Browser;
  let app: ServedApp;
  let account: string;
  let provider: TestOidcProvider;

  beforeAll(async () => {
    ensureDirectory(SCREENSHOTS);
    browser = await launchChromium();
    // An identity provider and the token form too, so the sign-in page shows both ways in.
    const port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}/signin/callback`);
    const oidc = { OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, WEB_TOKEN_SIGNIN: 'true' };
    app = await serveTestApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '1', ...oidc }, port);
    account = basic('alice@example.com', await app.createAccount('alice@example.com'));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
  });

  it('axe, as configured here, finds problems where there are some (so its silence means something)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('http://axe-canary.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html><title>canary</title><body><h1>Canary</h1><p style="color:#bbb;background:#fff">faint</p><input id="x"><img src="/x.png"></body></html>',
      }),
    );
    await page.goto('http://axe-canary.test/');
    const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true).analyze();
    await context.close();
    expect(result.violations.map((violation) => violation.id).sort()).toEqual(['color-contrast', 'html-has-lang', 'image-alt', 'label']);
  });

  /** Walks every page state in one language, scheme and size; answers what was wrong (nothing, when all is well). */
  async function sweep({ locale, scheme, viewport }: Combination): Promise<string[]> {
    const t = CATALOGUES[locale];
    const context: BrowserContext = await browser.newContext({
      viewport: VIEWPORTS[viewport],
      colorScheme: scheme,
      locale,
      javaScriptEnabled: true,
    });
    const watch = new ConsoleWatch();
    watch.watch(context);
    const page = await context.newPage();
    const found: string[] = [];
    const where = `${locale}, ${scheme}, ${viewport}`;
    const lang = `?lang=${locale}`;

    /** Checks the page now shown: its status, language, one h1, no horizontal overflow, and axe. */
    async function check(state: string, response: Response | null, status: number, heading: string): Promise<void> {
      expect({ where, state, status: response?.status() }).toEqual({ where, state, status });
      expect({ where, state, h1: await page.locator('h1').allInnerTexts() }).toEqual({ where, state, h1: [heading] });
      expect({ where, state, lang: await page.getAttribute('html', 'lang') }).toEqual({ where, state, lang: locale });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) found.push(`${where}, ${state}: the page is ${overflow}px wider than the viewport`);
      // Legacy mode runs axe in the page itself rather than finishing in a new blank page: a third of the time.
      const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true).analyze();
      for (const violation of result.violations) {
        const nodes = violation.nodes.map((node) => `      ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`);
        found.push(`${where}, ${state}: ${violation.id} (${violation.impact ?? ''}) ${violation.help}\n${nodes.join('\n')}`);
      }
      if (SCREENSHOT_LOCALES.includes(locale) && SCREENSHOT_STATES.has(state)) {
        await page.screenshot({ path: join(SCREENSHOTS, `${locale}-${scheme}-${viewport}-${state}.png`), fullPage: true });
      }
    }
    const submit = async (selector: string) => (await Promise.all([page.waitForNavigation(), page.click(selector)]))[0];

    // The create form, then with a field error (nothing to share: 400), then both kinds of result.
    await check('create', await page.goto(`${app.origin}/${lang}`), 200, t['create.title']);
    const forReadme = locale === 'en' && scheme === 'light' && viewport === 'desktop';
    if (forReadme) {
      await page.setViewportSize(README_VIEWPORT);
      await page.fill('#secret', VALUE);
      await page.fill('#passphrase', PASSPHRASE);
      await page.locator('#passphrase').blur();
      await page.screenshot({ path: join(ensureDirectory(README_SCREENSHOTS), 'create.png'), fullPage: true });
      await page.setViewportSize(VIEWPORTS[viewport]);
      await page.goto(`${app.origin}/${lang}`);
    }
    await check('create-error', await submit('button[value="share"]'), 400, t['create.title']);
    expect(await page.getAttribute('#secret', 'aria-invalid')).toBe('true');
    await page.fill('#secret', VALUE);
    await page.fill('#passphrase', PASSPHRASE);
    await check('created', await submit('button[value="share"]'), 200, t['created.title']);
    const protectedSecret = await createdLinks(page);
    await page.goto(`${app.origin}/${lang}`);
    await check('created-generated', await submit('button[value="generate"]'), 200, t['created.title']);

    // An account's form has the recipient field: offered, refused (an address the browser takes but Hush cannot
    // send to), then accepted; the receipt names the obscured address.
    await page.setExtraHTTPHeaders({ Authorization: account });
    await check('create-account', await page.goto(`${app.origin}/${lang}`), 200, t['create.title']);
    await page.fill('#secret', VALUE);
    await page.fill('#recipient', 'bob@localhost');
    await check('create-recipient-error', await submit('button[value="share"]'), 400, t['create.title']);
    expect(await page.getAttribute('#recipient', 'aria-invalid')).toBe('true');
    await page.fill('#recipient', 'bob@example.org');
    await check('created-recipient', await submit('button[value="share"]'), 200, t['created.title']);
    await check('receipt-recipient', await page.goto((await createdLinks(page)).receipt), 200, t['receipt.title']);
    // The account's page: its list (new, opened, with a passphrase and an obscured recipient), then a new token
    // shown once. An account of this sweep's own, since its token changes and the sweeps run side by side.
    const custid = `${locale}-${scheme}-${viewport}@example.com`;
    const owner = basic(custid, await app.createAccount(custid));
    await app.shareReceipt({ secret: 'listed', passphrase: PASSPHRASE, recipient: 'bob@example.org' }, owner);
    await app.reveal((await app.shareReceipt({ secret: 'opened' }, owner)).secret_key).expect(200);
    await page.setExtraHTTPHeaders({ Authorization: owner });
    await check('account', await page.goto(`${app.origin}/account${lang}`), 200, t['account.title']);
    await check('account-token', await submit('form[action^="/account/token"] button'), 200, t['token.title']);
    await page.setExtraHTTPHeaders({});

    // Sign-in (ACCOUNTS.md §4): the provider's button and the token form, then a refused token (401).
    await check('signin', await page.goto(`${app.origin}/signin${lang}`), 200, t['signin.title']);
    await page.fill('#custid', custid);
    await page.fill('#token', 'not the token');
    signInClients += 1;
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': `203.0.113.${signInClients}` });
    await check('signin-refused', await submit('form[action^="/signin/token"] button'), 401, t['signin.title']);
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    await page.setExtraHTTPHeaders({});

    // The recipient's side: confirm (with a passphrase), a wrong one, the value, then the uniform page.
    await check('confirm', await page.goto(`${protectedSecret.link}${lang}`), 200, t['confirm.title']);
    await page.fill('#passphrase', 'not it');
    await check('confirm-wrong', await submit('form button[type="submit"]'), 400, t['confirm.title']);
    await page.fill('#passphrase', PASSPHRASE);
    await check('revealed', await submit('form button[type="submit"]'), 200, t['revealed.title']);
    expect(await page.inputValue('#value')).toBe(VALUE);
    if (forReadme) {
      await page.setViewportSize(README_VIEWPORT);
      await page.screenshot({ path: join(README_SCREENSHOTS, 'reveal.png'), fullPage: true });
      await page.setViewportSize(VIEWPORTS[viewport]);
    }
    await check('uniform', await page.goto(`${protectedSecret.link}${lang}`), 404, t['unavailable.title']);
    await check('receipt-opened', await page.goto(protectedSecret.receipt), 200, t['receipt.title']);

    // A secret without a passphrase (created through the API): its confirm page, and its receipt new, the step
    // that asks before deleting it, then deleted.
    const plain = await app.shareReceipt({ secret: 'no passphrase here' });
    await check('confirm-plain', await page.goto(`${app.origin}/secret/${plain.secret_key}${lang}`), 200, t['confirm.title']);
    await check('receipt-new', await page.goto(`${app.origin}/receipt/${plain.metadata_key}${lang}`), 200, t['receipt.title']);
    await check('burn-confirm', await submit('a.button.danger'), 200, t['burn.title']);
    await check('receipt-burned', await submit('form button.danger'), 200, t['receipt.title']);

    // The error pages. 401: an account's receipt, opened without signing in.
    const owned = await app.shareReceipt({ secret: 'an account secret' }, account);
    // Chromium would ask for a name and password (Playwright answers "no credentials" with a network error):
    // the page is what a person sees after cancelling that dialog, the same response without its challenge.
    const signIn = `${app.origin}/receipt/${owned.metadata_key}${lang}`;
    let challenge: string | undefined;
    await page.route(signIn, async (route) => {
      const response = await route.fetch();
      const { 'www-authenticate': asked, ...headers } = response.headers();
      challenge = asked;
      await route.fulfill({ response, headers });
    });
    await check('401', await page.goto(signIn), 401, t['error.401.title']);
    expect(challenge).toBe('Basic realm="Hush", charset="UTF-8"');
    await page.unroute(signIn);
    // 403: a form on another site posting to the reveal.
    await page.route(`${EVIL}/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>elsewhere</title><form method="post" action="${app.origin}/secret/${plain.secret_key}${lang}"><button>Go</button></form></html>`,
      }),
    );
    await page.goto(`${EVIL}/`);
    await check('403', await submit('button'), 403, t['error.403.title']);
    // 404: no such page.
    await check('404', await page.goto(`${app.origin}/no/such/page${lang}`), 404, t['error.404.title']);
    // 429: a client past its budget of failed sign-ins (spent here, outside the browser, whose 401s would ask
    // for a password) gets 429 for each further failure.
    const limitedClient = { 'X-Forwarded-For': LIMITED_CLIENT, Authorization: basic('nobody@example.com', 'wrong') };
    await awayFromWindowEnd(5);
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await fetch(`${app.origin}/`, { headers: limitedClient })).status === 429) break;
    }
    await page.setExtraHTTPHeaders(limitedClient);
    await check('429', await page.goto(`${app.origin}/${lang}`), 429, t['error.429.title']);
    await page.setExtraHTTPHeaders({});

    await context.close();
    return [...found, ...watch.take()];
  }

  // One test per language; its combinations run two at a time (each in a context of its own).
  it.each(LOCALES)('%s: light and dark, mobile and desktop', async (locale) => {
    const queue = combinations.filter((combination) => combination.locale === locale);
    const found: string[] = [];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) found.push(...(await sweep(next)));
    };
    const outcomes = await Promise.allSettled([worker(), worker()]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    expect(found).toEqual([]);
  }, 240_000);
});
