import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/processes';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://hush.example.com';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10"/></svg>\n';
const ALICE = 'alice@example.com';

/** PAGES.md §7 over HTTP: the brand's assets on the page's own origin, and what the recipient's pages name. */
describe('the company\'s name on it (PAGES.md §7)', () => {
  let branded: TestApp;
  let plain: TestApp;
  let quiet: TestApp;

  beforeAll(async () => {
    const logo = join(mkdtempSync(join(tmpdir(), 'hush-brand-')), 'logo.svg');
    writeFileSync(logo, SVG);
    branded = await createTestApp({
      PUBLIC_URL, BRAND_NAME: 'Example <AB>', BRAND_LOGO_FILE: logo, BRAND_ACCENT_COLOR: '#0B6E4F',
      BRAND_FOOTER_TEXT: 'Run by Example AB IT — help', BRAND_FOOTER_URL: 'https://it.example.com/help?a=1&b=2',
    });
    plain = await createTestApp({ PUBLIC_URL });
    quiet = await createTestApp({ PUBLIC_URL, WEB_SHOW_SENDER: 'false' });
    await resetDatabase(plain);
  });
  afterAll(async () => {
    for (const app of [branded, plain, quiet]) await app?.close();
  });

  it('serves the logo from its own path with its own type, under the pages\' CSP, embeddable by mail readers; an SVG is never inlined', async () => {
    const logo = await branded.http().get('/assets/brand/logo.svg').expect(200);
    expect(logo.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(logo.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect(logo.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Buffer.from(logo.body as Buffer).toString('utf8')).toBe(SVG);
    await branded.http().get('/assets/brand/logo.png').expect(404);
    await plain.http().get('/assets/brand/logo.svg').expect(404);
    const page = await branded.http().get('/').expect(200);
    expect(page.text).toContain('<img class="logo" src="/assets/brand/logo.svg" alt="" height="32"><span>Example &lt;AB&gt;</span>');
    expect(page.text).not.toContain('<svg');
    expect(page.text).not.toMatch(/\sstyle=/);
  });

  it('brings the accent in a stylesheet of its own, after the pages\' own; without one the pages link none', async () => {
    const page = await branded.http().get('/').expect(200);
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/hush.css">\n<link rel="stylesheet" href="/assets/brand.css">');
    const css = await branded.http().get('/assets/brand.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain(':root { --accent: #0b6e4f; --accent-text: #ffffff; }');
    expect(css.text).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{ --accent: #[0-9a-f]{6}; --accent-text: #121418; \} \}/);
    expect((await plain.http().get('/').expect(200)).text).not.toContain('brand.css');
    await plain.http().get('/assets/brand.css').expect(404);
  });

  it('names the brand in every title and the footer line, escaped, with its link; Hush by default', async () => {
    const page = await branded.http().get('/?lang=sv').expect(200);
    expect(page.text).toContain('<title>Dela en hemlighet · Example &lt;AB&gt;</title>');
    expect(page.text).toContain('<p>Example &lt;AB&gt; visar varje hemlighet en gång och raderar den sedan.</p>');
    expect(page.text).toContain('<p class="operator"><a href="https://it.example.com/help?a=1&amp;b=2">Run by Example AB IT — help</a></p>');
    const uniform = await branded.http().get('/secret/nosuchkey').expect(404);
    expect(uniform.text).toContain('· Example &lt;AB&gt;</title>');
    const hush = await plain.http().get('/').expect(200);
    expect(hush.text).toContain('<title>Share a secret · Hush</title>');
    expect(hush.text).not.toContain('class="operator"');
  });

  it('names the account that shared a secret on its confirm page, and nothing more; "someone" for an anonymous share or with WEB_SHOW_SENDER=false', async () => {
    for (const [app, custid] of [[plain, ALICE], [quiet, 'bob@example.com']] as const) {
      const auth = basic(custid, await app.createAccount(custid));
      const { secret_key: key } = await app.shareReceipt({ secret: 'x' }, auth);
      const confirm = await app.http().get(`/secret/${key}?lang=nl`).expect(200);
      const named = app === plain;
      expect(confirm.text).toContain(named ? '<h1>alice@example.com heeft een geheim met je gedeeld</h1>' : '<h1>Iemand heeft een geheim met je gedeeld</h1>');
      expect(confirm.text).toContain(named ? '<title>alice@example.com heeft een geheim met je gedeeld · Hush</title>' : '<title>Iemand heeft een geheim met je gedeeld · Hush</title>');
      expect(confirm.text.split(custid)).toHaveLength(named ? 3 : 1);
      const { secret_key: anonymous } = await app.shareReceipt({ secret: 'y' });
      expect((await app.http().get(`/secret/${anonymous}`).expect(200)).text).toContain('<h1>Someone shared a secret with you</h1>');
    }
  });
});

/** Issue 23 §8, on the built server: mail links are built from PUBLIC_URL, which must then be the address people use. */
describe('start-up without PUBLIC_URL', () => {
  it('refuses mail without PUBLIC_URL, naming the variable', async () => {
    const started = startServer({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'hush@example.com' });
    await expect(started).rejects.toThrow(/server exited: hush: Invalid configuration: PUBLIC_URL is required when SMTP_URL is set/);
  });

  it('warns when it listens beyond loopback without PUBLIC_URL, and not on loopback', async () => {
    for (const HOST of ['0.0.0.0', '127.0.0.1']) {
      const server = await startServer({ HOST });
      await server.stop();
      const warned = server.stdout().split('\n').filter((line) => line.includes('PUBLIC_URL is unset'));
      expect({ HOST, warned: warned.map((line) => (JSON.parse(line) as { level: number; msg: string }).level) }).toEqual({ HOST, warned: HOST === '0.0.0.0' ? [40] : [] });
    }
  });
});
