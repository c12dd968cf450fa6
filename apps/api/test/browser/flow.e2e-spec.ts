import { GetMetadata, MetadataState, anonymousCaller } from '@hush/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { ConsoleWatch, createdLinks, launchChromium, serveTestApp, type ServedApp } from '../support/browser';
import { basic } from '../support/test-app';

const en = CATALOGUES.en;

/**
 * Multi-line Unicode, as a person types it into the create form: tabs, runs of spaces, leading and
 * trailing blanks, an empty line, markup, emoji and åäö. Line feeds only: a form submission sends a
 * textarea's line breaks as CR LF (HTML's newline normalisation) and a textarea shows them as LF again,
 * so what the recipient's field holds equals what the sender's held.
 */
const VALUE = [
  '  two leading spaces, then åäö ÅÄÖ ß é ñ',
  '\tone tab\t\tand two more\t',
  '<script>alert("not run")</script> & &amp; "quotes" \'single\'',
  '',
  '🔐 emoji 🙂👍🏽 and 中文 и кириллица',
  'trailing spaces   ',
  '',
].join('\n');
const PASSPHRASE = 'correct horse — battery staple';
const PHONE = { width: 375, height: 812 };

describe('the pages in a real browser (Chromium)', () => {
  let browser: Browser;
  let app: ServedApp;
  const watch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    app = await serveTestApp();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    // No page of any test said anything about its Content Security Policy, nor threw.
    expect(watch.take()).toEqual([]);
  });

  async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    contexts.push(context);
    watch.watch(context);
    return context;
  }

  async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    return (await newContext(options)).newPage();
  }

  const h1 = (page: Page) => page.locator('h1').innerText();
  const stateOf = async (metadataKey: string) =>
    (await app.app.get(GetMetadata).execute({ caller: anonymousCaller, metadataKey, ownerlessByKey: true })).state;

  /** Opens the create form and shares `value` (and a passphrase) with the buttons, as a person does. */
  async function createWithForm(page: Page, value: string, passphrase?: string) {
    expect((await page.goto(`${app.origin}/`))?.status()).toBe(200);
    await page.fill('#secret', value);
    if (passphrase !== undefined) await page.fill('#passphrase', passphrase);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[name="action"][value="share"]')]);
    expect(response?.status()).toBe(200);
    expect(await h1(page)).toBe(en['created.title']);
    return createdLinks(page);
  }

  it.each([true, false])('the console watch sees a CSP violation when there is one, JavaScript on: %s (so its silence means something)', async (javaScriptEnabled) => {
    const page = await newPage({ javaScriptEnabled });
    await page.route('http://csp-canary.test/', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        headers: { 'Content-Security-Policy': "default-src 'none'" },
        body: '<!doctype html><title>canary</title><p style="color: red">inline style</p>',
      }),
    );
    await page.goto('http://csp-canary.test/');
    await page.waitForTimeout(100);
    expect(watch.take().join('\n')).toMatch(/Content Security Policy/);
  });

  it('with JavaScript off: create with a passphrase, confirm without the value in the DOM, reveal byte for byte, then the uniform page; the receipt says it was opened', async () => {
    const sender = await newPage({ javaScriptEnabled: false });
    const { link, receipt, metadataKey } = await createWithForm(sender, VALUE, PASSPHRASE);
    expect(link).toMatch(new RegExp(`^${app.origin}/secret/[a-z0-9]+$`));
    expect(receipt).toMatch(new RegExp(`^${app.origin}/receipt/[a-z0-9]+$`));
    // Without the script the copy button stays hidden; the link is plain selectable text.
    expect(await sender.locator('button.copy').first().isHidden()).toBe(true);

    // The recipient, in a browser of their own.
    const recipient = await newPage({ javaScriptEnabled: false });
    const confirm = await recipient.goto(link);
    expect(confirm?.status()).toBe(200);
    expect(await h1(recipient)).toBe(en['confirm.title']);
    const dom = await recipient.content();
    for (const line of VALUE.split('\n').filter((line) => line.trim() !== '')) expect(dom).not.toContain(line.trim());
    expect(dom).not.toContain('🔐');
    expect(await recipient.locator('#passphrase').getAttribute('required')).toBe('');
    expect(await stateOf(metadataKey)).toBe(MetadataState.New);

    await recipient.fill('#passphrase', PASSPHRASE);
    const [revealed] = await Promise.all([recipient.waitForNavigation(), recipient.click('form button[type="submit"]')]);
    expect(revealed?.status()).toBe(200);
    expect(await h1(recipient)).toBe(en['revealed.title']);
    expect(await recipient.inputValue('#value')).toBe(VALUE);

    // Reloading the revealed page (Chromium posts the form again) brings nothing back.
    const reloaded = await recipient.reload();
    expect(reloaded?.status()).toBe(404);
    expect(await h1(recipient)).toBe(en['unavailable.title']);
    expect(await recipient.content()).not.toContain('🔐');
    // And so does opening the link again.
    expect((await recipient.goto(link))?.status()).toBe(404);
    expect(await h1(recipient)).toBe(en['unavailable.title']);

    expect((await sender.goto(receipt))?.status()).toBe(200);
    expect(await sender.locator('.facts dd.state').innerText()).toMatch(/^Opened on /);
    expect(await sender.locator('#share-link').count()).toBe(0);
    expect(await stateOf(metadataKey)).toBe(MetadataState.Received);
  });

  it('a scanner that runs JavaScript, waits for the network to settle and leaves consumes nothing; the recipient then reveals exactly once', async () => {
    const sender = await newPage({ javaScriptEnabled: false });
    const { link, metadataKey } = await createWithForm(sender, VALUE);

    const scanner = await newContext({ javaScriptEnabled: true, userAgent: 'Mozilla/5.0 (compatible; Safe Links scanner)' });
    const scan = await scanner.newPage();
    expect((await scan.goto(link, { waitUntil: 'load' }))?.status()).toBe(200);
    await scan.waitForLoadState('networkidle');
    // It follows every link of the page as well (the language switcher): all GETs.
    for (const href of await scan.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))) {
      await scan.goto(href, { waitUntil: 'networkidle' });
    }
    await scanner.close();
    expect(await stateOf(metadataKey)).toBe(MetadataState.New);

    const recipient = await newPage({ javaScriptEnabled: false });
    await recipient.goto(link);
    await Promise.all([recipient.waitForNavigation(), recipient.click('form button[type="submit"]')]);
    expect(await recipient.inputValue('#value')).toBe(VALUE);
    expect(await stateOf(metadataKey)).toBe(MetadataState.Received);
    expect((await recipient.goto(link))?.status()).toBe(404);
  });

  it('the copy buttons appear with JavaScript, copy the link and the value, say "Copied" on themselves (in view on a 375 px phone), and a page that is left clears what it showed', async () => {
    const context = await newContext({ javaScriptEnabled: true, viewport: PHONE });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    const page = await context.newPage();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    // The created page: copy the link.
    const { link } = await createWithForm(page, VALUE);
    const copyLink = page.locator('button.copy[data-copy="share-link"]');
    await copyLink.waitFor({ state: 'visible' });
    await copyLink.click();
    await expectCopied(page, 'button.copy[data-copy="share-link"]', en['created.copy']);
    expect(await clipboard()).toBe(link);

    // A generated password: copied, and cleared from the field when the page is left.
    await page.goto(`${app.origin}/`);
    await Promise.all([page.waitForNavigation(), page.click('button[name="action"][value="generate"]')]);
    const password = await page.inputValue('#generated');
    expect(password.length).toBeGreaterThanOrEqual(8);
    await page.click('button.copy[data-copy="generated"]');
    expect(await clipboard()).toBe(password);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    expect(await page.inputValue('#generated')).toBe('');

    // The revealed value: copied byte for byte, then cleared when the page is hidden.
    await page.goto(link);
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    const copyValue = page.locator('button.copy[data-copy="value"]');
    await copyValue.waitFor({ state: 'visible' });
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await copyValue.click();
    await expectCopied(page, 'button.copy[data-copy="value"]', en['revealed.copy']);
    expect(await clipboard()).toBe(VALUE);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    expect(await page.inputValue('#value')).toBe('');
    expect(await page.locator('#value').evaluate((field) => field.textContent)).toBe('');

    // Leaving for real: the browser fires pagehide on the way out (observed through a flag the
    // script's own listener cannot see, set by a listener registered after it).
    await page.goto(`${app.origin}/`);
    const next = await createWithForm(page, 'left behind');
    await page.goto(next.link);
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    expect(await page.inputValue('#value')).toBe('left behind');
    await page.evaluate(() =>
      window.addEventListener('pagehide', () => {
        sessionStorage.setItem('left-value', (document.getElementById('value') as HTMLTextAreaElement).value);
      }),
    );
    await page.goto(`${app.origin}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('left-value'))).toBe('');
  });

  it('shows a passphrase on request where the script runs (a checkbox it adds), sends and keeps it as a password field; without the script the field stays as it is', async () => {
    const page = await newPage({ javaScriptEnabled: true, viewport: PHONE });
    await page.goto(`${app.origin}/`);
    const show = page.getByLabel(en['passphrase.show'], { exact: true });
    expect(await show.isVisible()).toBe(true);
    await page.fill('#secret', 'shown passphrase');
    await page.fill('#passphrase', PASSPHRASE);
    expect(await page.getAttribute('#passphrase', 'type')).toBe('password');
    await show.check();
    expect(await page.getAttribute('#passphrase', 'type')).toBe('text');
    expect(await page.inputValue('#passphrase')).toBe(PASSPHRASE);
    await show.uncheck();
    expect(await page.getAttribute('#passphrase', 'type')).toBe('password');
    await show.check();
    const [created] = await Promise.all([page.waitForNavigation(), page.click('button[value="share"]')]);
    expect(created?.status()).toBe(200);
    const { link } = await createdLinks(page);

    // The recipient's field has it too; a wrong try says so, with the tries left, and keeps the toggle.
    await page.goto(link);
    await page.fill('#passphrase', 'a typo');
    await page.getByLabel(en['passphrase.show'], { exact: true }).check();
    expect(await page.getAttribute('#passphrase', 'type')).toBe('text');
    const [wrong] = await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    expect(wrong?.status()).toBe(400);
    expect(await page.locator('#passphrase-error').innerText()).toContain(en['confirm.error.wrong']);
    expect(await page.getAttribute('#passphrase', 'type')).toBe('password');
    expect(await page.getByLabel(en['passphrase.show'], { exact: true }).isChecked()).toBe(false);
    await page.fill('#passphrase', PASSPHRASE);
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    expect(await page.inputValue('#value')).toBe('shown passphrase');

    const noScript = await newPage({ javaScriptEnabled: false });
    await noScript.goto(`${app.origin}/`);
    expect(await noScript.locator('.show-toggle').isHidden()).toBe(true);
    expect(await noScript.getAttribute('#passphrase', 'type')).toBe('password');
  });

  it('says times in the reader\'s zone and clock where the script runs (UTC stays in the HTML and without it)', async () => {
    const sender = await newPage({ javaScriptEnabled: false });
    const { receipt } = await createWithForm(sender, 'timed');
    const utc = await sender.locator('time').first().getAttribute('datetime');
    expect(await sender.locator('time').first().innerText()).toMatch(/ UTC$/);
    const moment = new Date(utc ?? '');
    const clock = (timeZone: string, hourCycle: 'h23' | 'h12') =>
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle }).format(moment).replace(/\s/g, ' ');

    // A reader in Stockholm on the English page: Stockholm's time, on a 24-hour clock, the page's language.
    const stockholm = await newPage({ javaScriptEnabled: true, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    // (?lang=en: its Accept-Language would choose Swedish.)
    const response = await stockholm.goto(`${receipt}?lang=en`);
    expect(await response?.text()).toMatch(/<time datetime="[^"]+Z">[^<]+ UTC<\/time>/);
    const expires = stockholm.locator('.facts time').nth(1);
    await stockholm.waitForFunction(() => !document.querySelector('.facts time')?.textContent?.endsWith('UTC'));
    expect(await expires.getAttribute('datetime')).toBe(utc);
    const shown = (await expires.innerText()).replace(/\s/g, ' ');
    expect(shown).toContain(clock('Europe/Stockholm', 'h23'));
    expect(shown).toMatch(/December/);
    expect(shown).not.toMatch(/UTC|AM|PM/);

    // A reader in New York with an American browser: New York's time, on their 12-hour clock.
    const newYork = await newPage({ javaScriptEnabled: true, locale: 'en-US', timezoneId: 'America/New_York' });
    await newYork.goto(receipt);
    await newYork.waitForFunction(() => !document.querySelector('.facts time')?.textContent?.endsWith('UTC'));
    const american = (await newYork.locator('.facts time').nth(1).innerText()).replace(/\s/g, ' ');
    expect(american).toMatch(/AM|PM/);
    expect(american).toContain(clock('America/New_York', 'h12').replace(/^0/, '').replace(/ ?(am|pm)$/i, ''));
  });

  it('an account has the link e-mailed: the field in reading order, a refused address named in its description, the obscured address on the result and the receipt', async () => {
    const custid = 'carol@example.com';
    const token = await app.createAccount(custid);
    const anonymous = await newPage({ javaScriptEnabled: false });
    await anonymous.goto(`${app.origin}/`);
    expect(await anonymous.locator('#recipient').count()).toBe(0);

    // Signed in from the first request (a browser's own credentials go only in answer to a 401, and the form answers 200).
    const page = await newPage({ javaScriptEnabled: false, extraHTTPHeaders: { Authorization: basic(custid, token) } });
    expect((await page.goto(`${app.origin}/`))?.status()).toBe(200);
    const field = page.getByLabel(en['create.recipient'], { exact: true });
    expect(await field.getAttribute('id')).toBe('recipient');
    expect(await field.getAttribute('type')).toBe('email');
    await page.focus('#ttl');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recipient');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('share');

    /** The texts that aria-describedby gives the field, in order. */
    const description = async () => {
      const ids = ((await page.getAttribute('#recipient', 'aria-describedby')) ?? '').split(' ');
      return Promise.all(ids.map((id) => page.locator(`#${id}`).innerText()));
    };
    expect(await description()).toEqual([en['create.recipient.hint.unsent']]);

    await page.fill('#secret', 'for dave');
    await page.fill('#recipient', 'dave@localhost');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button[value="share"]')]);
    expect(refused?.status()).toBe(400);
    expect(await page.getAttribute('#recipient', 'aria-invalid')).toBe('true');
    expect(await description()).toEqual([en['create.recipient.hint.unsent'], en['create.error.recipient_invalid'].replace('{brand}', 'Hush')]);
    expect(await page.inputValue('#recipient')).toBe('dave@localhost');

    await page.fill('#recipient', 'dave@example.org');
    const [created] = await Promise.all([page.waitForNavigation(), page.click('button[value="share"]')]);
    expect(created?.status()).toBe(200);
    // Whole, as typed, so that a typo shows; the receipt below keeps it obscured.
    expect(await page.locator('p.recipient').innerText()).toBe('Noted for dave@example.org. This server sends no e-mail: send the link yourself.');
    const { receipt, link } = await createdLinks(page);
    expect((await page.goto(receipt))?.status()).toBe(200);
    expect(await page.locator('.facts dd.recipients').innerText()).toBe('da*****@e*****.org');
    expect(await page.content()).not.toContain('dave@example.org');

    // Dave's link works as any other.
    const dave = await newPage({ javaScriptEnabled: false });
    await dave.goto(link);
    await Promise.all([dave.waitForNavigation(), dave.click('form button[type="submit"]')]);
    expect(await dave.inputValue('#value')).toBe('for dave');
  });

  it('works from the keyboard alone: skip link first, the form in visual order, visible focus, Enter and Space submit', async () => {
    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.origin}/`);

    /** Tabs once and describes the focused element, checking that its focus is visible. */
    const tab = async (key = 'Tab') => {
      await page.keyboard.press(key);
      return page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
          id: element.id || element.getAttribute('value') || element.className || element.tagName.toLowerCase(),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          top: box.top + window.scrollY,
          left: box.left,
          inViewport: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= window.innerWidth,
        };
      });
    };

    const skip = await tab();
    expect(skip).toMatchObject({ id: 'skip', outline: true, inViewport: true });
    const stops = [skip];
    while (stops.length < 20 && stops.at(-1)?.id !== 'generate') stops.push(await tab());
    const ids = stops.map((stop) => stop.id);
    // The header (brand, three languages, sign in), then the form: nothing else and nothing out of order.
    expect(ids.slice(-6)).toEqual(['secret', 'passphrase', 'passphrase-show', 'ttl', 'share', 'generate']);
    expect(ids).toHaveLength(12);
    for (const stop of stops) expect(stop).toMatchObject({ outline: true });
    const form = stops.slice(-6);
    for (let i = 1; i < form.length; i++) {
      const [before, after] = [form[i - 1], form[i]];
      if (!before || !after) continue;
      // Below the one before, or beside it on the same row.
      expect(after.top > before.top + 1 || (Math.abs(after.top - before.top) <= 1 && after.left > before.left)).toBe(true);
    }

    // The skip link moves focus to the main content.
    await page.goto(`${app.origin}/`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Fill it in with keys only, and submit with Enter on the share button.
    await page.goto(`${app.origin}/`);
    for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('secret');
    await page.keyboard.type('line one');
    await page.keyboard.press('Enter');
    await page.keyboard.type('line two ✓');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a passphrase');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('passphrase-show');
    await page.keyboard.press('Tab');
    const ttlBefore = await page.inputValue('#ttl');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#ttl')).not.toBe(ttlBefore);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('share');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await h1(page)).toBe(en['created.title']);
    expect(await page.locator('.notice', { hasText: en['created.passphrase'] }).count()).toBe(1);
    const { link } = await createdLinks(page);

    // The recipient: Tab to the passphrase, type it, Enter submits.
    await page.goto(link);
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('passphrase');
    await page.keyboard.type('a passphrase');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.inputValue('#value')).toBe('line one\nline two ✓');

    // Space on the generate button.
    await page.goto(`${app.origin}/`);
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('generate');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
    expect(await h1(page)).toBe(en['created.title']);
    expect((await page.inputValue('#generated')).length).toBeGreaterThanOrEqual(8);
  });
});

/**
 * The feedback is at the button: its own label says "Copied", inside the viewport where it was tapped (no
 * scrolling), the live region says the same to a screen reader; then the label comes back.
 */
async function expectCopied(page: Page, button: string, label: string): Promise<void> {
  const labelled = (text: string) =>
    page.waitForFunction(([selector, wanted]) => document.querySelector(selector)?.textContent === wanted, [button, text] as const, { timeout: 10_000 });
  await labelled(en['copy.done']);
  const box = await page.locator(button).boundingBox();
  const viewport = page.viewportSize();
  expect({ box, viewport, inView: !!box && !!viewport && box.y >= 0 && box.y + box.height <= viewport.height }).toMatchObject({ inView: true });
  expect(await page.locator('.copy-status').textContent()).toBe(en['copy.done']);
  await labelled(label);
}
