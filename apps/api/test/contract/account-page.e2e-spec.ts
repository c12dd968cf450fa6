import type { Response } from 'supertest';
import { GetAccount } from '@hush/domain';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { ACCOUNT_PAGE_SIZE } from '../../src/pages/account.page-controller';
import { heading, inlineCode, inputValue } from '../support/html';
import { basic, type Receipt, useTestApp } from '../support/test-app';
import { expectNotAuthorized } from '../support/v1';

const PUBLIC_URL = 'https://hush.example.com';
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' };
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const en = CATALOGUES.en;

/** ACCOUNTS.md §1, the `/account` row: "your secrets", a new API token, reveal notices and language. */
describe('the account page (ACCOUNTS.md §1 /account)', () => {
  const t = useTestApp({ PUBLIC_URL });
  let alice: string;
  let aliceToken: string;

  beforeEach(async () => {
    aliceToken = await t.createAccount(ALICE);
    alice = basic(ALICE, aliceToken);
  });

  const page = (authorization: string | null = alice, path = '/account') => {
    const req = t.http().get(path);
    return authorization === null ? req : req.set('Authorization', authorization);
  };
  const post = (path: string, form: Record<string, string> = {}, headers: Record<string, string> = SAME_ORIGIN, authorization = alice) =>
    t.http().post(path).set(headers).set('Authorization', authorization).type('form').send(form);
  /** The receipts' links on a page, in order: `/receipt/<full key>`. */
  const listed = (res: Response) => [...res.text.matchAll(/<h3><a href="\/receipt\/([^"?]+)">/g)].map((match) => match[1] ?? '');
  const share = async (fields: Record<string, string> = {}, authorization = alice): Promise<Receipt> => {
    const receipt = await t.shareReceipt({ secret: 'correct horse battery staple', ...fields }, authorization);
    t.clock.advanceSeconds(1);
    return receipt;
  };
  const expectCleanPage = (res: Response) => {
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(inlineCode(res.text)).toEqual([]);
    expect(res.text.match(/<h1>/g)).toHaveLength(1);
  };

  it('lists the account\'s own receipts, newest first, with the state in words, dates, passphrase and obscured recipient; nothing secret', async () => {
    const protectedOne = await share({ passphrase: 'open sesame', recipient: BOB });
    const read = await share({ ttl: '600' });
    await t.reveal(read.secret_key).expect(200);
    const expiring = await share({ ttl: '60' });
    const newest = await share();
    const burned = await share();
    await t.http().post(`/api/v1/receipt/${burned.metadata_key}/burn`).set('Authorization', alice).expect(200);
    t.clock.advanceSeconds(61);
    const otherToken = await t.createAccount(BOB);
    const bobs = await share({}, basic(BOB, otherToken));
    const anonymous = await t.shareReceipt({ secret: 'anonymous' });

    const res = await page().expect(200);
    expectCleanPage(res);
    expect(heading(res.text)).toBe(en['account.title']);
    expect(listed(res)).toEqual([burned, newest, expiring, read, protectedOne].map((r) => r.metadata_key));
    // The reference the created page, the status page and the read notice show: the secret key's first 6 characters.
    expect(res.text).toContain(en['account.reference'].replace('{reference}', newest.secret_key.slice(0, 6)));
    expect(res.text).toMatch(/Deleted on <time datetime="[^"]+Z">[^<]+ UTC<\/time>/);
    expect(res.text).toMatch(/Opened on /);
    expect(res.text).toContain(`>${en['receipt.state.expired']}<`);
    expect(res.text).toContain(`>${en['receipt.state.new']}<`);
    expect(res.text).toContain(en['receipt.passphrase.yes']);
    expect(res.text).toContain('bo*****@e*****.com');
    expect(res.text).not.toContain(BOB);
    // Delete buttons only while unread: the newest and the protected one.
    const buttons = [...res.text.matchAll(/<a class="button danger" href="\/receipt\/([^"/]+)\/burn\?next=%2Faccount">/g)].map((match) => match[1]);
    expect(buttons).toEqual([newest.metadata_key, protectedOne.metadata_key]);
    for (const secret of ['correct horse battery staple', 'open sesame', 'anonymous', aliceToken]) expect(res.text).not.toContain(secret);
    for (const receipt of [protectedOne, read, expiring, newest, burned, bobs, anonymous]) expect(res.text).not.toContain(receipt.secret_key);
    // Full receipt keys only as the owner's links: each once in its heading's link and, while unread, once in its delete link.
    for (const receipt of [bobs, anonymous]) expect(res.text).not.toContain(receipt.metadata_key);
    expect(res.text.split(newest.metadata_key)).toHaveLength(3);
    expect(res.text.split(read.metadata_key)).toHaveLength(2);
  });

  it('pages the list: ?page= shows the next receipts, with links to older and newer ones', async () => {
    const receipts: string[] = [];
    for (let i = 0; i < ACCOUNT_PAGE_SIZE + 3; i++) receipts.unshift((await share()).metadata_key);
    const first = await page().expect(200);
    expect(listed(first)).toEqual(receipts.slice(0, ACCOUNT_PAGE_SIZE));
    expect(first.text).toContain('<a href="/account?page=2" rel="next">');
    expect(first.text).not.toContain('rel="prev"');
    const second = await page(alice, '/account?page=2').expect(200);
    expect(listed(second)).toEqual(receipts.slice(ACCOUNT_PAGE_SIZE));
    expect(second.text).toContain('<a href="/account" rel="prev">');
    expect(second.text).not.toContain('rel="next"');
    expect(listed(await page(alice, '/account?page=9').expect(200))).toEqual([]);
    expect(listed(await page(alice, '/account?page=x').expect(200))).toEqual(receipts.slice(0, ACCOUNT_PAGE_SIZE));
    const swedish = await page(alice, '/account?lang=sv').expect(200);
    expect(swedish.text).toContain('<a href="/account?lang=sv&amp;page=2" rel="next">');
  });

  it('says so when there is nothing to list', async () => {
    const res = await page().expect(200);
    expect(listed(res)).toEqual([]);
    expect(res.text).toContain(en['account.empty']);
  });

  it('burns from the list after a confirmation step and goes back to the list; a burn form names no other next', async () => {
    const receipt = await share();
    const ask = await page(alice, `/receipt/${receipt.metadata_key}/burn?next=%2Faccount`).expect(200);
    expectCleanPage(ask);
    expect(heading(ask.text)).toBe(en['burn.title']);
    expect(ask.text).toContain(`<form method="post" action="/receipt/${receipt.metadata_key}/burn" class="card">`);
    expect(ask.text).toContain('<input type="hidden" name="next" value="/account">');
    expect(ask.text).toContain(`<a class="button" href="/account">${en['burn.cancel']}</a>`);
    await t.http().get(`/api/v1/receipt/${receipt.metadata_key}`).set('Authorization', alice).expect(200).expect(({ body }) => expect(body.state).toBe('new'));
    const burned = await post(`/receipt/${receipt.metadata_key}/burn`, { next: '/account' }).expect(303);
    expect(burned.headers.location).toBe('/account');
    await t.http().post(`/api/v1/secret/${receipt.secret_key}`).expect(404);
    const res = await page().expect(200);
    expect(res.text).toMatch(/Deleted on <time datetime="[^"]+Z">[^<]+ UTC<\/time>/);
    expect(res.text).not.toContain('button danger');

    const other = await share();
    for (const next of ['https://evil.example/', '//evil.example', '/account/../x', '/']) {
      const res2 = await post(`/receipt/${other.metadata_key}/burn`, { next }).expect(303);
      expect(res2.headers.location).toBe(`/receipt/${other.metadata_key}`);
    }
    const swedish = await post(`/receipt/${(await share()).metadata_key}/burn?lang=sv`, { next: '/account' }).expect(303);
    expect(swedish.headers.location).toBe('/account?lang=sv');
  });

  it('makes a new API token, shown once; the old one is refused afterwards', async () => {
    const res = await post('/account/token').expect(200);
    expectCleanPage(res);
    expect(heading(res.text)).toBe(en['token.title']);
    expect(res.text).toContain(en['token.old']);
    const token = inputValue(res.text, 'token') ?? '';
    expect(token).toMatch(/^[0-9a-z]{20,}$/i);
    expect(token).not.toBe(aliceToken);
    // A process keeps an account it read for ACCOUNT_CACHE_SECONDS (5): the old token stops within that bound.
    t.clock.advanceSeconds(6);
    expectNotAuthorized(await t.http().get('/api/v1/authcheck').set('Authorization', alice));
    expectNotAuthorized(await t.http().get('/api/v1/private/recent').set('Authorization', alice));
    await t.http().get('/api/v1/private/recent').set('Authorization', basic(ALICE, token)).expect(200);
    const list = await page(basic(ALICE, token)).expect(200);
    expect(list.text).not.toContain(token);
    // The old token no longer opens the page either.
    expect((await page(alice)).status).toBe(401);
  });

  it('saves reveal notices and the language, and goes back to the page', async () => {
    const account = () => t.app.get(GetAccount).execute({ custid: ALICE });
    const on = await post('/account/notices', { notices: 'on' }).expect(303);
    expect(on.headers.location).toBe('/account');
    expect((await account()).notifyOnReveal).toBe(true);
    expect((await page().expect(200)).text).toMatch(/value="on" checked/);
    await post('/account/notices', { notices: 'off' }).expect(303);
    expect((await account()).notifyOnReveal).toBe(false);
    expect((await page().expect(200)).text).toMatch(/value="off" checked/);

    const sv = await post('/account/locale?lang=nl', { locale: 'sv' }).expect(303);
    expect(sv.headers.location).toBe('/account?lang=nl');
    expect((await account()).locale).toBe('sv');
    expect((await page().expect(200)).text).toMatch(/<option value="sv" lang="sv" selected>/);
    await post('/account/locale', { locale: 'de' }).expect(303);
    expect((await account()).locale).toBe('sv');
    await post('/account/locale', { locale: '' }).expect(303);
    expect((await account()).locale).toBeNull();
  });

  it('sends a signed-out person to sign in (next=/account); wrong credentials get the sign-in dialog', async () => {
    const res = await page(null).expect(303);
    expect(res.headers.location).toBe('/signin?next=/account');
    const token = await t.http().post('/account/token').set(SAME_ORIGIN).expect(303);
    expect(token.headers.location).toBe('/signin?next=/account');
    const wrong = await page(basic(ALICE, 'not-the-token')).expect(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('refuses cross-site posts with 403 and changes nothing', async () => {
    const receipt = await share();
    const crossSite = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' };
    const noFetchMetadata = { Origin: 'https://evil.example' };
    for (const headers of [crossSite, noFetchMetadata]) {
      await post('/account/token', {}, headers).expect(403);
      await post('/account/notices', { notices: 'on' }, headers).expect(403);
      await post('/account/locale', { locale: 'nl' }, headers).expect(403);
      await post(`/receipt/${receipt.metadata_key}/burn`, { next: '/account' }, headers).expect(403);
    }
    await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
    const account = await t.app.get(GetAccount).execute({ custid: ALICE });
    expect(account.notifyOnReveal).toBe(false);
    expect(account.locale).toBeNull();
    expect((await page().expect(200)).text).toContain('class="button danger"');
  });

  it('speaks Swedish and Dutch', async () => {
    await share();
    for (const lang of ['sv', 'nl'] as const) {
      const res = await page(alice, `/account?lang=${lang}`).expect(200);
      expect(res.headers['content-language']).toBe(lang);
      expect(heading(res.text)).toBe(CATALOGUES[lang]['account.title']);
      expect(res.text).toContain(CATALOGUES[lang]['account.token.new']);
      expect(res.text).toContain(`action="/account/notices?lang=${lang}"`);
    }
  });
});
