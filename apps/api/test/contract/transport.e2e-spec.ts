import fc from 'fast-check';
import type { Response, Test } from 'supertest';
import { secretRows } from '../support/database';
import { CATALOGUES } from '../../src/pages/i18n/catalogue';
import { heading } from '../support/html';
import { envInteger } from '../support/processes';
import { listenOnLoopback, openSocket } from '../support/raw-socket';
import { basic, createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { expectV1Error, INTENDED_STATUS, JSON_UTF8 } from '../support/v1';

/**
 * Spec §1 (transport) and §7 (values round-trip) over HTTP: where parameters come from, trailing
 * slashes, unrouted requests, malformed requests, the strict-status switch, the size limit, byte-exact
 * values, the shape of success responses, and a property-based fuzz of the whole surface.
 */

/** What a stack trace, an exception's name or a source path would look like in a body. */
const STACK_TRACE_PATTERNS = [
  /\bat\s+[\w$.<>[\]]+\s+\(/, // "at Foo.bar ("
  /(^|\\n|\n)\s*at\s/, // a frame on its own line, raw or JSON-escaped
  /\.(?:[cm]?js|ts):\d+/, // file.ts:12
  /node_modules/,
  /\/(?:work|src|dist|home|usr|tmp)\//,
  /\b\w*Error:/, // "Error:", "TypeError:", "SyntaxError:"
  /<(?:html|pre|body)\b/i,
];

function expectNoStackTrace(text: string | undefined): void {
  for (const pattern of STACK_TRACE_PATTERNS) expect(text ?? '').not.toMatch(pattern);
}

/**
 * The v1 error shape in the default (non-strict) mode, whatever its message: HTTP 404, JSON
 * `{message}`, the real meaning in a header, no stack trace. (expectV1Error when the message is known.)
 */
function expectV1ErrorShape(res: Response, intended: number): void {
  expect({ status: res.status, intended: res.headers[INTENDED_STATUS] }).toEqual({ status: 404, intended: String(intended) });
  expect(res.headers['content-type']).toBe(JSON_UTF8);
  expect(typeof res.body.message).toBe('string');
  expectNoStackTrace(res.text);
}

/** A request the transport could not make sense of: intended 400, nothing but a message. */
function expectMalformed(res: Response): void {
  expectV1ErrorShape(res, 400);
  expect(Object.keys(res.body)).toEqual(['message']);
  expect(res.body.message.length).toBeGreaterThan(0);
}

const expectNotFoundRoute = (res: Response) => expectV1Error(res, 404, 'Not Found');

/** Room for 8 bodies of 60,000 bytes in the half a large body may take. */
const SMALL_BODY_BUDGET = 1024 * 1024;

type BodyKind = 'form' | 'json' | 'multipart';
const BODY_KINDS: BodyKind[] = ['form', 'json', 'multipart'];
type Fields = Record<string, string | string[]>;

/** Sends `fields` as a body of the given kind (repeated keys for arrays in form and multipart). */
function withBody(req: Test, kind: BodyKind, fields: Fields): Test {
  if (kind === 'json') return req.set('Content-Type', 'application/json').send(JSON.stringify(fields));
  if (kind === 'form') {
    const pairs = Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${encodeURIComponent(name)}=${encodeURIComponent(item)}`));
    return req.type('form').send(pairs.join('&'));
  }
  let multipart = req;
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) multipart = multipart.field(name, item);
  return multipart;
}

function queryString(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  return params.toString();
}

describe('transport over HTTP (spec §1, §7)', () => {
  let t: TestApp;
  /** API_V1_STRICT_STATUS=true */
  let strict: TestApp;
  /** SECRET_MAX_BYTES=100, HTTP_BODY_MEMORY_BYTES=1 MiB */
  let small: TestApp;
  /** SECRET_MAX_BYTES=200, for the fuzz */
  let fuzz: TestApp;
  let auth: string;

  // Every app stays open until the end: passport keeps one global 'basic' strategy, the last app
  // created answers authentication for all of them (harmless: they share the database), and closing
  // one app early would break authentication in the others.
  //
  // These tests send hundreds of requests a minute from one address: the rate limits are off.
  const NO_RATE_LIMITS = { RATE_LIMIT_CREATE_PER_MINUTE: '0', RATE_LIMIT_REVEAL_PER_MINUTE: '0' };
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    strict = await createTestApp({ ...NO_RATE_LIMITS, API_V1_STRICT_STATUS: 'true' });
    small = await createTestApp({ ...NO_RATE_LIMITS, SECRET_MAX_BYTES: '100', HTTP_BODY_MEMORY_BYTES: String(SMALL_BODY_BUDGET) });
    fuzz = await createTestApp({ ...NO_RATE_LIMITS, SECRET_MAX_BYTES: '200' });
  });
  afterAll(async () => {
    for (const app of [fuzz, small, strict, t]) await app?.close();
  });
  beforeEach(async () => {
    await resetDatabase(t);
    auth = basic('alice@example.com', await t.createAccount('alice@example.com'));
  });

  const reveal = async (app: TestApp, secretKey: string, passphrase?: string): Promise<string> => {
    const req = app.http().post(`/api/v1/secret/${secretKey}`);
    const res = await (passphrase === undefined ? req : req.type('form').send({ passphrase })).expect(200);
    return res.body.value;
  };

  describe('where parameters come from', () => {
    it('reads every parameter from the query string when there is no body', async () => {
      const res = await t.http().post(`/api/v1/share?${queryString({ secret: 'from the query', ttl: '3600', passphrase: 'q pw' })}`).expect(200);
      expect(res.body).toMatchObject({ ttl: 3600, passphrase_required: true });
      // The reveal's passphrase comes from the query too, and without it the secret stays shut.
      await t.http().post(`/api/v1/secret/${res.body.secret_key}`).expect(404);
      const revealed = await t.http().post(`/api/v1/secret/${res.body.secret_key}?passphrase=q%20pw`).expect(200);
      expect(revealed.body.value).toBe('from the query');
    });

    it.each(BODY_KINDS)('reads every parameter from a %s body', async (kind) => {
      const res = await withBody(t.http().post('/api/v1/share').set('Authorization', auth), kind, { secret: `from a ${kind} body`, ttl: '1234', passphrase: `${kind} pw` }).expect(200);
      expect(res.body).toMatchObject({ custid: 'alice@example.com', ttl: 1234, passphrase_required: true });
      await t.http().post(`/api/v1/secret/${res.body.secret_key}`).expect(404);
      const revealed = await withBody(t.http().post(`/api/v1/secret/${res.body.secret_key}`), kind, { passphrase: `${kind} pw` }).expect(200);
      expect(revealed.body.value).toBe(`from a ${kind} body`);
    });

    it('takes JSON numbers as numbers (ttl, length)', async () => {
      const shared = await t.http().post('/api/v1/share').send({ secret: 'json', ttl: 900 }).expect(200);
      expect(shared.body.ttl).toBe(900);
      const generated = await t.http().post('/api/v1/generate').send({ length: 40, ttl: 120 }).expect(200);
      expect(generated.body.value).toHaveLength(40);
      expect(generated.body.ttl).toBe(120);
    });

    it.each([
      ['query', (req: Test) => req.query({ length: '20', ttl: '300' })],
      ['form', (req: Test) => withBody(req, 'form', { length: '24', ttl: '301' })],
      ['multipart', (req: Test) => withBody(req, 'multipart', { length: '30', ttl: '302' })],
      ['json', (req: Test) => withBody(req, 'json', { length: '36', ttl: '303' })],
    ])('reads generate parameters from the %s', async (source, send) => {
      const expected = { query: [20, 300], form: [24, 301], multipart: [30, 302], json: [36, 303] }[source] as [number, number];
      const res = await send(t.http().post('/api/v1/generate')).expect(200);
      expect([res.body.value.length, res.body.ttl]).toEqual(expected);
    });

    it.each(BODY_KINDS)('merges the query string with a %s body, the body winning on a clash', async (kind) => {
      const query = queryString({ secret: 'from the query', ttl: '600', passphrase: 'query-only pw' });
      const res = await withBody(t.http().post(`/api/v1/share?${query}`), kind, { secret: 'from the body', ttl: '1200' }).expect(200);
      // ttl and secret clash: the body wins; the passphrase is only in the query: it is used.
      expect(res.body).toMatchObject({ ttl: 1200, secret_ttl: 1200, passphrase_required: true });
      expect(await reveal(t, res.body.secret_key, 'query-only pw')).toBe('from the body');
    });

    it.each(BODY_KINDS)('takes the query string for what a %s body leaves out', async (kind) => {
      const res = await withBody(t.http().post('/api/v1/share?secret=only%20in%20the%20query&ttl=700'), kind, { passphrase: 'pw' }).expect(200);
      expect(res.body).toMatchObject({ ttl: 700, passphrase_required: true });
      expect(await reveal(t, res.body.secret_key, 'pw')).toBe('only in the query');
    });

    it.each(BODY_KINDS)('on reveal, the passphrase in a %s body beats a wrong one in the query', async (kind) => {
      const { body: shared } = await t.share({ secret: 'v', passphrase: 'right' }).expect(200);
      const res = await withBody(t.http().post(`/api/v1/secret/${shared.secret_key}?passphrase=wrong`), kind, { passphrase: 'right' }).expect(200);
      expect(res.body.value).toBe('v');
    });
  });

  describe('an empty body sent as application/json', () => {
    it.each([
      ['no body at all', (req: Test) => req.set('Content-Type', 'application/json')],
      ['an empty string', (req: Test) => req.set('Content-Type', 'application/json').send('')],
      ['charset=utf-8 and Content-Length: 0', (req: Test) => req.set('Content-Type', 'application/json; charset=utf-8').set('Content-Length', '0')],
    ])('is not an error: share and reveal with everything in the query string (%s)', async (_label, empty) => {
      const res = await empty(t.http().post(`/api/v1/share?${queryString({ secret: 'query + empty json', ttl: '3600', passphrase: 'pw' })}`)).expect(200);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.body).toMatchObject({ custid: 'anon', ttl: 3600, passphrase_required: true });
      const revealed = await empty(t.http().post(`/api/v1/secret/${res.body.secret_key}?passphrase=pw`)).expect(200);
      expect(revealed.body.value).toBe('query + empty json');
    });

    it('is not an error on generate, metadata, burn and the GET routes either', async () => {
      const json = (req: Test) => req.set('Content-Type', 'application/json').set('Authorization', auth);
      const generated = await json(t.http().post('/api/v1/generate?length=16')).expect(200);
      expect(generated.body.value).toHaveLength(16);
      await json(t.http().get('/api/v1/status')).expect(200);
      await json(t.http().get('/api/v1/authcheck')).expect(200);
      await json(t.http().post(`/api/v1/private/${generated.body.metadata_key}`)).expect(200);
      await json(t.http().get('/api/v1/private/recent')).expect(200);
      const burned = await json(t.http().post(`/api/v1/private/${generated.body.metadata_key}/burn`)).expect(200);
      expect(burned.body.state.state).toBe('burned');
    });
  });

  describe('recipient arrays', () => {
    const ADDRESSES = ['delano@example.com', 'alice@example.org'];
    const OBSCURED = ['de*****@e*****.com', 'al*****@e*****.org'];
    const encoded = ADDRESSES.map(encodeURIComponent);

    it.each<[string, (req: Test) => Test]>([
      ['form, repeated `recipient`', (req) => req.type('form').send(`secret=s&recipient=${encoded[0]}&recipient=${encoded[1]}`)],
      ['form, `recipient[]` encoded', (req) => req.type('form').send(`secret=s&recipient%5B%5D=${encoded[0]}&recipient%5B%5D=${encoded[1]}`)],
      ['form, `recipient[]` literal', (req) => req.type('form').send(`secret=s&recipient[]=${encoded[0]}&recipient[]=${encoded[1]}`)],
      ['form, `recipient[0]`, `recipient[1]`', (req) => req.type('form').send(`secret=s&recipient[0]=${encoded[0]}&recipient[1]=${encoded[1]}`)],
      ['JSON array `recipient`', (req) => req.send({ secret: 's', recipient: ADDRESSES })],
      ['JSON array `recipient[]`', (req) => req.send({ secret: 's', 'recipient[]': ADDRESSES })],
      ['query, repeated `recipient`', (req) => req.query(`secret=s&recipient=${encoded[0]}&recipient=${encoded[1]}`)],
      ['query, `recipient[]`', (req) => req.query(`secret=s&recipient[]=${encoded[0]}&recipient[]=${encoded[1]}`)],
      ['multipart, repeated `recipient`', (req) => req.field('secret', 's').field('recipient', ADDRESSES[0] as string).field('recipient', ADDRESSES[1] as string)],
      ['multipart, `recipient[]`', (req) => req.field('secret', 's').field('recipient[]', ADDRESSES[0] as string).field('recipient[]', ADDRESSES[1] as string)],
    ])('reads two recipients from %s and shows them obscured', async (_label, send) => {
      const res = await send(t.http().post('/api/v1/share').set('Authorization', auth)).expect(200);
      expect(res.body.recipient).toEqual(OBSCURED);
      const meta = await t.http().get(`/api/v1/private/${res.body.metadata_key}`).set('Authorization', auth).expect(200);
      expect(meta.body.recipient).toEqual(OBSCURED);
    });

    it.each<[string, (req: Test) => Test]>([
      ['form', (req) => req.type('form').send({ secret: 's', recipient: 'delano@example.com' })],
      ['JSON string', (req) => req.send({ secret: 's', recipient: 'delano@example.com' })],
      ['JSON `recipient[]` string', (req) => req.send({ secret: 's', 'recipient[]': 'delano@example.com' })],
      ['query', (req) => req.query({ secret: 's', recipient: 'delano@example.com' })],
    ])('reads a single recipient from %s as an array of one', async (_label, send) => {
      const res = await send(t.http().post('/api/v1/share').set('Authorization', auth)).expect(200);
      expect(res.body.recipient).toEqual(['de*****@e*****.com']);
    });

    it('answers `recipient: []` when none is given, and accepts recipients on generate', async () => {
      const none = await t.share({ secret: 's' }, auth).expect(200);
      expect(none.text).toContain('"recipient":[]');
      const generated = await t.http().post('/api/v1/generate').set('Authorization', auth).type('form').send(`recipient[]=${encoded[0]}&recipient[]=${encoded[1]}`).expect(200);
      expect(generated.body.recipient).toEqual(OBSCURED);
    });

    it('refuses recipients from an anonymous caller, whatever shape they come in, storing nothing', async () => {
      for (const send of [
        (req: Test) => req.type('form').send(`secret=s&recipient[]=${encoded[0]}`),
        (req: Test) => req.send({ secret: 's', recipient: ADDRESSES }),
        (req: Test) => req.query(`secret=s&recipient=${encoded[0]}`),
      ]) {
        expectV1Error(await send(t.http().post('/api/v1/share')), 400, 'An account is required to send emails.');
      }
      expect(await secretRows(t)).toBe(0);
    });

    it.each<[string, unknown]>([
      ['a number in the array', ['delano@example.com', 42]],
      ['an object in the array', [{ address: 'delano@example.com' }]],
      ['a nested array', [['delano@example.com']]],
      ['a number', 42],
    ])('refuses a JSON recipient with %s as a malformed request, storing nothing', async (_label, recipient) => {
      expectMalformed(await t.http().post('/api/v1/share').set('Authorization', auth).send({ secret: 's', recipient }));
      expect(await secretRows(t)).toBe(0);
    });

    it('refuses an address that is not one, and an address holding a NUL, without an internal error', async () => {
      expectV1Error(await t.http().post('/api/v1/share').set('Authorization', auth).send({ secret: 's', recipient: ['not an address'] }), 400, 'Undeliverable email address: not an address');
      for (const address of ['\u0000e@example.com', 'de@\u0000example.com', 'delano\u0000@example.com']) {
        const res = await t.http().post('/api/v1/share').set('Authorization', auth).send({ secret: 's', recipient: [address] });
        expectV1ErrorShape(res, 400);
        expect(res.body.message).toMatch(/^Undeliverable email address: /);
      }
      expect(await secretRows(t)).toBe(0);
    });
  });

  describe('a trailing slash', () => {
    const share = () => t.share({ secret: 'slash', ttl: '3600' }, auth).expect(200);

    it('is tolerated on /status/ and /authcheck/', async () => {
      expect((await t.http().get('/api/v1/status/').expect(200)).text).toBe('{"status":"nominal","locale":"en"}');
      expect((await t.http().get('/api/v1/status/?x=1').expect(200)).body.status).toBe('nominal');
      expect((await t.http().get('/api/v1/authcheck/').set('Authorization', auth).expect(200)).body).toEqual({ status: 'nominal', locale: 'en' });
      // Still behind authentication with the slash.
      expectV1Error(await t.http().get('/api/v1/authcheck/'), 401, 'Not authorized');
    });

    it('is tolerated on /share/ and /generate/', async () => {
      const shared = await t.http().post('/api/v1/share/').set('Authorization', auth).type('form').send({ secret: 'slash', ttl: '3600' }).expect(200);
      expect(shared.body).toMatchObject({ custid: 'alice@example.com', ttl: 3600, state: 'new' });
      const generated = await t.http().post('/api/v1/generate/?length=20').set('Authorization', auth).expect(200);
      expect(generated.body.value).toHaveLength(20);
      expect(await secretRows(t)).toBe(2);
    });

    it('is tolerated on /secret/:key/', async () => {
      const { body: shared } = await share();
      const res = await t.http().post(`/api/v1/secret/${shared.secret_key}/`).expect(200);
      expect(res.body).toEqual({ value: 'slash', secret_key: shared.secret_key, share_domain: '' });
    });

    it('is tolerated on /private/:key/ (POST and GET) and its /metadata alias', async () => {
      const { body: shared } = await share();
      const posted = await t.http().post(`/api/v1/private/${shared.metadata_key}/`).set('Authorization', auth).expect(200);
      expect(posted.body).toMatchObject({ metadata_key: shared.metadata_key, state: 'new' });
      const got = await t.http().get(`/api/v1/private/${shared.metadata_key}/`).set('Authorization', auth).expect(200);
      expect(got.body.metadata_key).toBe(shared.metadata_key);
      await t.http().get(`/api/v1/metadata/${shared.metadata_key}/`).set('Authorization', auth).expect(200);
    });

    it('is tolerated on /private/:key/burn/', async () => {
      const { body: shared } = await share();
      const res = await t.http().post(`/api/v1/private/${shared.metadata_key}/burn/`).set('Authorization', auth).expect(200);
      expect(res.body.state).toMatchObject({ metadata_key: shared.metadata_key, state: 'burned' });
      expect(res.body.secret_shortkey).toBe(shared.secret_key.slice(0, 6));
      await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(404);
    });

    it('is tolerated on /private/recent/, which stays the list and is not read as a key', async () => {
      const { body: shared } = await share();
      const res = await t.http().get('/api/v1/private/recent/').set('Authorization', auth).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([shared.metadata_key]);
      const alias = await t.http().get('/api/v1/metadata/recent/').set('Authorization', auth).expect(200);
      expect(alias.body).toHaveLength(1);
    });
  });

  describe('an unrouted path or method', () => {
    it.each([
      ['GET', '/api/v1/share'],
      ['GET', '/api/v1/generate'],
      ['PUT', '/api/v1/share'],
      ['DELETE', '/api/v1/status'],
      ['POST', '/api/v1/status'],
      ['POST', '/api/v1/authcheck'],
      ['GET', '/api/v1/secret/x'],
      ['DELETE', '/api/v1/secret/x'],
      ['PATCH', '/api/v1/private/x'],
      ['DELETE', '/api/v1/private/x'],
      ['GET', '/api/v1/private/x/burn'],
      ['POST', '/api/v1/private/recent/x'],
      ['POST', '/api/v1/share/extra'],
      ['POST', '/api/v1/secret'],
      ['POST', '/api/v1/secret/'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/'],
      ['OPTIONS', '/api/v1/status'],
      ['OPTIONS', '/api/v1/share'],
    ])('%s %s is 404 {"message":"Not Found"} with X-OTS-Intended-Status: 404', async (method, path) => {
      const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch' | 'options'](path);
      expectNotFoundRoute(await req.set('Authorization', auth));
      expectNotFoundRoute(await t.http()[method.toLowerCase() as 'get'](path));
    });

    it.each([
      ['GET', '/api/v2/status'],
      ['POST', '/api/share'],
      ['GET', '/health/nope'],
      ['GET', '/metrics/nope'],
      ['GET', '/api/v1x'],
    ])('%s %s, outside the v1 API and the pages, is a plain 404 {"message":"Not Found"} without the v1 header', async (method, path) => {
      const res = await t.http()[method.toLowerCase() as 'get' | 'post'](path);
      expect({ status: res.status, text: res.text, intended: res.headers[INTENDED_STATUS] }).toEqual({ status: 404, text: '{"message":"Not Found"}', intended: undefined });
      expect(res.headers['content-type']).toBe(JSON_UTF8);
    });

    it('HEAD on a POST-only route is 404 with the intended-status header', async () => {
      const res = await t.http().head('/api/v1/share');
      expect(res.status).toBe(404);
      expect(res.headers[INTENDED_STATUS]).toBe('404');
    });
  });

  describe('malformed requests', () => {
    const MARKER = 'hunter2-MARKER-value';
    const transportCases: Array<[string, (req: Test) => Test]> = [
      ['invalid JSON', (req) => req.set('Content-Type', 'application/json').send(`{"secret": "${MARKER}",`)],
      ['JSON with trailing garbage', (req) => req.set('Content-Type', 'application/json').send(`{"secret": "${MARKER}"} x`)],
      ['a JSON string body', (req) => req.set('Content-Type', 'application/json').send(`"${MARKER}"`)],
      ['a JSON number body', (req) => req.set('Content-Type', 'application/json').send('42')],
      ['a JSON null body', (req) => req.set('Content-Type', 'application/json').send('null')],
      ['a JSON boolean body', (req) => req.set('Content-Type', 'application/json').send('true')],
      ['a multipart body with a file part', (req) => req.field('secret', MARKER).attach('upload', Buffer.from('file contents'), 'notes.txt')],
      ['a multipart body whose secret is a file', (req) => req.attach('secret', Buffer.from(MARKER), 'secret.txt')],
      ['multipart without a boundary', (req) => req.set('Content-Type', 'multipart/form-data').send(`secret=${MARKER}`)],
      [
        'multipart with a boundary the body does not use',
        (req) => req.set('Content-Type', 'multipart/form-data; boundary=XYZ').send(`--ABC\r\nContent-Disposition: form-data; name="secret"\r\n\r\n${MARKER}\r\n--ABC--\r\n`),
      ],
      ['a truncated multipart body', (req) => req.set('Content-Type', 'multipart/form-data; boundary=XYZ').send(`--XYZ\r\nContent-Disposition: form-data; name="secret"\r\n\r\n${MARKER}`)],
      ['JSON in charset latin1', (req) => req.set('Content-Type', 'application/json; charset=latin1').send(`{"secret":"${MARKER}"}`)],
      ['JSON in charset koi8-r', (req) => req.set('Content-Type', 'application/json; charset=koi8-r').send(`{"secret":"${MARKER}"}`)],
      ['a form in charset koi8-r', (req) => req.set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-r').send(`secret=${MARKER}`)],
      ['an unknown Content-Encoding', (req) => req.set('Content-Type', 'application/json').set('Content-Encoding', 'x-unknown').send(`{"secret":"${MARKER}"}`)],
      ['a gzip Content-Encoding that is not gzip', (req) => req.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(`{"secret":"${MARKER}"}`)],
      ['JSON passphrase as an object', (req) => req.send({ secret: MARKER, passphrase: { a: 'pw' } })],
      ['form passphrase as an object', (req) => req.type('form').send(`secret=${MARKER}&passphrase[a]=pw`)],
      // A 1-byte secret among too many parameters is malformed, not too large (it answered the 413 size message).
      ['a form with more than 1,000 parameters', (req) => req.type('form').send([`secret=${MARKER}`, ...Array.from({ length: 1001 }, (_, i) => `p${i}=x`)].join('&'))],
      ['a multipart body with more than 1,000 fields', (req) => Array.from({ length: 1001 }, (_, i) => i).reduce((r, i) => r.field(`p${i}`, 'x'), req.field('secret', MARKER))],
    ];
    const secretShapeCases: Array<[string, (req: Test) => Test]> = [
      ['form `secret[a]=…`', (req) => req.type('form').send(`secret[a]=${MARKER}`)],
      ['form `secret[]=…&secret[b]=…`', (req) => req.type('form').send(`secret[]=${MARKER}&secret[b]=x`)],
      ['query `secret[a]=…`', (req) => req.query(`secret[a]=${MARKER}`)],
      ['JSON {"secret":{"a":…}}', (req) => req.send({ secret: { a: MARKER } })],
      ['JSON {"secret":[1,2]}', (req) => req.send({ secret: [1, 2] })],
      ['JSON {"secret":[…, {…}]}', (req) => req.send({ secret: [MARKER, { b: 1 }] })],
      ['multipart field `secret[a]`', (req) => req.field('secret[a]', MARKER)],
    ];

    it.each([...transportCases, ...secretShapeCases])('%s: 404, intended 400, only a message, no stack trace, nothing stored or logged', async (_label, send) => {
      const res = await send(t.http().post('/api/v1/share').set('Authorization', auth));
      expectMalformed(res);
      expect(res.text).not.toContain(MARKER);
      expect(await secretRows(t)).toBe(0);
      expect(t.logs.lines.join('\n')).not.toContain(MARKER);
    });

    // A thousand multipart fields also outgrow generate's 16 KiB body: refused as too large (below).
    it.each(transportCases.filter(([label]) => !label.includes('1,000 fields')))('%s on /generate too: intended 400, nothing stored', async (_label, send) => {
      expectMalformed(await send(t.http().post('/api/v1/generate').set('Authorization', auth)));
      expect(await secretRows(t)).toBe(0);
    });

    it('a passphrase of the wrong shape on reveal is malformed, and neither opens nor burns the secret', async () => {
      const { body: shared } = await t.share({ secret: 'kept', passphrase: 'pw' }).expect(200);
      for (let i = 0; i < 6; i++) {
        expectMalformed(await t.http().post(`/api/v1/secret/${shared.secret_key}`).send({ passphrase: { a: 'pw' } }));
        expectMalformed(await t.http().post(`/api/v1/secret/${shared.secret_key}`).type('form').send('passphrase[x]=pw'));
      }
      expect(await reveal(t, shared.secret_key, 'pw')).toBe('kept');
    });

    it('a NUL in the Basic-auth user name is "Not authorized", not an internal error', async () => {
      for (const custid of ['alice\u0000@example.com', '\u0000']) {
        expectV1Error(await t.http().get('/api/v1/authcheck').set('Authorization', basic(custid, 'token')), 401, 'Not authorized');
        expectV1Error(await t.share({ secret: 's' }, basic(custid, 'token')), 401, 'Not authorized');
      }
      expect(await secretRows(t)).toBe(0);
    });

    it('a path parameter with a broken percent-encoding is intended 400, not an internal error', async () => {
      expectMalformed(await t.http().post('/api/v1/secret/%E0%A4%A'));
      expectMalformed(await t.http().get('/api/v1/private/%ZZ').set('Authorization', auth));
    });
  });

  describe('the strict-status switch (API_V1_STRICT_STATUS)', () => {
    const cases: Array<[string, number, Record<string, unknown>, (app: TestApp) => Test]> = [
      ['unknown secret', 404, { message: 'Unknown secret', secret_key: 'nosuchkey' }, (app) => app.http().post('/api/v1/secret/nosuchkey')],
      ['anonymous authcheck', 401, { message: 'Not authorized' }, (app) => app.http().get('/api/v1/authcheck')],
      ['wrong token', 401, { message: 'Not authorized' }, (app) => app.share({ secret: 's' }, basic('alice@example.com', 'wrong'))],
      ['empty secret', 400, { message: 'You did not provide anything to share' }, (app) => app.share({ secret: '' })],
      ['missing secret', 400, { message: 'You did not provide anything to share' }, (app) => app.http().post('/api/v1/share')],
      ['too large', 413, { message: 'Secret value exceeds the maximum size of 100000 bytes' }, (app) => app.share({ secret: 'x'.repeat(100_001) })],
      ['far too large a body', 413, { message: 'Secret value exceeds the maximum size of 100000 bytes' }, (app) => app.http().post('/api/v1/share').send({ secret: 'x'.repeat(1_000_000) })],
      ['invalid JSON', 400, {}, (app) => app.http().post('/api/v1/share').set('Content-Type', 'application/json').send('{')],
      ['unrouted', 404, { message: 'Not Found' }, (app) => app.http().delete('/api/v1/status')],
    ];

    it.each(cases)('answers %s with the real status %i, still sending the header and message', async (_label, intended, body, send) => {
      const res = await send(strict);
      expect(res.status).toBe(intended);
      expect(res.headers[INTENDED_STATUS]).toBe(String(intended));
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(typeof res.body.message).toBe('string');
      if (Object.keys(body).length > 0) expect(res.body).toEqual(body);
      expectNoStackTrace(res.text);
      expect(await secretRows(strict)).toBe(0);
    });

    it.each(cases)('without the switch, answers %s with HTTP 404 and intended %i', async (_label, intended, body, send) => {
      const res = await send(t);
      expectV1ErrorShape(res, intended);
      if (Object.keys(body).length > 0) expect(res.body).toEqual(body);
    });

    it('still answers success with 200', async () => {
      const res = await strict.share({ secret: 'ok' }).expect(200);
      expect(await reveal(strict, res.body.secret_key)).toBe('ok');
    });
  });

  describe('the size limit (SECRET_MAX_BYTES=100)', () => {
    const TOO_LARGE = 'Secret value exceeds the maximum size of 100 bytes';

    const sendSecret = (kind: BodyKind | 'query', secret: string) =>
      kind === 'query' ? small.http().post(`/api/v1/share?${queryString({ secret })}`) : withBody(small.http().post('/api/v1/share'), kind, { secret });

    it.each([...BODY_KINDS, 'query' as const])('accepts exactly 100 bytes via %s and gives them back', async (kind) => {
      const secret = `${'0123456789'.repeat(9)}abcdefghi\n`;
      expect(Buffer.byteLength(secret)).toBe(100);
      const res = await sendSecret(kind, secret).expect(200);
      expect(await reveal(small, res.body.secret_key)).toBe(secret);
    });

    it.each([...BODY_KINDS, 'query' as const])('rejects 101 bytes via %s as intended 413, storing nothing', async (kind) => {
      expectV1Error(await sendSecret(kind, 'x'.repeat(101)), 413, TOO_LARGE);
      expect(Object.keys((await sendSecret(kind, 'x'.repeat(101))).body)).toEqual(['message']);
      expect(await secretRows(small)).toBe(0);
    });

    it.each([
      ['50 × é (2 bytes each)', 'é'.repeat(50), true],
      ['51 × é: 51 characters, 102 bytes', 'é'.repeat(51), false],
      ['33 × € (3 bytes) + "a"', `${'€'.repeat(33)}a`, true],
      ['34 × €: 34 characters, 102 bytes', '€'.repeat(34), false],
      ['25 × 😀 (4 bytes, 2 UTF-16 units)', '😀'.repeat(25), true],
      ['25 × 😀 + "a": 51 UTF-16 units, 101 bytes', `${'😀'.repeat(25)}a`, false],
      ['33 × e + combining acute (3 bytes) + "a": 67 UTF-16 units, 100 bytes', `${'e\u0301'.repeat(33)}a`, true],
      ['34 × e + combining acute: 68 UTF-16 units, 102 bytes', 'e\u0301'.repeat(34), false],
    ])('counts UTF-8 bytes, not characters: %s', async (_label, secret, accepted) => {
      for (const kind of BODY_KINDS) {
        const res = await sendSecret(kind, secret);
        if (accepted) {
          expect(res.status).toBe(200);
          expect(await reveal(small, res.body.secret_key)).toBe(secret);
        } else {
          expectV1Error(res, 413, TOO_LARGE);
        }
      }
      if (!accepted) expect(await secretRows(small)).toBe(0);
    });

    it.each(BODY_KINDS)('answers a 1 MB %s body with the 413 message, not a 500, storing nothing', async (kind) => {
      const res = await sendSecret(kind, 'x'.repeat(1_000_000));
      expectV1Error(res, 413, TOO_LARGE);
      expect(Object.keys(res.body)).toEqual(['message']);
      expect(await secretRows(small)).toBe(0);
      // The server is still healthy after the oversized body.
      await small.http().get('/api/v1/status').expect(200);
    });

    it('answers a 1 MB body of multi-byte characters the same way', async () => {
      expectV1Error(await sendSecret('form', '€'.repeat(350_000)), 413, TOO_LARGE);
      expectV1Error(await sendSecret('json', '😀'.repeat(250_000)), 413, TOO_LARGE);
      expect(await secretRows(small)).toBe(0);
    });
  });

  describe('bodies by route (issue 20): read only where taken, capped by what the route takes, bounded together', () => {
    const PARAMETERS_LIMIT = 16 * 1024;
    /** A form of exactly `bytes` bytes: its parameters, padded with one the routes ignore. */
    const paddedForm = (fields: string, bytes: number) => `${fields}&padding=${'x'.repeat(bytes - fields.length - '&padding='.length)}`;

    it('refuses a body on a route that takes none, unread, with intended 400 on the API and plain 400 elsewhere', async () => {
      const json = (req: Test) => req.set('Content-Type', 'application/json').send('{"secret":"ignored"}');
      expectV1Error(await json(t.http().get('/api/v1/status')), 400, 'This request takes no body');
      expectV1Error(await json(t.http().get('/api/v1/private/recent').set('Authorization', auth)), 400, 'This request takes no body');
      expectV1Error(await t.http().get('/api/v1/status').type('form').send('a=1'), 400, 'This request takes no body');
      const live = await json(t.http().get('/health/live'));
      expect({ status: live.status, text: live.text }).toEqual({ status: 400, text: '{"message":"This request takes no body"}' });
      // No body, or an empty one, is no body.
      await t.http().get('/api/v1/status').set('Content-Length', '0').expect(200);
      await t.http().get('/health/live').set('Content-Type', 'application/json').expect(200);
    });

    it('caps the routes without a secret at 16 KiB, with a message of their own', async () => {
      const tooLarge = `Request body exceeds the maximum size of ${PARAMETERS_LIMIT} bytes`;
      const generated = await t.http().post('/api/v1/generate').set('Authorization', auth).type('form').send(paddedForm('length=20', PARAMETERS_LIMIT)).expect(200);
      expect(generated.body.value).toHaveLength(20);
      expectV1Error(await t.http().post('/api/v1/generate').type('form').send(paddedForm('length=20', PARAMETERS_LIMIT + 1)), 413, tooLarge);
      expectV1Error(await t.http().post('/api/v1/generate').field('padding', 'x'.repeat(PARAMETERS_LIMIT)), 413, tooLarge);
      expectV1Error(await t.http().post(`/api/v1/secret/${generated.body.secret_key}`).type('form').send(paddedForm('passphrase=x', PARAMETERS_LIMIT + 1)), 413, tooLarge);
      for (const path of [`/api/v1/private/${generated.body.metadata_key}`, `/api/v1/receipt/${generated.body.metadata_key}/burn`]) {
        expectV1Error(await t.http().post(path).set('Authorization', auth).send({ padding: 'x'.repeat(PARAMETERS_LIMIT) }), 413, tooLarge);
      }
      // Nothing was revealed or burned by the refused requests.
      expect((await t.http().post(`/api/v1/secret/${generated.body.secret_key}`).expect(200)).body.value).toBe(generated.body.value);
    });

    it.each(BODY_KINDS)('still takes a secret of SECRET_MAX_BYTES in its largest %s encoding', async (kind) => {
      const secret = `${'€'.repeat(33_333)}a`;
      expect(Buffer.byteLength(secret)).toBe(100_000);
      // Every byte percent-encoded in a form; every character escaped in JSON.
      const req = t.http().post('/api/v1/share');
      const sent = kind === 'json' ? req.set('Content-Type', 'application/json').send(`{"secret":"${'\\u20ac'.repeat(33_333)}a"}`) : withBody(req, kind, { secret });
      const res = await sent.expect(200);
      expect(await reveal(t, res.body.secret_key)).toBe(secret);
    });

    it('answers 503 at once past HTTP_BODY_MEMORY_BYTES, keeps room for small bodies, and gives room back when a body is done', async () => {
      const { port, stop } = await listenOnLoopback(small);
      // 60,000-byte bodies may take half of the 1 MiB budget: 8 of them; the other 4 are refused while those wait.
      const HOLDERS = 12;
      const holders = Array.from({ length: HOLDERS }, () => openSocket(port));
      const answers = holders.map(() => '');
      const hold = (path: string) => `POST ${path} HTTP/1.1\r\nHost: hush\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nsecret=x&padding=xxx`;
      try {
        holders.forEach(({ socket }, i) => {
          socket.on('data', (chunk: Buffer) => (answers[i] += chunk.toString()));
          socket.write(hold('/api/v1/share'));
        });
        for (const deadline = Date.now() + 5000; answers.filter(Boolean).length < HOLDERS - 8 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 20));
        await new Promise((resolve) => setTimeout(resolve, 200));
        const refused = answers.filter(Boolean);
        expect(refused).toHaveLength(HOLDERS - 8);
        for (const answer of refused) {
          expect(answer).toMatch(/^HTTP\/1\.1 404 /);
          expect(answer).toMatch(/\r\nx-ots-intended-status: 503\r\n/i);
          expect(answer).toMatch(/\r\nretry-after: 1\r\n/i);
          expect(answer).toMatch(/\r\n\r\n\{"message":"Service temporarily unavailable"\}$/);
        }

        // A small share is still answered; the pages say so in a page.
        expect((await small.share({ secret: 'small' }).expect(200)).body.secret_key).toBeTruthy();
        const page = openSocket(port);
        page.socket.write(hold('/'));
        const busy = await page.closed;
        expect(busy.received).toMatch(/^HTTP\/1\.1 503 /);
        expect(heading(busy.received)).toBe(CATALOGUES.en['error.busy.title']);
      } finally {
        for (const { socket } of holders) socket.destroy();
        await Promise.all(holders.map(({ closed }) => closed));
      }
      try {
        let res: Awaited<ReturnType<typeof small.share>> | undefined;
        for (const deadline = Date.now() + 2000; res?.status !== 200 && Date.now() < deadline;) {
          res = await small.http().post('/api/v1/share').type('form').send(paddedForm('secret=large', 60_000));
        }
        expect(res?.status).toBe(200);
      } finally {
        await stop();
      }
    });
  });

  describe('values round-trip byte for byte', () => {
    const VALUES: Record<string, string> = {
      'multi-line': 'line one\nline two\n\nline four',
      emoji: '🔑 😀 👩‍👩‍👧‍👦 🏳️‍🌈 🇸🇪',
      CJK: '秘密の値 中文密码 비밀번호',
      'combining marks': 'e\u0301 a\u0308 n\u0303 Z\u0351\u0308\u034c\u0307',
      RTL: 'שלום עולם مرحبا \u200fmark\u202e override',
      quotes: `"double" 'single' “curly” ‘curly’ «guillemets»`,
      backslashes: 'C:\\path\\to\\file \\n is not a newline \\u0041 \\\\ \\',
      'shell metacharacters': '$(rm -rf /) `x` ; | & > < && || $HOME ${PATH} !! * ? ~ # %s %n %00 \'\' ""',
      'leading and trailing whitespace': '   padded both sides \t ',
      'trailing newline': 'ends with a newline\n',
      'CRLF line endings': 'first\r\nsecond\r\n',
      'a lone CR': 'old\rmac',
      tab: 'col1\tcol2\t',
      'control characters': 'bell\u0007 soh\u0001 us\u001f del\u007f',
      'whitespace only': ' \t\n ',
      'form-encoding lookalikes': 'a+b=c&d=%20%2B&e[]=f;g',
      'JSON lookalikes': '{"secret":"nested"} [1,2] \\u0000 \\"',
      'a BOM and zero-width characters': '\ufeffstart\u200b\u200c\u200d end',
      'astral and private-use characters': '𝕳𝖚𝖘𝖍 𐍈 \ue000 \u{10ffff}',
      'a PEM block': '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n',
    };

    it.each([...BODY_KINDS, 'query' as const])('through %s: every kind of value comes back exactly as sent', async (kind) => {
      const revealed: Record<string, string> = {};
      for (const [name, value] of Object.entries(VALUES)) {
        const req = kind === 'query' ? t.http().post(`/api/v1/share?${queryString({ secret: value })}`) : withBody(t.http().post('/api/v1/share'), kind, { secret: value });
        const res = await req.expect(200);
        const out = await t.http().post(`/api/v1/secret/${res.body.secret_key}`).expect(200);
        expect(out.headers['content-type']).toBe(JSON_UTF8);
        revealed[name] = out.body.value;
      }
      expect(revealed).toEqual(VALUES);
      // And byte for byte, not just as equal JS strings.
      for (const [name, value] of Object.entries(VALUES)) expect(Buffer.from(revealed[name] as string, 'utf8').equals(Buffer.from(value, 'utf8'))).toBe(true);
    });

    it.each(BODY_KINDS)('through %s: a passphrase with Unicode and whitespace must match exactly, up to Unicode NFC (spec §6)', async (kind) => {
      const passphrase = '  pässwörd 🔑 "q" \\ $(x)\t';
      for (const given of [passphrase, passphrase.normalize('NFD')]) {
        const res = await withBody(t.http().post('/api/v1/share'), kind, { secret: 'guarded', passphrase }).expect(200);
        await withBody(t.http().post(`/api/v1/secret/${res.body.secret_key}`), kind, { passphrase: passphrase.trim() }).expect(404);
        const out = await withBody(t.http().post(`/api/v1/secret/${res.body.secret_key}`), kind, { passphrase: given }).expect(200);
        expect(out.body.value).toBe('guarded');
      }
    });
  });

  describe('success responses', () => {
    it.each<[string, (req: Test) => Test]>([
      ['a form string', (req) => req.type('form').send({ secret: 's', ttl: '3600' })],
      ['a JSON string', (req) => req.send({ secret: 's', ttl: '3600' })],
      ['a JSON number', (req) => req.send({ secret: 's', ttl: 3600 })],
      ['a fraction', (req) => req.send({ secret: 's', ttl: '3600.9' })],
      ['the query string', (req) => req.query({ secret: 's', ttl: '3600' })],
      ['multipart', (req) => req.field('secret', 's').field('ttl', '3600')],
    ])('are bare JSON objects in UTF-8 JSON with integers as numbers (ttl as %s)', async (_label, send) => {
      const res = await send(t.http().post('/api/v1/share').set('Authorization', auth)).expect(200);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.text.startsWith('{"custid":"alice@example.com",')).toBe(true);
      const now = Math.floor(t.clock.now().getTime() / 1000);
      for (const fragment of ['"ttl":3600,', '"metadata_ttl":7200,', '"secret_ttl":3600,', `"updated":${now},`, `"created":${now},`, '"passphrase_required":false}']) {
        expect(res.text).toContain(fragment);
      }
      expect(res.text).not.toMatch(/"(?:ttl|metadata_ttl|secret_ttl|updated|created)":"/);
    });

    it('every endpoint answers 200 with application/json; charset=utf-8 and numeric integers', async () => {
      const expectJson = (res: Response) => {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(JSON_UTF8);
        expect(res.headers[INTENDED_STATUS]).toBeUndefined();
        return res;
      };
      const noStringIntegers = /"(?:ttl|metadata_ttl|secret_ttl|updated|created|received)":"/;
      expect(expectJson(await t.http().get('/api/v1/status')).text).toBe('{"status":"nominal","locale":"en"}');
      expectJson(await t.http().get('/api/v1/authcheck').set('Authorization', auth));

      const generated = expectJson(await t.http().post('/api/v1/generate').set('Authorization', auth).type('form').send({ ttl: '600', length: '20' }));
      expect(generated.text).toContain('"ttl":600,');
      expect(generated.body.value).toHaveLength(20);

      const shared = expectJson(await t.share({ secret: 's', ttl: '600' }, auth));
      const meta = expectJson(await t.http().get(`/api/v1/private/${shared.body.metadata_key}`).set('Authorization', auth));
      expect(meta.text).toContain('"secret_ttl":600,');
      expectJson(await t.http().post(`/api/v1/private/${shared.body.metadata_key}`).set('Authorization', auth));

      const revealed = expectJson(await t.http().post(`/api/v1/secret/${shared.body.secret_key}`));
      expect(revealed.text.startsWith('{"value":"s",')).toBe(true);
      const received = expectJson(await t.http().get(`/api/v1/private/${shared.body.metadata_key}`).set('Authorization', auth));
      expect(received.text).toMatch(/"received":\d+,/);

      const burned = expectJson(await t.http().post(`/api/v1/private/${generated.body.metadata_key}/burn`).set('Authorization', auth));
      expect(burned.text).toContain('"ttl":600,');
      expect(burned.text).toContain('"secret_ttl":null');

      const recent = expectJson(await t.http().get('/api/v1/private/recent').set('Authorization', auth));
      expect(recent.text.startsWith('[{')).toBe(true);
      expect(recent.body).toHaveLength(2);
      for (const res of [generated, shared, meta, revealed, received, burned, recent]) expect(res.text).not.toMatch(noStringIntegers);
    });
  });

  describe('fuzz: whatever arrives, no 5xx, no stack trace, the v1 error shape, nothing stored on error', () => {
    /** encodeURIComponent, after replacing lone surrogates (which it refuses) as a UTF-8 encoder would. */
    const encode = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
    const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
    const ROUTES = [
      '/api/v1/status', '/api/v1/authcheck', '/api/v1/share', '/api/v1/generate', '/api/v1/secret/{0}', '/api/v1/private/{0}',
      '/api/v1/private/{0}/burn', '/api/v1/private/recent', '/api/v1/metadata/{0}', '/api/v1/metadata/{0}/burn', '/api/v1/{0}',
      '/api/v1/{0}/{1}', '/api/v1', '/api/v1/secret/{0}/{1}',
    ];
    const CONTENT_TYPES = [
      'application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json; charset=latin1',
      'application/json; charset=utf-16', 'application/vnd.api+json', 'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded; charset=bogus', 'multipart/form-data',
      'multipart/form-data; boundary=', 'multipart/form-data; boundary=FuzzBoundary42', 'multipart/mixed; boundary=FuzzBoundary42', 'text/plain',
      'application/octet-stream', 'application/xml', 'garbage', '*/*', 'application/json; charset="utf-8"; boundary=x',
    ];
    const PARAM_NAMES = [
      'secret', 'passphrase', 'ttl', 'recipient', 'recipient[]', 'length', 'secret[a]', 'secret[]', 'ttl[]', 'passphrase[x]',
      '__proto__', '__proto__[secret]', 'constructor[prototype][secret]', 'recipient[0]', 'recipient[a][b]', 'length[]',
    ];

    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('', ' ', '\u0000', '1e400', '-1e400', '99999999999999999999999999', '-1', '0', '3600.9', 'NaN', 'Infinity', 'x'.repeat(201),
        '€'.repeat(67), 'delano@example.com', 'a@b.co', 'not an address', '%', '%ZZ', 'true', 'null', '[]', '{}'),
      fc.integer().map(String),
      fc.bigInt().map(String),
    );
    const name = fc.oneof({ arbitrary: fc.constantFrom(...PARAM_NAMES), weight: 4 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });
    const pairs = fc.array(fc.tuple(name, text), { maxLength: 6 });
    const jsonValueText = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
      text.map((value) => JSON.stringify(value)),
      fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1.7976931348623157e308', '-0', '5e-324', '[1e400]', '{"a":{"b":{"c":[]}}}', '["delano@example.com",42]'),
      fc.array(text, { maxLength: 4 }).map((items) => JSON.stringify(items)),
    );
    const jsonBody = fc.oneof(
      fc.array(fc.tuple(name, jsonValueText), { maxLength: 6 }).map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
      jsonValueText,
      fc.string({ maxLength: 30 }),
    );
    const formBody = fc.oneof(
      pairs.map((entries) => entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')),
      pairs.map((entries) => entries.map(([key, value]) => `${key}=${value}`).join('&')),
    );
    const multipartBody = fc
      .tuple(pairs, fc.boolean(), fc.boolean())
      .map(([entries, withFile, closed]) =>
        [
          ...entries.map(([key, value]) => `--FuzzBoundary42\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`),
          withFile ? '--FuzzBoundary42\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n' : '',
          closed ? '--FuzzBoundary42--\r\n' : '',
        ].join(''),
      );
    const body = fc.oneof(
      { arbitrary: fc.constant({ kind: 'none' as const, text: '' }), weight: 2 },
      { arbitrary: jsonBody.map((value) => ({ kind: 'json' as const, text: value })), weight: 3 },
      { arbitrary: formBody.map((value) => ({ kind: 'form' as const, text: value })), weight: 3 },
      { arbitrary: multipartBody.map((value) => ({ kind: 'multipart' as const, text: value })), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((value) => ({ kind: 'raw' as const, text: value })), weight: 1 },
    );
    const NATURAL_TYPE = { none: undefined, json: 'application/json', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data; boundary=FuzzBoundary42', raw: undefined };
    const segment = fc.oneof(
      { arbitrary: fc.nat(), weight: 2 }, // a live key of the right kind, picked at run time
      { arbitrary: fc.string({ maxLength: 40 }).map(encode), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }).map(encode), weight: 1 },
      { arbitrary: fc.stringMatching(/^[0-9a-z]{31}$/), weight: 1 },
      { arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '%2F', '..', '.', 'recent', '%20', '~', 'a%ZZb', '%C0%AF', '%FF', 'burn', 'recent%2F'), weight: 1 },
    );
    const request = fc.record({
      method: fc.oneof({ arbitrary: fc.constant('post' as const), weight: 5 }, { arbitrary: fc.constantFrom(...METHODS), weight: 2 }),
      route: fc.constantFrom(...ROUTES),
      segments: fc.tuple(segment, segment),
      trailingSlash: fc.boolean(),
      query: fc.oneof(
        fc.constant(''),
        pairs.map((entries) => entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')),
        fc.constantFrom('secret[a]=1', 'recipient[]=delano%40example.com', '%%%', 'a=%ZZ', 'secret=from-query&secret=twice', 'ttl=1e400&length=1e400', '&&=&'),
      ),
      auth: fc.constantFrom('none', 'none', 'valid', 'valid', 'wrong-token', 'unknown-user', 'garbage', 'bearer', 'nul-user', 'empty'),
      body,
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 3 }),
      contentEncoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'), { freq: 12 }),
    });

    /** 200 by default; a soak run raises it (HUSH_FUZZ_RUNS=10000). */
    const FUZZ_RUNS = envInteger('HUSH_FUZZ_RUNS', 200);

    it(`survives ~${FUZZ_RUNS} random requests`, async () => {
      const token = await fuzz.createAccount('fuzz@example.com');
      const validAuth = basic('fuzz@example.com', token);
      const secretKeys: string[] = [];
      const metadataKeys: string[] = [];
      for (const fields of [{ secret: 'a' }, { secret: 'b', passphrase: 'pw' }, { secret: 'c', ttl: '60' }]) {
        const { body: shared } = await fuzz.http().post('/api/v1/share').set('Authorization', validAuth).type('form').send(fields).expect(200);
        secretKeys.push(shared.secret_key);
        metadataKeys.push(shared.metadata_key);
      }
      const AUTH: Record<string, string | undefined> = {
        none: undefined,
        valid: validAuth,
        'wrong-token': basic('fuzz@example.com', 'wrong'),
        'unknown-user': basic('nobody@example.com', token),
        garbage: 'Basic %%%not-base64',
        bearer: 'Bearer abc',
        'nul-user': basic('fuzz\u0000@example.com', token),
        empty: '',
      };
      const started = Date.now();
      let ran = 0;

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          ran++;
          const keys = r.route.includes('/secret/') ? secretKeys : metadataKeys;
          const path = r.route.replace(/\{(\d)\}/g, (_match, index: string) => {
            const value = r.segments[Number(index)];
            return typeof value === 'number' ? (keys[value % keys.length] as string) : (value as string);
          });
          const url = `${path}${r.trailingSlash ? '/' : ''}${r.query ? `?${r.query}` : ''}`;
          const before = await secretRows(fuzz);

          let req = fuzz.http()[r.method](url);
          const authorization = AUTH[r.auth];
          if (authorization !== undefined) req = req.set('Authorization', authorization);
          const contentType = r.contentType ?? NATURAL_TYPE[r.body.kind];
          if (contentType !== undefined) req = req.set('Content-Type', contentType);
          if (r.contentEncoding !== null) req = req.set('Content-Encoding', r.contentEncoding);
          // A body on HEAD would go out unframed (superagent sends neither Content-Length nor chunks for HEAD).
          if (r.body.kind !== 'none' && r.method !== 'head') req = req.serialize((data: unknown) => data as string).send(Buffer.from(r.body.text, 'utf8'));
          const res = await req;

          const context = `${r.method.toUpperCase()} ${url} [${contentType ?? 'no type'}] ${JSON.stringify(r.body.text).slice(0, 200)} -> ${res.status} ${res.headers[INTENDED_STATUS] ?? ''} ${res.text ?? ''}`;
          expect({ context, serverError: res.status >= 500 }).toEqual({ context, serverError: false });
          expect({ context, status: [200, 404].includes(res.status) }).toEqual({ context, status: true });
          if (res.status === 200) return;

          expect({ context, intended: res.headers[INTENDED_STATUS] }).toEqual({ context, intended: expect.stringMatching(/^(400|401|404|413)$/) });
          expect({ context, rows: await secretRows(fuzz) }).toEqual({ context, rows: before });
          if (r.method === 'head') return;
          expect({ context, type: res.headers['content-type'] }).toEqual({ context, type: JSON_UTF8 });
          expect({ context, message: typeof res.body.message }).toEqual({ context, message: 'string' });
          // What the server says, without the parts that echo the request back (a key, an address).
          const { secret_key: _echoedKey, message, ...rest } = res.body as { secret_key?: string; message: string };
          const own = `${message.replace(/^(Undeliverable email address: ).*$/s, '$1')} ${JSON.stringify(rest)}`;
          for (const pattern of STACK_TRACE_PATTERNS) expect({ context, stack: pattern.test(own) }).toEqual({ context, stack: false });
          expect({ context, keys: Object.keys(rest) }).toEqual({ context, keys: [] });
        }),
        { numRuns: FUZZ_RUNS, endOnFailure: true },
      );

      expect(ran).toBe(FUZZ_RUNS);
      // Kept well under the suite's timeout; reported so a slow run shows up in the output.
      process.stdout.write(`fuzz: ${ran} requests in ${Date.now() - started} ms\n`);
      await fuzz.http().get('/api/v1/status').expect(200);
    }, Math.max(60_000, FUZZ_RUNS * 300));
  });
});
