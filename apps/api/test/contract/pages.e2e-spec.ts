import request, { type Response } from 'supertest';
import { hashKey } from '@hush/persistence';
import { freePort } from '@hush/persistence/testing';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { secretRows } from '../support/database';
import { heading, inlineCode, inputValue, textareaValue, title } from '../support/html';
import { basic, createProxiedTestApp, createTestApp, resetDatabase, type ProxiedTestApp, type TestApp } from '../support/test-app';
import { listenOnLoopback, openSocket } from '../support/raw-socket';
import { awayFromWindowEnd } from '../support/timing';

const PUBLIC_URL = 'https://hush.example.com';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; upgrade-insecure-requests";
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' };
const ALICE = 'alice@example.com';
const UNIFORM_EN = CATALOGUES.en['unavailable.title'];
const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0; +https://api.slack.com/robots)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 (Safe Links)',
  'curl/8.5.0',
];

interface Row {
  readonly state: string;
  readonly failed_attempts: number;
  readonly version: number;
  readonly has_value: boolean;
}

describe('pages for people (PAGES.md)', () => {
  let t: TestApp;
  let requiresAccount: TestApp;
  let noPages: TestApp;
  let limited: TestApp;
  let swedishByDefault: TestApp;
  let cut: ProxiedTestApp;
  let alice: string;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    requiresAccount = await createTestApp({ PUBLIC_URL, WEB_CREATE_REQUIRES_ACCOUNT: 'true' });
    noPages = await createTestApp({ PUBLIC_URL, WEB_PAGES: 'false' });
    limited = await createTestApp({ PUBLIC_URL, RATE_LIMIT_CREATE_PER_MINUTE: '1', RATE_LIMIT_REVEAL_PER_MINUTE: '1' });
    swedishByDefault = await createTestApp({ PUBLIC_URL, WEB_DEFAULT_LOCALE: 'sv' });
    cut = await createProxiedTestApp({ PUBLIC_URL });
    // Created last: passport's one global 'basic' strategy is this app's (they share the database anyway).
    t = await createTestApp({ PUBLIC_URL, PASSPHRASE_MAX_ATTEMPTS: '3', METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    for (const app of [cut, swedishByDefault, limited, noPages, requiresAccount, t]) await app?.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    alice = basic(ALICE, await t.createAccount(ALICE));
  });

  const post = (app: TestApp, path: string, form: Record<string, string> = {}, headers: Record<string, string> = SAME_ORIGIN) =>
    app.http().post(path).set(headers).type('form').send(form);
  const createPage = (form: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) => post(t, '/', form, headers);
  const keysOf = (res: Response) => {
    const link = inputValue(res.text, 'share-link') ?? '';
    // The receipt's link, not the language switcher's (which links to the receipt too, with hreflang).
    const receipt = /href="(https:\/\/[^"]*\/receipt\/[^"]*)">/.exec(res.text)?.[1] ?? '';
    return { secretKey: link.split('/secret/')[1] ?? '', metadataKey: new URL(receipt).pathname.split('/receipt/')[1] ?? '', link, receipt };
  };
  const row = async (secretKey: string): Promise<Row | undefined> =>
    (
      (await t.db.dataSource.query(
        'SELECT state, failed_attempts, version, value_sealed IS NOT NULL AS has_value FROM hush_secret WHERE secret_key_hash = $1',
        [hashKey(secretKey)],
      )) as Row[]
    )[0];
  const expectPageHeaders = (res: Response, language = 'en') => {
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(res.headers['content-language']).toBe(language);
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-frame-options']).toBe('DENY');
  };
  const expectCleanPage = (res: Response) => {
    expectPageHeaders(res, res.headers['content-language'] as string);
    expect(inlineCode(res.text)).toEqual([]);
    expect(res.text.match(/<h1>/g)).toHaveLength(1);
    expect(res.text).not.toMatch(/https?:\/\/(?!hush\.example\.com)[^"'\s<]+/);
  };
  const expectUniform = (res: Response) => {
    expect(res.status).toBe(404);
    expect(heading(res.text)).toBe(UNIFORM_EN);
    expect(res.text).not.toContain('<form method="post"');
    expectCleanPage(res);
  };

  describe('the page set (§1)', () => {
    it('walks the whole flow: form, create, confirm (GET and HEAD), reveal once, receipt, burn', async () => {
      const form = await t.http().get('/').expect(200);
      expectCleanPage(form);
      expect(heading(form.text)).toBe(CATALOGUES.en['create.title']);
      expect(form.text).toMatch(/<textarea[^>]*name="secret"/);

      const created = await createPage({ secret: 'first line\nsecond line', passphrase: '', ttl: '3600', action: 'share' }).expect(200);
      expectCleanPage(created);
      const { secretKey, metadataKey, link, receipt } = keysOf(created);
      expect(link).toBe(`${PUBLIC_URL}/secret/${secretKey}`);
      expect(receipt).toBe(`${PUBLIC_URL}/receipt/${metadataKey}`);
      expect(created.text).toContain(CATALOGUES.en['created.receipt.hint']);
      expect(created.text).toContain('<script src="/assets/hush.js" defer></script>');
      // Times in UTC, in words and in `datetime` (the script shows them in the reader's zone, where it runs).
      expect(created.text).toMatch(/until <time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">[^<]+ UTC<\/time>\./);

      const confirm = await t.http().get(`/secret/${secretKey}`).expect(200);
      expectCleanPage(confirm);
      expect(confirm.text).not.toContain('first line');
      expect(confirm.text).not.toMatch(/name="passphrase"/);
      const head = await t.http().head(`/secret/${secretKey}`).expect(200);
      expectPageHeaders(head);
      expect(head.text ?? '').toBe('');

      const receiptPage = await t.http().get(`/receipt/${metadataKey}`).expect(200);
      expectCleanPage(receiptPage);
      expect(receiptPage.text).toContain(CATALOGUES.en['receipt.state.new']);
      expect(inputValue(receiptPage.text, 'share-link')).toBe(link);
      expect(receiptPage.text).not.toContain('first line');
      await t.http().get(`/private/${metadataKey}`).expect(200);

      const revealed = await post(t, `/secret/${secretKey}`).expect(200);
      expectCleanPage(revealed);
      expect(textareaValue(revealed.text, 'value')).toBe('first line\nsecond line');
      expect(revealed.text).toContain(CATALOGUES.en['revealed.gone']);
      expectUniform(await post(t, `/secret/${secretKey}`));
      expectUniform(await t.http().get(`/secret/${secretKey}`));

      const after = await t.http().get(`/receipt/${metadataKey}`).expect(200);
      expect(after.text).toMatch(/Opened on <time datetime="[^"]+Z">/);
      expect(after.text).not.toContain('button danger');
      expect(inputValue(after.text, 'share-link')).toBeUndefined();
    });

    it('burns from the receipt after a confirmation step (a GET that changes nothing), then 303 back to it; the link is gone', async () => {
      const { secretKey, metadataKey } = keysOf(await createPage({ secret: 'burn me', action: 'share' }).expect(200));
      const receipt = await t.http().get(`/receipt/${metadataKey}?lang=sv`).expect(200);
      expect(receipt.text).toContain(`<a class="button danger" href="/receipt/${metadataKey}/burn?lang=sv" aria-describedby="burn-hint">${CATALOGUES.sv['receipt.burn']}</a>`);
      expect(receipt.text).not.toMatch(/<form method="post" action="[^"]*burn/);
      // The way onward: another secret (and, for an account, its list).
      expect(receipt.text).toContain(`<a href="/?lang=sv">${CATALOGUES.sv['created.another']}</a>`);
      expect(receipt.text).not.toContain(CATALOGUES.sv['receipt.account']);

      for (const path of [`/receipt/${metadataKey}/burn`, `/private/${metadataKey}/burn?next=https://evil.example/`]) {
        const ask = await t.http().get(path).expect(200);
        expectCleanPage(ask);
        expect(heading(ask.text)).toBe(CATALOGUES.en['burn.title']);
        expect(ask.text).toContain(`<form method="post" action="${path.split('?')[0]}" class="card">`);
        expect(ask.text).not.toContain('name="next"');
        expect(ask.text).toContain(`<a class="button" href="${path.split('/burn')[0]}">${CATALOGUES.en['burn.cancel']}</a>`);
        await t.http().head(path).expect(200);
      }
      expect(await row(secretKey)).toEqual({ state: 'new', failed_attempts: 0, version: 0, has_value: true });

      const burned = await post(t, `/receipt/${metadataKey}/burn`).expect(303);
      expect(burned.headers.location).toBe(`/receipt/${metadataKey}`);
      const after = await t.http().get(`/receipt/${metadataKey}`).expect(200);
      expect(after.text).toMatch(/Deleted on /);
      expectUniform(await t.http().get(`/secret/${secretKey}`));
      expect(await row(secretKey)).toMatchObject({ state: 'burned', has_value: false });
      // Nothing left to confirm: the step leads back to the receipt, which says why.
      expect((await t.http().get(`/receipt/${metadataKey}/burn?lang=nl`).expect(303)).headers.location).toBe(`/receipt/${metadataKey}?lang=nl`);
      // Through the /private alias too, and a second burn changes nothing.
      await post(t, `/private/${metadataKey}/burn`).expect(303);
    });

    it('generates a password once, shown on the result page', async () => {
      const created = await createPage({ secret: '', action: 'generate', ttl: '300' }).expect(200);
      const generated = inputValue(created.text, 'generated') ?? '';
      expect(generated).toHaveLength(12);
      const { secretKey } = keysOf(created);
      expect(textareaValue((await post(t, `/secret/${secretKey}`).expect(200)).text, 'value')).toBe(generated);
    });

    it('keeps every byte of a multi-line Unicode value: CR LF, leading and trailing spaces and newlines, markup', async () => {
      const value = '\n  leading line\r\nwindows line\ttab\nåäö ÅÄÖ — ĳ 🔑 \u00a0\n<script>alert(1)</script> &amp; "quoted"\n\n';
      const { secretKey } = keysOf(await createPage({ secret: value, passphrase: 'pässwörd', action: 'share' }).expect(200));
      const revealed = await post(t, `/secret/${secretKey}`, { passphrase: 'pässwörd' }).expect(200);
      expect(textareaValue(revealed.text, 'value')).toBe(value);
      expect(revealed.text).not.toContain('<script>alert');
    });

    it('serves robots.txt and the assets', async () => {
      const robots = await t.http().get('/robots.txt').expect(200);
      expect(robots.headers['content-type']).toMatch(/^text\/plain/);
      expect(robots.text.split('\n')).toEqual(expect.arrayContaining(['User-agent: *', 'Disallow: /secret', 'Disallow: /private', 'Disallow: /receipt']));
      expect((await t.http().get('/assets/hush.css').expect(200)).headers['content-type']).toMatch(/^text\/css/);
      expect((await t.http().get('/assets/hush.js').expect(200)).headers['content-type']).toMatch(/javascript/);
      expect((await t.http().get('/assets/icon.svg').expect(200)).headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(heading((await t.http().get('/secret/').expect(404)).text)).toBe(CATALOGUES.en['error.404.title']);
    });

    it('keeps page titles free of keys', async () => {
      const created = await createPage({ secret: 'title check', action: 'share' }).expect(200);
      const { secretKey, metadataKey } = keysOf(created);
      for (const res of [created, await t.http().get(`/secret/${secretKey}`), await t.http().get(`/receipt/${metadataKey}`), await post(t, `/secret/${secretKey}`)]) {
        expect(title(res.text)).not.toContain(secretKey);
        expect(title(res.text)).not.toContain(metadataKey);
        expect(title(res.text)).not.toContain('title check');
      }
    });
  });

  describe('link scanners (§2)', () => {
    it('leave a secret untouched with any number of GETs and HEADs, ?continue=true and bot user agents; then it reveals exactly once', async () => {
      const { secretKey } = keysOf(await createPage({ secret: 'scanned', action: 'share' }).expect(200));
      for (const agent of BOT_AGENTS) {
        for (const path of [`/secret/${secretKey}`, `/secret/${secretKey}?continue=true`, `/secret/${secretKey}?passphrase=x&continue=1`]) {
          await t.http().get(path).set('User-Agent', agent).expect(200);
          await t.http().head(path).set('User-Agent', agent).expect(200);
        }
      }
      expect(await row(secretKey)).toEqual({ state: 'new', failed_attempts: 0, version: 0, has_value: true });
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => post(t, `/secret/${secretKey}`)));
      expect(outcomes.map((res) => res.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
      expect(outcomes.filter((res) => textareaValue(res.text, 'value') === 'scanned')).toHaveLength(1);
    });

    it('cannot burn a protected secret with empty passphrases: the field is required, and N+2 empty posts count nothing', async () => {
      const { secretKey } = keysOf(await createPage({ secret: 'guarded', passphrase: 'open sesame', action: 'share' }).expect(200));
      const confirm = await t.http().get(`/secret/${secretKey}`).expect(200);
      expect(confirm.text).toMatch(/<input id="passphrase" name="passphrase" type="password" required/);
      for (let i = 0; i < 5; i++) {
        const again = await post(t, `/secret/${secretKey}`, i % 2 ? { passphrase: '' } : {}).expect(400);
        expect(again.text).toMatch(/name="passphrase"/);
        expect(again.text).toContain(`<div class="field-error" id="passphrase-error"><p>${CATALOGUES.en['confirm.error.empty']}</p></div>`);
        expect(again.text).not.toContain(UNIFORM_EN);
      }
      expect(await row(secretKey)).toEqual({ state: 'new', failed_attempts: 0, version: 0, has_value: true });
      expect(textareaValue((await post(t, `/secret/${secretKey}`, { passphrase: 'open sesame' }).expect(200)).text, 'value')).toBe('guarded');
    });

    it('says a wrong passphrase honestly, with the tries left (the form again, 400), and burns after the limit: then the uniform page', async () => {
      const { secretKey } = keysOf(await createPage({ secret: 'guarded', passphrase: 'right', action: 'share' }).expect(200));
      const wrongText = (lang: 'en' | 'sv', left: string) =>
        `<div class="field-error" id="passphrase-error"><p>${CATALOGUES[lang]['confirm.error.wrong']}</p><p>${left}</p></div>`;
      const first = await post(t, `/secret/${secretKey}`, { passphrase: 'wrong 0' }).expect(400);
      expect(first.text).toContain(wrongText('en', CATALOGUES.en['confirm.error.left.other'].replace('{count}', '2')));
      expect(first.text).toMatch(/<input id="passphrase" name="passphrase" type="password" required autocomplete="off" aria-describedby="passphrase-hint passphrase-error" aria-invalid="true">/);
      expect(first.text).not.toContain(UNIFORM_EN);
      expect(heading(first.text)).toBe(CATALOGUES.en['confirm.title']);
      expectCleanPage(first);
      const second = await post(t, `/secret/${secretKey}?lang=sv`, { passphrase: 'wrong 1' }).expect(400);
      expect(second.text).toContain(wrongText('sv', CATALOGUES.sv['confirm.error.left.one']));
      expect(await row(secretKey)).toMatchObject({ state: 'new', failed_attempts: 2, has_value: true });
      // An empty one in between is no try, and says so.
      expect((await post(t, `/secret/${secretKey}`, { passphrase: '' }).expect(400)).text).toContain(CATALOGUES.en['confirm.error.empty']);
      expectUniform(await post(t, `/secret/${secretKey}`, { passphrase: 'wrong 2' }));
      expect(await row(secretKey)).toMatchObject({ state: 'burned', failed_attempts: 3, has_value: false });
      expectUniform(await post(t, `/secret/${secretKey}`, { passphrase: 'right' }));
    });

    it('refuses cross-site posts with 403 and changes nothing; same-origin (even with Origin: null) and header-less posts pass', async () => {
      const { secretKey, metadataKey } = keysOf(await createPage({ secret: 'cross', action: 'share' }).expect(200));
      const crossSite: Record<string, string>[] = [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site', Origin: PUBLIC_URL }, { Origin: 'https://evil.example' }, { Origin: 'null' }];
      const rowsBefore = await secretRows(t);
      for (const headers of crossSite) {
        for (const res of [await post(t, `/secret/${secretKey}`, {}, headers), await post(t, `/receipt/${metadataKey}/burn`, {}, headers), await post(t, '/', { secret: 'x' }, headers)]) {
          expect(res.status).toBe(403);
          expect(heading(res.text)).toBe(CATALOGUES.en['error.403.title']);
          expectCleanPage(res);
        }
      }
      expect(await secretRows(t)).toBe(rowsBefore);
      expect(await row(secretKey)).toEqual({ state: 'new', failed_attempts: 0, version: 0, has_value: true });
      await post(t, '/', { secret: 'from curl', action: 'share' }, {}).expect(200);
      await post(t, '/', { secret: 'same origin', action: 'share' }, { Origin: PUBLIC_URL }).expect(200);
      await post(t, '/', { secret: 'typed', action: 'share' }, { 'Sec-Fetch-Site': 'none' }).expect(200);
      await post(t, `/secret/${secretKey}`).expect(200);
    });
  });

  describe('every failure looks the same (§3), other errors get their page', () => {
    it('answers unknown, malformed, read, burned and expired keys with the one uniform page', async () => {
      const read = keysOf(await createPage({ secret: 'r', action: 'share' }).expect(200));
      const burned = keysOf(await createPage({ secret: 'b', action: 'share' }).expect(200));
      const expiring = keysOf(await createPage({ secret: 'e', ttl: '300', action: 'share' }).expect(200));
      await post(t, `/secret/${read.secretKey}`).expect(200);
      await post(t, `/receipt/${burned.metadataKey}/burn`).expect(303);
      t.clock.advanceSeconds(301);
      const bodies = new Set<string>();
      for (const key of ['neverissued00000000000000000000', 'not a key!', '%E2%82', read.secretKey, burned.secretKey, expiring.secretKey]) {
        for (const res of [await t.http().get(`/secret/${encodeURI(key)}`), await post(t, `/secret/${encodeURI(key)}`)]) {
          expectUniform(res);
          bodies.add(res.text.replace(/\/secret\/[^"?]*/g, '/secret/KEY'));
        }
      }
      expect(bodies.size).toBe(1);
      expectUniform(await t.http().get('/receipt/neverissued00000000000000000000'));
    });

    it('shows the form again with the problem next to its field (400), and a page for 413, 429 (Retry-After), 404 and 503', async () => {
      const empty = await createPage({ secret: '', passphrase: 'x', action: 'share' }).expect(400);
      // The hint and the error say the same thing: the generate button (named as it reads) makes a password, an empty share does not.
      for (const message of ['create.error.empty', 'create.secret.hint'] as const) {
        expect(empty.text).toContain(CATALOGUES.en[message].replace('{generate}', CATALOGUES.en['create.generate']));
      }
      expect(empty.text).toMatch(/id="secret-error"/);
      expect(empty.text).toMatch(/aria-describedby="secret-hint secret-error" aria-invalid="true"/);
      expectCleanPage(empty);

      const tooLong = await createPage({ secret: 'x', passphrase: 'p'.repeat(129), action: 'share' }).expect(400);
      expect(tooLong.text).toContain('at most 128 characters');
      const tooLarge = await createPage({ secret: 'x'.repeat(100_001), action: 'share' }).expect(413);
      expect(tooLarge.text).toContain('at most 100000 bytes');
      const hugeBody = await post(t, '/', { secret: 'x'.repeat(400_000) }).expect(413);
      expect(heading(hugeBody.text)).toBe(CATALOGUES.en['error.413.title']);
      expectCleanPage(hugeBody);
      expect(await secretRows(t)).toBe(0);

      const missing = await t.http().get('/no/such/page').expect(404);
      expect(heading(missing.text)).toBe(CATALOGUES.en['error.404.title']);
      expectCleanPage(missing);

      await awayFromWindowEnd();
      await post(limited, '/', { secret: 'one', action: 'share' }).expect(200);
      const refused = await post(limited, '/', { secret: 'two', action: 'share' }).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(heading(refused.text)).toBe(CATALOGUES.en['error.429.title']);
      expect(refused.text).toContain(`wait ${refused.headers['retry-after']} seconds`);
      expectCleanPage(refused);
    });
  });

  it('answers a page post without a form body, or a body where none belongs, with a page (400, 413), never a 500 (issue 20)', async () => {
    const { secretKey, metadataKey } = keysOf(await createPage({ secret: 'kept', action: 'share' }).expect(200));
    const errorsBefore = t.logs.lines.filter((line) => line.startsWith('error')).length;
    const notForms: Array<(path: string) => ReturnType<ReturnType<TestApp['http']>['post']>> = [
      (path) => t.http().post(path).set(SAME_ORIGIN),
      (path) => t.http().post(path).set(SAME_ORIGIN).set('Content-Type', 'text/plain').send('passphrase=x'),
      (path) => t.http().post(path).set(SAME_ORIGIN).set('Content-Type', 'application/json').send('{"secret":"x"}'),
    ];
    const expectPage = (res: Response, status: number) => {
      expect(res.status).toBe(status);
      expect(heading(res.text)).toBe(CATALOGUES.en[`error.${status as 400 | 413}.title`]);
      expectCleanPage(res);
    };
    for (const path of ['/', `/secret/${secretKey}`]) for (const send of notForms) expectPage(await send(path), 400);
    // The burn form has no fields: a bare post burns, a body that is not a form does not.
    for (const send of notForms.slice(1)) expectPage(await send(`/receipt/${metadataKey}/burn`), 400);
    expectPage(await t.http().get(`/secret/${secretKey}`).type('form').send('passphrase=x'), 400);
    expectPage(await post(t, `/secret/${secretKey}`, { passphrase: 'x'.repeat(16 * 1024) }), 413);

    expect(t.logs.lines.filter((line) => line.startsWith('error'))).toHaveLength(errorsBefore);
    expect(textareaValue((await post(t, `/secret/${secretKey}`).expect(200)).text, 'value')).toBe('kept');
  });

  it('answers 503 with a page of its own while the database cannot be reached', async () => {
    await cut.proxy.stop();
    try {
      for (const res of [await cut.http().get('/secret/somekey'), await post(cut, '/', { secret: 'x', action: 'share' })]) {
        expect(res.status).toBe(503);
        expect(heading(res.text)).toBe(CATALOGUES.en['error.503.title']);
        expectCleanPage(res);
      }
    } finally {
      await cut.proxy.start();
    }
  });

  describe('receipts (§1) and WEB_ settings (§6)', () => {
    it('opens an anonymous receipt by its key; an account\'s asks for Basic sign-in, and another account sees the uniform page', async () => {
      const shared = await t.shareReceipt({ secret: 'owned' }, alice);
      const challenge = await t.http().get(`/receipt/${shared.metadata_key}`).expect(401);
      expect(challenge.headers['www-authenticate']).toBe('Basic realm="Hush", charset="UTF-8"');
      expect(heading(challenge.text)).toBe(CATALOGUES.en['error.401.title']);
      expectCleanPage(challenge);
      await post(t, `/receipt/${shared.metadata_key}/burn`).expect(401);
      const signedIn = await t.http().get(`/receipt/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      expect(inputValue(signedIn.text, 'share-link')).toBe(`${PUBLIC_URL}/secret/${shared.secret_key}`);
      expect(signedIn.text).toContain(`<a href="/account">${CATALOGUES.en['receipt.account']}</a>`);
      await t.http().get(`/receipt/${shared.metadata_key}/burn`).expect(401);
      await t.http().get(`/receipt/${shared.metadata_key}/burn`).set('Authorization', alice).expect(200);
      const bob = basic('bob@example.com', await t.createAccount('bob@example.com'));
      expectUniform(await t.http().get(`/receipt/${shared.metadata_key}`).set('Authorization', bob));
      const wrong = await t.http().get(`/receipt/${shared.metadata_key}`).set('Authorization', basic(ALICE, 'wrong')).expect(401);
      expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
      expect(await row(shared.secret_key)).toMatchObject({ state: 'new', version: 0 });
    });

    it('WEB_CREATE_REQUIRES_ACCOUNT (the old name) sends a signed-out person to sign in, and creates as an account given by Basic', async () => {
      const sent = await requiresAccount.http().get('/').expect(303);
      expect(sent.headers.location).toBe('/signin?next=%2F');
      expect(sent.headers['www-authenticate']).toBeUndefined();
      expect((await post(requiresAccount, '/', { secret: 'anonymous', action: 'share' }).expect(303)).headers.location).toBe('/signin?next=%2F');
      expect(await secretRows(t)).toBe(0);
      await requiresAccount.http().get('/').set('Authorization', alice).expect(200);
      const created = await post(requiresAccount, '/', { secret: 'as alice', action: 'share' }, { ...SAME_ORIGIN, Authorization: alice }).expect(200);
      const { metadataKey } = keysOf(created);
      const [owner] = (await t.db.dataSource.query('SELECT owner FROM hush_secret WHERE metadata_key_hash = $1', [hashKey(metadataKey)])) as { owner: string }[];
      expect(owner?.owner).toBe(ALICE);
    });

    it('WEB_PAGES=false leaves the page paths to 404 and the API as it is', async () => {
      for (const path of ['/', '/secret/abc', '/receipt/abc', '/robots.txt', '/assets/hush.css']) {
        const res = await noPages.http().get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
      await noPages.http().get('/api/v1/status').expect(200);
    });
  });

  describe('the recipient field (NOTIFICATIONS.md §1)', () => {
    const BOB = 'bob.recipient@example.org';
    const BOB_OBSCURED = 'bo*****@e*****.org';
    const asAlice = () => ({ ...SAME_ORIGIN, Authorization: alice });

    it('is offered to an account, labelled and described, and not to an anonymous visitor', async () => {
      const form = await t.http().get('/').set('Authorization', alice).expect(200);
      expectCleanPage(form);
      expect(form.text).toContain(`<label for="recipient">${CATALOGUES.en['create.recipient']}</label>`);
      expect(form.text).toMatch(/<input id="recipient" name="recipient" type="email" autocomplete="off" spellcheck="false" maxlength="254" value="" aria-describedby="recipient-hint">/);
      expect(form.text).toContain(CATALOGUES.en['create.recipient.hint.unsent']);
      const swedish = await t.http().get('/?lang=sv').set('Authorization', alice).expect(200);
      expect(swedish.text).toContain(`<label for="recipient">${CATALOGUES.sv['create.recipient']}</label>`);

      const anonymous = await t.http().get('/').expect(200);
      expect(anonymous.text).not.toMatch(/name="recipient"/);
      expect(anonymous.text).not.toContain(CATALOGUES.en['create.recipient']);
      await requiresAccount.http().get('/').set('Authorization', alice).expect(200).expect(/name="recipient"/);
    });

    it.each([
      ['no @', 'not-an-address'],
      ['no top-level domain (a browser accepts it)', 'bob@localhost'],
      ['two @', 'bob@@example.org'],
      ['two addresses', `${BOB}, eve@example.com`],
      ['over 254 characters', `${'x'.repeat(250)}@example.org`],
    ])(
      'answers an address with %s with 400, the problem next to the field in the page\'s language, the value kept, and nothing stored',
      async (_case, address) => {
        for (const action of ['share', 'generate']) {
          const res = await post(t, '/?lang=nl', { secret: 'kept', recipient: address, action }, asAlice()).expect(400);
          expectCleanPage(res);
          expect(res.headers['content-language']).toBe('nl');
          const message = CATALOGUES.nl['create.error.recipient_invalid'].replace('{brand}', 'Hush');
          expect(res.text).toContain(`<p class="field-error" id="recipient-error">${message}</p>`);
          expect(res.text).toContain(`<a href="#recipient">${message}</a>`);
          expect(res.text).toMatch(/id="recipient"[^>]*aria-describedby="recipient-hint recipient-error" aria-invalid="true">/);
          expect(inputValue(res.text, 'recipient')).toBe(address);
          expect(res.text).not.toMatch(/id="secret"[^>]*aria-invalid/);
          expect(textareaValue(res.text, 'secret')).toBe('kept');
        }
        expect(await secretRows(t)).toBe(0);
      },
    );

    it('refuses a recipient from an anonymous visitor (a crafted post) next to the field it shows for correcting, and stores nothing', async () => {
      const res = await post(t, '/', { secret: 'anonymous', recipient: BOB, action: 'share' }).expect(400);
      expectCleanPage(res);
      expect(res.text).toContain(`<p class="field-error" id="recipient-error">${CATALOGUES.en['create.error.recipient_account']}</p>`);
      expect(inputValue(res.text, 'recipient')).toBe(BOB);
      expect(await secretRows(t)).toBe(0);
    });

    it('shares with a recipient: the created page names the address as typed, whole (noted only: no SMTP_URL here); the receipt keeps it obscured', async () => {
      const created = await post(t, '/', { secret: 'for bob', recipient: `  ${BOB} `, action: 'share' }, asAlice()).expect(200);
      expectCleanPage(created);
      expect(created.text).toContain(`<p class="recipient">Noted for <strong>${BOB}</strong>. This server sends no e-mail: send the link yourself.</p>`);
      expect(created.text).not.toContain(BOB_OBSCURED);
      const { secretKey, metadataKey } = keysOf(created);
      expect(await row(secretKey)).toMatchObject({ state: 'new' });

      const receipt = await t.http().get(`/receipt/${metadataKey}`).set('Authorization', alice).expect(200);
      expectCleanPage(receipt);
      expect(receipt.text).toContain(`<dt>${CATALOGUES.en['receipt.recipient']}</dt><dd class="recipients">${BOB_OBSCURED}</dd>`);
      expect(receipt.text).not.toContain(BOB);
      const [stored] = (await t.db.dataSource.query('SELECT owner FROM hush_secret WHERE metadata_key_hash = $1', [hashKey(metadataKey)])) as { owner: string }[];
      expect(stored?.owner).toBe(ALICE);

      const swedish = await post(t, '/?lang=sv', { secret: '', recipient: BOB, action: 'generate' }, asAlice()).expect(200);
      expect(swedish.text).toContain(`Antecknat för <strong>${BOB}</strong>. Den här servern skickar ingen e-post: skicka länken själv.`);
      expect((inputValue(swedish.text, 'generated') ?? '').length).toBeGreaterThanOrEqual(8);
    });

    it('treats an empty or blank field as no recipient', async () => {
      for (const recipient of ['', '   ']) {
        const created = await post(t, '/', { secret: 'nobody', recipient, action: 'share' }, asAlice()).expect(200);
        expect(created.text).not.toContain('class="recipient"');
        const receipt = await t.http().get(`/receipt/${keysOf(created).metadataKey}`).set('Authorization', alice).expect(200);
        expect(receipt.text).not.toContain(CATALOGUES.en['receipt.recipient']);
      }
      // An anonymous visitor's blank field is no recipient either.
      await post(t, '/', { secret: 'anonymous', recipient: ' ', action: 'share' }).expect(200);
    });
  });

  describe('languages (§5)', () => {
    it.each([
      ['?lang=sv', {}, 'sv'],
      ['?lang=nl', { 'Accept-Language': 'sv' }, 'nl'],
      ['', { 'Accept-Language': 'sv-SE,sv;q=0.9,en;q=0.8' }, 'sv'],
      ['', { 'Accept-Language': 'nl-BE' }, 'nl'],
      ['', { 'Accept-Language': 'de-DE, nl;q=0.5, en;q=0.7' }, 'en'],
      ['', { 'Accept-Language': 'fr' }, 'en'],
      ['?lang=xx', {}, 'en'],
    ])('GET /%s with %j is in %s', async (query, headers, language) => {
      const res = await t.http().get(`/${query}`).set(headers).expect(200);
      expectPageHeaders(res, language);
      expect(res.text).toContain(`<html lang="${language}">`);
      expect(heading(res.text)).toBe(CATALOGUES[language as 'en' | 'sv' | 'nl']['create.title']);
    });

    it('keeps ?lang= in links and forms, offers a switcher on every page, and falls back to WEB_DEFAULT_LOCALE', async () => {
      const form = await t.http().get('/?lang=nl').expect(200);
      expect(form.text).toContain('<form method="post" action="/?lang=nl"');
      for (const language of ['en', 'sv', 'nl']) expect(form.text).toContain(`href="${PUBLIC_URL}/?lang=${language}" lang="${language}"`);
      const created = await post(t, '/?lang=nl', { secret: 'hallo', action: 'share' }).expect(200);
      expect(created.headers['content-language']).toBe('nl');
      expect(keysOf(created).receipt).toMatch(/\?lang=nl$/);
      const { secretKey } = keysOf(created);
      const confirm = await t.http().get(`/secret/${secretKey}?lang=sv`).expect(200);
      expect(confirm.text).toContain(`action="/secret/${secretKey}?lang=sv"`);
      expect(heading(confirm.text)).toBe(CATALOGUES.sv['confirm.title']);
      const uniform = await t.http().get('/secret/gone?lang=nl').expect(404);
      expect(heading(uniform.text)).toBe(CATALOGUES.nl['unavailable.title']);
      const swedish = await swedishByDefault.http().get('/').expect(200);
      expect(swedish.headers['content-language']).toBe('sv');
      expect((await swedishByDefault.http().get('/').set('Accept-Language', 'nl').expect(200)).headers['content-language']).toBe('nl');
    });

    // Issue 20 §6: the switcher was built from the raw request path, so `//evil.example/x` linked off the site.
    it('keeps every link of a page on PUBLIC_URL whatever path was asked for (raw request targets, not normalised by a client)', async () => {
      const paths = ['//evil.example/x', '///evil.example', '/\\evil.example', '/\\/evil.example/x', '/%2F%2Fevil.example', '/%5Cevil.example', '/%09/evil.example'];
      const { port, stop } = await listenOnLoopback(t);
      try {
        for (const path of paths) {
          const { socket, closed } = openSocket(port);
          socket.write(`GET ${path}?lang=sv HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
          const { received } = await closed;
          expect({ path, status: received.slice(0, 12) }).toEqual({ path, status: 'HTTP/1.1 404' });
          const links = [...received.matchAll(/(?:href|src|action)="([^"]*)"/g)].map((match) => (match[1] as string).replace(/&amp;/g, '&'));
          expect(links.length).toBeGreaterThan(3);
          // Resolved as a browser would, against the address the page was opened at.
          const offSite = links.filter((link) => new URL(link, `${PUBLIC_URL}${path}`).origin !== PUBLIC_URL);
          expect({ path, offSite }).toEqual({ path, offSite: [] });
          expect(links.filter((link) => link.startsWith(`${PUBLIC_URL}/`) && link.endsWith('?lang=nl'))).toHaveLength(1);
        }
      } finally {
        await stop();
      }
    });
  });

  describe('observability', () => {
    it('labels page routes by pattern in the metrics, and never logs a key', async () => {
      const { secretKey, metadataKey } = keysOf(await createPage({ secret: 'observed', action: 'share' }).expect(200));
      await t.http().get(`/secret/${secretKey}`).expect(200);
      await t.http().get(`/receipt/${metadataKey}`).expect(200);
      const metrics = (await request(metricsUrl).get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/route="\/secret\/:key"/);
      expect(metrics).toMatch(/route="\/receipt\/:key"/);
      expect(metrics).not.toContain(secretKey);
      expect(t.logs.lines.join('\n')).not.toContain(secretKey);
    });
  });
});
