import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LOCALES, type Locale } from '../../src/i18n/locales';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { ConsoleWatch, createdLinks, ensureDirectory, launchChromium, SCREENSHOTS, serveTestApp, type ServedApp } from '../support/browser';
import { runCommand } from '../support/cli';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink';
import { basic } from '../support/test-app';

const ALICE = 'alice@example.com';
const ACCENT = '#0b6e4f';
const FOOTER = { text: 'Run by Example AB IT — help', url: 'https://it.example.com/help' };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The rendered mails, for people to look at (nothing compares them). */
const MAIL_SCREENSHOTS = join(SCREENSHOTS, '..', 'mails');
const VIEWS = { mobile: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } } as const;
/** English in both schemes at both sizes; Swedish and Dutch paired, as in the accessibility sweep. */
interface Look {
  readonly locale: Locale;
  readonly view: keyof typeof VIEWS;
  readonly scheme: 'light' | 'dark';
}
const LOOKS: readonly Look[] = LOCALES.flatMap((locale): Look[] => [
  { locale, view: 'mobile', scheme: 'light' },
  { locale, view: 'desktop', scheme: 'dark' },
  ...(locale === 'en' ? [{ locale, view: 'mobile', scheme: 'dark' }, { locale, view: 'desktop', scheme: 'light' }] as const : []),
]);

const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/**
 * PAGES.md §7 and issue 23 §2, §7: an operator's name, logo, colour and footer on the pages and in the mails, the
 * sender named on the confirm page, and every mail rendered by a real browser engine with its intended font and sizes.
 */
describe('the company\'s name on it, in a real browser (Chromium)', () => {
  let browser: Browser;
  let app: ServedApp;
  let sink: SmtpSink;
  let account: string;
  const watch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];

  async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    watch.watch(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // A real PNG logo, drawn by the browser itself.
    const painter = await browser.newPage();
    await painter.setContent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="32" height="32" rx="6" fill="#0b6e4f"/><text x="40" y="23" font-family="sans-serif" font-size="18" font-weight="700" fill="#0b6e4f">EAB</text></svg>');
    const logo = join(mkdtempSync(join(tmpdir(), 'hush-logo-')), 'logo.png');
    writeFileSync(logo, await painter.locator('svg').screenshot({ omitBackground: true }));
    await painter.close();
    sink = await startSmtpSink();
    app = await serveTestApp({
      SMTP_URL: sink.url, MAIL_FROM: 'hush@example.com', OUTBOX_POLL_MS: '50',
      BRAND_NAME: 'Example AB', BRAND_LOGO_FILE: logo, BRAND_ACCENT_COLOR: ACCENT, BRAND_FOOTER_TEXT: FOOTER.text, BRAND_FOOTER_URL: FOOTER.url,
    });
    account = basic(ALICE, await app.createAccount(ALICE));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(watch.take()).toEqual([]);
  });

  const share = async (fields: Record<string, string>, authorization?: string) => {
    const request = app.http().post('/api/v1/share').type('form');
    return (await (authorization ? request.set('Authorization', authorization) : request).send(fields).expect(200)).body as { secret_key: string; metadata_key: string };
  };

  /** The brand on the page now shown: title, header name, the logo loaded from its own origin, the footer's line. */
  async function expectBrand(page: Page): Promise<void> {
    expect(await page.title()).toMatch(/ · Example AB$/);
    expect(await page.locator('header .brand span').innerText()).toBe('Example AB');
    const logo = page.locator('header .brand img.logo');
    expect(await logo.getAttribute('src')).toBe('/assets/brand/logo.png');
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const line = page.locator('footer .operator a');
    expect([await line.innerText(), await line.getAttribute('href')]).toEqual([FOOTER.text, FOOTER.url]);
  }

  it('names the sender on the confirm page and the brand on every recipient page, in each language, at 375 px and on a desktop, light and dark', async () => {
    const shot = ensureDirectory(SCREENSHOTS);
    for (const { locale, view, scheme } of LOOKS) {
      const t = CATALOGUES[locale];
      const page = await newPage({ viewport: VIEWS[view], colorScheme: scheme, locale });
      const where = `branded-${locale}-${scheme}-${view}`;
      const { secret_key: key } = await share({ secret: `for ${locale}`, passphrase: 'open sesame' }, account);
      await page.goto(`${app.origin}/secret/${key}?lang=${locale}`);
      expect(await page.locator('h1').innerText()).toBe(t['confirm.title.sender'].replace('{sender}', ALICE));
      await expectBrand(page);
      await page.screenshot({ path: join(shot, `${where}-confirm.png`), fullPage: true });
      await page.fill('#passphrase', 'open sesame');
      await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
      expect(await page.locator('#value').inputValue()).toBe(`for ${locale}`);
      expect(await page.locator('main .lead').innerText()).toBe(t['revealed.via'].replace('{brand}', 'Example AB'));
      await expectBrand(page);
      await page.screenshot({ path: join(shot, `${where}-revealed.png`), fullPage: true });
      // An anonymous share says "someone", and nothing more.
      const anonymous = await share({ secret: 'anon' });
      await page.goto(`${app.origin}/secret/${anonymous.secret_key}?lang=${locale}`);
      expect(await page.locator('h1').innerText()).toBe(t['confirm.title']);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ where, overflow }).toEqual({ where, overflow: 0 });
    }
    // Eight looks of three pages each, with a passphrase to hash per secret, on a shared machine.
  }, 300_000);

  it('keeps the "not available" page the same for every gone state: it never names the sender', async () => {
    const page = await newPage();
    const main = async (key: string) => {
      const response = await page.goto(`${app.origin}/secret/${key}`);
      return [response?.status(), await page.locator('main').innerHTML()];
    };
    const unknown = await main('nosuchsecretkey0000000000000000');
    const read = await share({ secret: 'read' }, account);
    await app.reveal(read.secret_key).expect(200);
    const burned = await share({ secret: 'burned' }, account);
    await app.http().post(`/api/v1/private/${burned.metadata_key}/burn`).set('Authorization', account).expect(200);
    for (const key of [read.secret_key, burned.secret_key]) expect(await main(key)).toEqual(unknown);
    expect(unknown[0]).toBe(404);
    expect(String(unknown[1])).not.toContain(ALICE);
  });

  it('paints buttons and links in the accent on light pages and in its lifted twin on dark ones, and axe finds no contrast problem', async () => {
    const dark = app.config.brand.accent?.dark ?? '';
    for (const [scheme, color, text] of [['light', ACCENT, '#ffffff'], ['dark', dark, '#121418']] as const) {
      const page = await newPage({ colorScheme: scheme });
      await page.goto(`${app.origin}/`);
      await expectBrand(page);
      const button = page.locator('button.primary').first();
      expect(await button.evaluate((element) => [getComputedStyle(element).backgroundColor, getComputedStyle(element).color]))
        .toEqual([rgb(color), rgb(text)]);
      const { secret_key: key } = await share({ secret: 'x' }, account);
      await page.goto(`${app.origin}/secret/${key}`);
      const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode(true).analyze();
      expect({ scheme, violations: result.violations.map((violation) => violation.id) }).toEqual({ scheme, violations: [] });
    }
  });

  it('shows the reference on the created page that the status page and the list of secrets show', async () => {
    const page = await newPage({ viewport: VIEWS.mobile, extraHTTPHeaders: { Authorization: account } });
    await page.goto(`${app.origin}/?lang=sv`);
    await page.fill('#secret', 'with a reference');
    await Promise.all([page.waitForNavigation(), page.click('button[value="share"]')]);
    const { secretKey, receipt } = await createdLinks(page);
    const reference = secretKey.slice(0, 6);
    expect(await page.locator('p.reference').innerText()).toBe(CATALOGUES.sv['created.reference'].replace('{reference}', reference));
    await page.screenshot({ path: join(SCREENSHOTS, 'branded-sv-light-mobile-created.png'), fullPage: true });
    await page.goto(receipt);
    expect(await page.locator('dd.reference').innerText()).toBe(reference);
    await page.goto(`${app.origin}/account?lang=sv`);
    expect(await page.locator('ul.receipts h3').first().innerText()).toBe(CATALOGUES.sv['account.reference'].replace('{reference}', reference));
  });

  /** The next mail to `to` after those already received. */
  async function mailTo(to: string, before: number): Promise<SinkMessage> {
    for (let seen = before + 1; ; seen += 1) {
      const mails = await sink.waitForMessages(seen, 15_000);
      const found = mails.slice(before).find((mail) => mail.envelope.to.includes(to));
      if (found) return found;
    }
  }

  it('renders every mail in Chromium with its intended font and sizes (not Times), with the logo loaded from PUBLIC_URL', async () => {
    ensureDirectory(MAIL_SCREENSHOTS);
    await runCommand(['account', 'notify-on-reveal', ALICE, 'on']);
    const page = await newPage();
    for (const locale of LOCALES) {
      await runCommand(['account', 'locale', ALICE, locale]);
      const before = sink.messages.length;
      const { secret_key: key } = await share({ secret: 'mailed', passphrase: 'pw', recipient: `bob.${locale}@example.org` }, account);
      const recipientMail = await mailTo(`bob.${locale}@example.org`, before);
      await app.reveal(key, { passphrase: 'pw' }).expect(200);
      const notice = await mailTo(ALICE, before);
      for (const [kind, mail] of [['recipient', recipientMail], ['notice', notice]] as const) {
        await page.setViewportSize(VIEWS.desktop);
        await page.setContent(mail.html, { waitUntil: 'load' });
        const looks = await page.evaluate(() => {
          const style = (element: Element | null) => (element ? getComputedStyle(element) : null);
          const body = style(document.body);
          const footer = style(document.querySelector('body > p:last-of-type'));
          const logo = document.querySelector('img');
          return {
            font: body?.fontFamily, size: body?.fontSize, lineHeight: body?.lineHeight, footerSize: footer?.fontSize,
            logo: logo ? [logo.getAttribute('src'), logo.alt, logo.complete && logo.naturalWidth > 0] : null,
          };
        });
        const where = `${locale} ${kind}`;
        expect({ where, ...looks }).toEqual({
          where,
          font: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
          size: '16px',
          lineHeight: '24px',
          footerSize: '13px',
          logo: [`${app.origin}/assets/brand/logo.png`, 'Example AB', true],
        });
        if (kind === 'recipient') {
          const button = page.locator(`a[href="${app.origin}/secret/${key}"]`).first();
          expect(await button.evaluate((element) => [getComputedStyle(element).backgroundColor, getComputedStyle(element).paddingTop, getComputedStyle(element).fontWeight]))
            .toEqual(['rgb(29, 78, 216)', '12px', '600']);
        }
        for (const [view, size] of Object.entries(VIEWS)) {
          await page.setViewportSize(size);
          await page.screenshot({ path: join(MAIL_SCREENSHOTS, `${locale}-${kind}-${view}.png`), fullPage: true });
        }
      }
    }
  }, 180_000);
});
