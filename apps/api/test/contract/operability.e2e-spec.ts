import { migrations } from '@hush/persistence';
import request, { type Response } from 'supertest';
import { freePort } from '@hush/persistence/testing';
import { PurgeScheduler } from '../../src/scheduling/purge.scheduler';
import { secretRows } from '../support/database';
import { basic, createProxiedTestApp, createTestApp, resetDatabase, type ProxiedTestApp, type TestApp } from '../support/test-app';
import { awayFromWindowEnd, TEST_RATE_WINDOW_SECONDS, timed } from '../support/timing';
import { INTENDED_STATUS, UNAVAILABLE, wire } from '../support/v1';

const ALICE = 'alice@example.com';
const A_VALUE = { secret: 'a value' };
const RATE_LIMITED = '{"message":"Rate limit exceeded. Please try again later."}';
const QUICKLY_MS = 5000;
const LIMITS = { RATE_LIMIT_CREATE_PER_MINUTE: '3', RATE_LIMIT_REVEAL_PER_MINUTE: '4' };
const ALLOWED_ORIGIN = 'https://app.example.com';
const OTHER_ORIGIN = 'https://evil.example.com';
const METRICS_TOKEN = 'a-metrics-scraper-token';
const SMALL_SECRET_MAX_BYTES = 1000;
/** bodyLimitFor(1000): 3 × SECRET_MAX_BYTES + 64 KiB. */
const SMALL_BODY_LIMIT = 3 * SMALL_SECRET_MAX_BYTES + 64 * 1024;

// ---- Prometheus text format ----

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

class Scrape {
  readonly samples: Sample[];

  constructor(readonly text: string) {
    this.samples = text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match?.[1] || match[3] === undefined) throw new Error(`Not a Prometheus sample: ${line}`);
        const labels: Record<string, string> = {};
        for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key as string] = value as string;
        return { name: match[1], labels, value: Number(match[3]) };
      });
  }

  /** The sample with exactly these labels; 0 when the series does not exist (yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const wanted = Object.entries(labels);
    const found = this.samples.filter(
      (sample) => sample.name === name && Object.keys(sample.labels).length === wanted.length && wanted.every(([key, value]) => sample.labels[key] === value),
    );
    if (found.length > 1) throw new Error(`Ambiguous sample ${name} ${JSON.stringify(labels)}`);
    return found[0]?.value ?? 0;
  }

  type(name: string): string | undefined {
    return new RegExp(`^# TYPE ${name} (\\w+)$`, 'm').exec(this.text)?.[1];
  }

  /** Every distinct value a label takes across the samples of one metric family. */
  labelValues(prefix: string, label: string): string[] {
    return [...new Set(this.samples.filter((s) => s.name.startsWith(prefix) && label in s.labels).map((s) => s.labels[label] as string))];
  }
}

const COUNTERS = {
  created: 'hush_secrets_created_total',
  revealed: 'hush_secrets_revealed_total',
  burned: 'hush_secrets_burned_total',
  passphraseFailures: 'hush_passphrase_failures_total',
  purged: 'hush_purged_rows_total',
} as const;

const requests = (method: string, route: string, status: number) => ({ method, route, status_code: String(status) });

// ---- OpenAPI document ----

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  required?: string[];
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: OpenApiSchema }> };
  responses: Record<string, { headers?: Record<string, { schema?: OpenApiSchema }>; content?: Record<string, { schema: OpenApiSchema }> }>;
  security?: Record<string, string[]>[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }>; schemas?: Record<string, OpenApiSchema> };
}

const V1_OPERATIONS: Record<string, string[]> = {
  '/api/v1/status': ['get'],
  '/api/v1/authcheck': ['get'],
  '/api/v1/share': ['post'],
  '/api/v1/create': ['post'],
  '/api/v1/generate': ['post'],
  '/api/v1/secret/{key}': ['post'],
  '/api/v1/private/{key}': ['get', 'post'],
  '/api/v1/private/{key}/burn': ['post'],
  '/api/v1/private/recent': ['get'],
  '/api/v1/receipt/{key}': ['get', 'post'],
  '/api/v1/receipt/{key}/burn': ['post'],
  '/api/v1/receipt/recent': ['get'],
  '/api/v1/metadata/{key}': ['get', 'post'],
  '/api/v1/metadata/{key}/burn': ['post'],
  '/api/v1/metadata/recent': ['get'],
};

const METADATA_FIELDS = ['custid', 'metadata_key', 'secret_key', 'ttl', 'metadata_ttl', 'secret_ttl', 'state', 'updated', 'created', 'received', 'recipient', 'share_domain', 'passphrase_required'];

/** Follows $ref into components and merges allOf, so assertions hold however the generator lays the schema out. */
function resolve(doc: OpenApiDocument, schema: OpenApiSchema | undefined): OpenApiSchema {
  if (!schema) throw new Error('missing schema');
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(doc, part));
    return { type: 'object', properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, OpenApiSchema> };
  }
  return schema;
}

function jsonSchema(doc: OpenApiDocument, content: Record<string, { schema: OpenApiSchema }> | undefined): OpenApiSchema {
  return resolve(doc, content?.['application/json']?.schema);
}

describe('operability', () => {
  /** The default app, its database behind a proxy the tests cut. Created last: Basic auth goes to it only. */
  let t: ProxiedTestApp;
  /** Creates and reveals limited; one app for every test of them, since each test starts on emptied counters. */
  let limited: TestApp;
  let trustedLimited: TestApp;
  let accountLimited: TestApp;
  let authLimited: TestApp;
  let withCors: TestApp;
  let smallBodies: TestApp;
  let metricsWithToken: TestApp;
  /** The metrics listeners of `t` and of `metricsWithToken`. */
  let metricsUrl: string;
  let tokenMetricsUrl: string;
  let token: string;
  let alice: string;

  beforeAll(async () => {
    limited = await createTestApp(LIMITS);
    trustedLimited = await createTestApp({ ...LIMITS, TRUST_PROXY: 'loopback' });
    accountLimited = await createTestApp({ RATE_LIMIT_ACCOUNT_PER_MINUTE: '6', RATE_LIMIT_CREATE_PER_MINUTE: '1' });
    authLimited = await createTestApp({ RATE_LIMIT_ACCOUNT_PER_MINUTE: '100', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
    withCors = await createTestApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
    smallBodies = await createTestApp({ SECRET_MAX_BYTES: String(SMALL_SECRET_MAX_BYTES) });
    const [metricsPort, tokenMetricsPort] = [await freePort(), await freePort()];
    metricsWithToken = await createTestApp({ METRICS_PORT: String(tokenMetricsPort), METRICS_BEARER_TOKEN: METRICS_TOKEN });
    tokenMetricsUrl = `http://127.0.0.1:${tokenMetricsPort}`;
    t = await createProxiedTestApp({ METRICS_PORT: String(metricsPort) });
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
  });
  afterAll(async () => {
    for (const app of [metricsWithToken, smallBodies, withCors, authLimited, accountLimited, trustedLimited, limited, t]) await app?.close();
  });
  beforeEach(async () => {
    await t.proxy.start();
    await resetDatabase(t);
    token = await t.createAccount(ALICE);
    alice = basic(ALICE, token);
  });

  const scrape = async (): Promise<Scrape> => {
    const res = await request(metricsUrl).get('/metrics').expect(200);
    return new Scrape(res.text);
  };

  describe('health', () => {
    it('GET /health/live answers 200 {"status":"ok"}', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ status: 'ok' });
      expect(res.headers[INTENDED_STATUS]).toBeUndefined();
    });

    it('GET /health/ready answers 200 with the database up', async () => {
      const res = await t.http().get('/health/ready').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } }, details: { database: { status: 'up' } } });
    });

    it('while the database is unreachable: ready is a real, quick 503 with the database down, live stays 200, v1 answers unavailable; then recovers without a restart', async () => {
      const before = await scrape();
      await t.proxy.stop();

      for (let attempt = 0; attempt < 2; attempt++) {
        const { res, ms } = await timed(t.http().get('/health/ready'));
        expect(res.status).toBe(503);
        expect(res.headers[INTENDED_STATUS]).toBeUndefined();
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } }, details: { database: { status: 'down' } } });
        expect(res.body).not.toHaveProperty('message', 'Not Found');
        expect(ms).toBeLessThan(QUICKLY_MS);
      }

      const { res: live, ms: liveMs } = await timed(t.http().get('/health/live'));
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ status: 'ok' });
      expect(liveMs).toBeLessThan(QUICKLY_MS);

      for (const send of [() => t.share(A_VALUE), () => t.reveal('abcdefghijklmnopqrstuvwxyz01234')]) {
        const { res, ms } = await timed(send());
        expect(wire(res)).toEqual({ status: 404, text: UNAVAILABLE, intended: '503' });
        expect(ms).toBeLessThan(QUICKLY_MS);
      }

      await t.proxy.start();
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
      await t.share(A_VALUE).expect(200);

      // The real 503 and the intended one are both what the metrics report.
      const after = await scrape();
      expect(after.value('http_request_duration_seconds_count', requests('GET', '/health/ready', 503)) - before.value('http_request_duration_seconds_count', requests('GET', '/health/ready', 503))).toBe(2);
      expect(after.value('http_request_duration_seconds_count', requests('POST', '/api/v1/share', 503)) - before.value('http_request_duration_seconds_count', requests('POST', '/api/v1/share', 503))).toBe(1);
    });
  });

  describe('metrics', () => {
    it('are served on their own listener (METRICS_PORT), not on the API port', async () => {
      const onApi = await t.http().get('/metrics');
      expect({ status: onApi.status, body: onApi.body as unknown }).toEqual({ status: 404, body: { message: 'Not Found' } });
      await request(metricsUrl).get('/metrics').expect(200).expect('Content-Type', /^text\/plain/);
      await request(metricsUrl).head('/metrics').expect(200);
      await request(metricsUrl).get('/metrics?debug=1').expect(200);
      await request(metricsUrl).get('/api/v1/status').expect(404, { message: 'Not Found' });
      await request(metricsUrl).post('/metrics').expect(405).expect('Allow', 'GET, HEAD');
    });

    it('with METRICS_BEARER_TOKEN, answer only a scraper that sends it', async () => {
      for (const authorization of [undefined, 'Bearer not the token', `Bearer ${METRICS_TOKEN}x`, `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`]) {
        const req = request(tokenMetricsUrl).get('/metrics');
        const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
        expect({ authorization, status: res.status, challenge: res.headers['www-authenticate'], body: res.body as unknown }).toEqual({
          authorization,
          status: 401,
          challenge: 'Bearer realm="metrics"',
          body: { message: 'Unauthorized' },
        });
      }
      const res = await request(tokenMetricsUrl).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(new Scrape(res.text).type(COUNTERS.created)).toBe('counter');
      await request(tokenMetricsUrl).get('/metrics').set('Authorization', `bearer ${METRICS_TOKEN}`).expect(200);
      await metricsWithToken.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
    });

    it('GET /metrics is Prometheus text with the HTTP histogram, the secret counters and the default process metrics', async () => {
      const res = await request(metricsUrl).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const metrics = new Scrape(res.text);
      expect(metrics.type('http_request_duration_seconds')).toBe('histogram');
      for (const name of Object.values(COUNTERS)) {
        expect({ name, type: metrics.type(name) }).toEqual({ name, type: 'counter' });
        expect(metrics.samples.some((sample) => sample.name === name && Number.isFinite(sample.value))).toBe(true);
      }
      for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_eventloop_lag_seconds']) {
        expect({ name, present: metrics.samples.some((sample) => sample.name === name && sample.value >= 0) }).toEqual({ name, present: true });
      }
    });

    it('labels requests by method, route pattern and intended status, and never carries a key', async () => {
      const before = await scrape();
      const shared = await t.shareReceipt({ secret: 'labelled', passphrase: 'pw' }, alice);
      const generated = (await t.http().post('/api/v1/generate').set('Authorization', alice).expect(200)).body as { secret_key: string; metadata_key: string };
      await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      await t.http().post(`/api/v1/metadata/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(200);
      const again = await t.reveal(shared.secret_key, { passphrase: 'pw' });
      expect(wire(again)).toMatchObject({ status: 404, intended: '404' });
      await t.http().post(`/api/v1/private/${generated.metadata_key}/burn`).set('Authorization', alice).expect(200);
      const badCredentials = await t.http().get('/api/v1/authcheck').set('Authorization', basic(ALICE, 'not the token'));
      expect(wire(badCredentials)).toMatchObject({ status: 404, intended: '401' });
      const unmatchedKey = 'zyxwvutsrqponmlkjihgfedcba98765';
      await t.http().get(`/api/v1/nowhere/${unmatchedKey}`).expect(404);
      const after = await scrape();

      const delta = (method: string, route: string, status: number) =>
        after.value('http_request_duration_seconds_count', requests(method, route, status)) - before.value('http_request_duration_seconds_count', requests(method, route, status));
      expect({
        share: delta('POST', '/api/v1/share', 200),
        generate: delta('POST', '/api/v1/generate', 200),
        metadataGet: delta('GET', '/api/v1/private/:key', 200),
        metadataAliasPost: delta('POST', '/api/v1/metadata/:key', 200),
        revealed: delta('POST', '/api/v1/secret/:key', 200),
        unknown: delta('POST', '/api/v1/secret/:key', 404),
        burn: delta('POST', '/api/v1/private/:key/burn', 200),
        badCredentials: delta('GET', '/api/v1/authcheck', 401),
        badCredentialsAs404: delta('GET', '/api/v1/authcheck', 404),
        unmatched: delta('GET', 'unmatched', 404),
      }).toEqual({ share: 1, generate: 1, metadataGet: 1, metadataAliasPost: 1, revealed: 1, unknown: 1, burn: 1, badCredentials: 1, badCredentialsAs404: 0, unmatched: 1 });
      // Histogram buckets and sums carry the same labels.
      expect(after.value('http_request_duration_seconds_bucket', { ...requests('POST', '/api/v1/share', 200), le: '+Inf' })).toBe(after.value('http_request_duration_seconds_count', requests('POST', '/api/v1/share', 200)));
      expect(after.value('http_request_duration_seconds_sum', requests('POST', '/api/v1/share', 200))).toBeGreaterThan(0);

      for (const route of after.labelValues('http_request_duration_seconds', 'route')) {
        expect(route).toMatch(/^(unmatched|\/[\w/.:-]*)$/);
        expect(route).not.toMatch(/[0-9a-z]{31}/);
      }
      for (const needle of [shared.secret_key, shared.metadata_key, generated.secret_key, generated.metadata_key, unmatchedKey, token, 'labelled']) {
        expect(after.text).not.toContain(needle);
      }
    });

    it('counts secrets created, revealed, burned and passphrase failures exactly', async () => {
      const before = await scrape();
      const withPassphrase = (await t.share({ secret: 'a', passphrase: 'right' }).expect(200)).body as { secret_key: string };
      const plain = (await t.share({ secret: 'b' }).expect(200)).body as { secret_key: string };
      const generated = (await t.http().post('/api/v1/generate').set('Authorization', alice).expect(200)).body as { metadata_key: string };
      const guessed = (await t.share({ secret: 'c', passphrase: 'right' }).expect(200)).body as { secret_key: string };
      const afterCreating = await scrape();

      await t.reveal(plain.secret_key).expect(200);
      await t.reveal(plain.secret_key).expect(404);
      await t.reveal(withPassphrase.secret_key, { passphrase: 'wrong' }).expect(404);
      await t.reveal(withPassphrase.secret_key).expect(404);
      await t.reveal(withPassphrase.secret_key, { passphrase: 'right' }).expect(200);
      const afterRevealing = await scrape();

      await t.http().post(`/api/v1/private/${generated.metadata_key}/burn`).set('Authorization', alice).expect(200);
      // The fifth wrong guess burns the secret: one more burn, five more failures.
      for (let i = 0; i < 5; i++) await t.reveal(guessed.secret_key, { passphrase: `wrong ${i}` }).expect(404);
      await t.reveal(guessed.secret_key, { passphrase: 'right' }).expect(404);
      const after = await scrape();

      const deltas = (from: Scrape, to: Scrape) => Object.fromEntries(Object.entries(COUNTERS).map(([key, name]) => [key, to.value(name) - from.value(name)]));
      expect(deltas(before, afterCreating)).toEqual({ created: 4, revealed: 0, burned: 0, passphraseFailures: 0, purged: 0 });
      // The missing passphrase is no guess (spec §5): only the wrong one counts.
      expect(deltas(afterCreating, afterRevealing)).toEqual({ created: 0, revealed: 2, burned: 0, passphraseFailures: 1, purged: 0 });
      // The reveal of a burned secret is an unknown key, not a passphrase failure.
      expect(deltas(afterRevealing, after)).toEqual({ created: 0, revealed: 0, burned: 2, passphraseFailures: 5, purged: 0 });
    });

    it('counts the rows the purge deletes', async () => {
      for (let i = 0; i < 3; i++) await t.share({ secret: `short ${i}`, ttl: '60' }).expect(200);
      const kept = (await t.share({ secret: 'long', ttl: '3600' }).expect(200)).body as { secret_key: string };
      const before = await scrape();
      t.clock.advanceSeconds(2 * 60 + 1);

      const purge = t.app.get(PurgeScheduler);
      await expect(purge.tick()).resolves.toMatchObject({ purged: 3 });
      const after = await scrape();
      expect(after.value(COUNTERS.purged) - before.value(COUNTERS.purged)).toBe(3);

      await expect(purge.tick()).resolves.toMatchObject({ purged: 0 });
      expect((await scrape()).value(COUNTERS.purged)).toBe(after.value(COUNTERS.purged));
      expect(await secretRows(t)).toBe(1);
      await t.reveal(kept.secret_key).expect(200);
    });
  });

  describe('OpenAPI', () => {
    let doc: OpenApiDocument;

    beforeEach(async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      doc = res.body as OpenApiDocument;
    });

    it('is an OpenAPI 3 document listing every v1 path with its methods, and no others under /api/v1', () => {
      expect(doc.openapi).toMatch(/^3\./);
      const listed = Object.fromEntries(
        Object.entries(doc.paths)
          .filter(([path]) => path.startsWith('/api/v1/'))
          .map(([path, item]) => [path, Object.keys(item).filter((key) => ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(key)).sort()]),
      );
      expect(listed).toEqual(V1_OPERATIONS);
    });

    it('declares HTTP Basic security, required on the account routes and optional on the open ones', () => {
      const schemes = Object.entries(doc.components?.securitySchemes ?? {}).filter(([, scheme]) => scheme.type === 'http' && scheme.scheme === 'basic');
      expect(schemes).toHaveLength(1);
      const name = schemes[0]?.[0] as string;
      const security = (path: string, method: string) => doc.paths[path]?.[method]?.security ?? [];
      for (const [path, method] of [['/api/v1/authcheck', 'get'], ['/api/v1/private/{key}', 'get'], ['/api/v1/private/{key}/burn', 'post'], ['/api/v1/private/recent', 'get']] as const) {
        expect({ path, security: security(path, method) }).toEqual({ path, security: [{ [name]: [] }] });
      }
      for (const [path, method] of [['/api/v1/share', 'post'], ['/api/v1/generate', 'post'], ['/api/v1/secret/{key}', 'post'], ['/api/v1/status', 'get']] as const) {
        expect({ path, security: security(path, method) }).toEqual({ path, security: expect.arrayContaining([{}, { [name]: [] }]) });
      }
    });

    it('documents the request parameters', () => {
      const body = (path: string) => jsonSchema(doc, doc.paths[path]?.post?.requestBody?.content);
      const shareBody = body('/api/v1/share');
      expect(shareBody.properties).toMatchObject({
        secret: { type: 'string' },
        passphrase: { type: 'string' },
        ttl: { type: 'integer' },
        recipient: { type: 'array', items: { type: 'string' } },
      });
      expect(shareBody.required).toEqual(['secret']);
      expect(Object.keys(body('/api/v1/generate').properties ?? {})).toEqual(expect.arrayContaining(['passphrase', 'ttl', 'recipient']));
      expect(body('/api/v1/secret/{key}').properties).toHaveProperty('passphrase');
      for (const [path, method] of [['/api/v1/secret/{key}', 'post'], ['/api/v1/private/{key}', 'get'], ['/api/v1/private/{key}', 'post'], ['/api/v1/metadata/{key}/burn', 'post']] as const) {
        expect({ path, method, parameters: doc.paths[path]?.[method]?.parameters }).toEqual({
          path,
          method,
          parameters: expect.arrayContaining([expect.objectContaining({ name: 'key', in: 'path', required: true })]),
        });
      }
    });

    it('documents the metadata response', () => {
      const response = (path: string, method: string) => jsonSchema(doc, doc.paths[path]?.[method]?.responses['200']?.content);
      for (const [path, method] of [['/api/v1/share', 'post'], ['/api/v1/generate', 'post'], ['/api/v1/private/{key}', 'get'], ['/api/v1/metadata/{key}', 'post']] as const) {
        expect({ path, method, fields: Object.keys(response(path, method).properties ?? {}) }).toEqual({ path, method, fields: expect.arrayContaining(METADATA_FIELDS) });
      }
      expect(response('/api/v1/share', 'post').properties).toMatchObject({ custid: { type: 'string' }, metadata_key: { type: 'string' }, ttl: { type: 'integer' }, recipient: { type: 'array' } });
      expect(response('/api/v1/generate', 'post').properties).toHaveProperty('value');
      const recent = response('/api/v1/private/recent', 'get');
      expect(recent.type).toBe('array');
      expect(Object.keys(resolve(doc, recent.items).properties ?? {})).toEqual(expect.arrayContaining(METADATA_FIELDS));
      const burned = response('/api/v1/private/{key}/burn', 'post');
      expect(Object.keys(resolve(doc, burned.properties?.state).properties ?? {})).toEqual(expect.arrayContaining(METADATA_FIELDS));
      expect(burned.properties).toHaveProperty('secret_shortkey');
      expect(Object.keys(response('/api/v1/secret/{key}', 'post').properties ?? {})).toEqual(['value', 'secret_key', 'share_domain']);
    });

    it('documents the v1 error: 404 with X-OTS-Intended-Status and a message, on every v1 operation', () => {
      for (const [path, methods] of Object.entries(V1_OPERATIONS)) {
        for (const method of methods) {
          const error = doc.paths[path]?.[method]?.responses['404'];
          expect({ path, method, header: Object.keys(error?.headers ?? {}) }).toEqual({ path, method, header: ['X-OTS-Intended-Status'] });
          expect(jsonSchema(doc, error?.content).properties).toHaveProperty('message');
        }
      }
    });

    it('GET /api/docs serves the UI, whose scripts are all files the CSP allows', async () => {
      const res = await t.http().get('/api/docs').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('swagger-ui');
      const scripts = [...res.text.matchAll(/<script\b([^>]*)>/g)].map((match) => /src="([^"]+)"/.exec(match[1] ?? '')?.[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        expect(src).toBeDefined();
        const asset = await t.http().get(new URL(src as string, 'http://hush.test/api/docs').pathname).expect(200);
        expect(asset.headers['content-type']).toMatch(/javascript/);
      }
    });
  });

  describe('rate limits', () => {
    const rateLimited = (res: Response) => {
      expect(wire(res)).toEqual({ status: 404, text: RATE_LIMITED, intended: '429' });
      // Seconds until the minute's counts start again.
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(TEST_RATE_WINDOW_SECONDS);
    };
    beforeEach(() => awayFromWindowEnd());

    it('lets RATE_LIMIT_CREATE_PER_MINUTE shares and generates through together, answers the next with 429, and stores nothing for it', async () => {
      const app = limited;
      await app.share(A_VALUE).expect(200);
      await app.generate().expect(200);
      await app.share(A_VALUE).expect(200);
      expect(await secretRows(app)).toBe(3);
      rateLimited(await app.generate());
      rateLimited(await app.share(A_VALUE));
      expect(await secretRows(app)).toBe(3);
    });

    it('limits reveals separately from creation, and a refused reveal consumes nothing', async () => {
      const app = limited;
      // Two reveals first: they must not eat into the creation budget.
      for (let i = 0; i < 2; i++) expect(wire(await app.reveal(`unknownkey${i}`))).toMatchObject({ status: 404, intended: '404' });
      const created = [];
      for (let i = 0; i < 3; i++) created.push((await app.share({ secret: `value ${i}` }).expect(200)).body as { secret_key: string });
      rateLimited(await app.share(A_VALUE));
      // Creation is exhausted; the reveal budget still has its last two.
      expect((await app.reveal(created[0]?.secret_key as string).expect(200)).body.value).toBe('value 0');
      expect((await app.reveal(created[1]?.secret_key as string).expect(200)).body.value).toBe('value 1');
      rateLimited(await app.reveal(created[2]?.secret_key as string));
      const rows = (await app.db.dataSource.query('SELECT state, value_sealed IS NOT NULL AS has_value FROM hush_secret ORDER BY state')) as unknown[];
      expect(rows).toEqual([
        { state: 'new', has_value: true },
        { state: 'received', has_value: false },
        { state: 'received', has_value: false },
      ]);
    });

    it('without TRUST_PROXY, a forged X-Forwarded-For does not get a fresh budget', async () => {
      const app = limited;
      for (let i = 0; i < 3; i++) await app.share(A_VALUE).expect(200);
      rateLimited(await app.share(A_VALUE));
      for (const forged of ['198.51.100.7', '203.0.113.9, 198.51.100.8']) rateLimited(await app.share(A_VALUE).set('X-Forwarded-For', forged));
      expect(await secretRows(app)).toBe(3);
    });

    it('behind a configured proxy, a client forging X-Forwarded-For gets no fresh budget (the proxy appends the real address)', async () => {
      const app = trustedLimited;
      const client = '198.51.100.20';
      for (let i = 0; i < 3; i++) await app.share(A_VALUE).set('X-Forwarded-For', `203.0.113.${50 + i}, ${client}`).expect(200);
      for (const forged of ['203.0.113.99', '10.0.0.1, 203.0.113.98', 'unknown']) {
        rateLimited(await app.share(A_VALUE).set('X-Forwarded-For', `${forged}, ${client}`));
      }
      expect(await secretRows(app)).toBe(3);
    });

    it('with TRUST_PROXY naming the proxy, each client address (from X-Forwarded-For) has its own budget', async () => {
      const app = trustedLimited;
      const from = (address: string) => app.share(A_VALUE).set('X-Forwarded-For', address);
      for (let i = 0; i < 3; i++) await from('203.0.113.1').expect(200);
      rateLimited(await from('203.0.113.1'));
      for (let i = 0; i < 3; i++) await from('203.0.113.2').expect(200);
      rateLimited(await from('203.0.113.2'));
      // The proxy's own address (no header) is yet another client.
      await app.share(A_VALUE).expect(200);
      expect(await secretRows(app)).toBe(7);
    });

    it('counts IPv6 clients per /64 network', async () => {
      const app = trustedLimited;
      const from = (address: string) => app.share(A_VALUE).set('X-Forwarded-For', address);
      for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff:ffff:ffff:ffff']) await from(address).expect(200);
      rateLimited(await from('2001:0db8:0001:0002::abcd'));
      await from('2001:db8:1:3::1').expect(200);
      expect(await secretRows(app)).toBe(4);
    });

    it('counts an account\'s calls against the account on every v1 route, not against the address it shares', async () => {
      const app = accountLimited;
      await app.share(A_VALUE).expect(200);
      rateLimited(await app.share(A_VALUE));
      // The anonymous budget of this address is spent; the account's is not, and every route spends it.
      const receipt = await app.shareReceipt(A_VALUE, alice);
      await app.generate({}, alice).expect(200);
      await app.http().get(`/api/v1/receipt/${receipt.metadata_key}`).set('Authorization', alice).expect(200);
      await app.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
      await app.http().get('/api/v1/status').set('Authorization', alice).expect(200);
      await app.http().get('/api/v1/authcheck').set('Authorization', alice).expect(200);
      rateLimited(await app.http().post(`/api/v1/private/${receipt.metadata_key}/burn`).set('Authorization', alice));
      rateLimited(await app.share(A_VALUE, alice));
      // Another account has its own budget.
      const bob = basic('bob@example.com', await t.createAccount('bob@example.com'));
      await app.share(A_VALUE, bob).expect(200);
      expect(await secretRows(app)).toBe(4);
      expect((await app.db.dataSource.query('SELECT state FROM hush_secret WHERE metadata_key_hash IS NOT NULL ORDER BY state')).map((row: { state: string }) => row.state)).toEqual(['new', 'new', 'new', 'new']);
    });

    it('answers failed authentications past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE with 429, and never refuses the right token for it', async () => {
      const app = authLimited;
      const from = (address: string, authorization: string) => app.http().get('/api/v1/authcheck').set('X-Forwarded-For', address).set('Authorization', authorization);
      const wrong = basic(ALICE, 'not the token');
      for (let i = 0; i < 3; i++) expect(wire(await from('198.51.100.66', wrong))).toMatchObject({ status: 404, intended: '401' });
      // Every kind of failure past the budget gets the same 429: which part was wrong is not told.
      for (const failure of [wrong, basic('nobody@example.com', token), 'Basic !!!', basic(ALICE, `${token}x`)]) rateLimited(await from('198.51.100.66', failure));
      // The owner behind the same address is not locked out, and a right call does not reopen the budget for guesses.
      await from('198.51.100.66', alice).expect(200);
      await app.share(A_VALUE, alice).set('X-Forwarded-For', '198.51.100.66').expect(200);
      rateLimited(await from('198.51.100.66', wrong));
      await from('198.51.100.67', alice).expect(200);
      // Anonymous calls of that client are not failed authentications.
      await app.share(A_VALUE).set('X-Forwarded-For', '198.51.100.66').expect(200);
    });

    it('stores a client address in the audit trail only when it is one, and at most an address long', async () => {
      const app = authLimited;
      for (const forwarded of ['x'.repeat(4000), '203.0.113.5<script>', '2001:db8::1', '198.51.100.9']) await app.share(A_VALUE).set('X-Forwarded-For', forwarded).expect(200);
      const rows = (await app.db.dataSource.query('SELECT client_address FROM hush_audit ORDER BY at, id')) as { client_address: string | null }[];
      expect(rows.map((row) => row.client_address)).toEqual(['unknown', 'unknown', '2001:db8::1', '198.51.100.9']);
    });

    it('keeps limiting, in memory, while the shared counters cannot be written', async () => {
      const app = limited;
      await app.db.dataSource.query('DROP TABLE hush_rate_counter');
      try {
        for (let i = 0; i < 3; i++) await app.share({ secret: `value ${i}` }).expect(200);
        rateLimited(await app.share(A_VALUE));
        expect(await secretRows(app)).toBe(3);
      } finally {
        const recreate = migrations.find((migration) => migration.name === 'RateCounters1796342400000');
        await new (recreate as (typeof migrations)[number])().up(app.db.dataSource.createQueryRunner());
      }
    });
  });

  describe('HTTP hardening', () => {
    it('sends helmet\'s security headers and no X-Powered-By, on successes and errors alike', async () => {
      const responses = [
        await t.http().get('/api/v1/status').expect(200),
        await t.reveal('nosuchkey').expect(404),
        await t.http().get('/health/live').expect(200),
        await t.http().get('/api/docs-json').expect(200),
      ];
      for (const res of responses) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        // The pages' answer (PAGES.md §4) on every surface: nothing may frame Hush, not even Hush.
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers).not.toHaveProperty('x-powered-by');
      }
    });

    it('CORS is off by default: no Access-Control-Allow-Origin for any origin', async () => {
      const res = await t.http().get('/api/v1/status').set('Origin', ALLOWED_ORIGIN).expect(200);
      expect(res.headers).not.toHaveProperty('access-control-allow-origin');
      const preflight = await t.http().options('/api/v1/share').set('Origin', ALLOWED_ORIGIN).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    });

    it('CORS_ORIGINS allows exactly the listed origins, preflight included', async () => {
      const simple = await withCors.http().get('/api/v1/status').set('Origin', ALLOWED_ORIGIN).expect(200);
      expect(simple.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);

      const preflight = await withCors
        .http()
        .options('/api/v1/share')
        .set('Origin', ALLOWED_ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(preflight.status).toBeGreaterThanOrEqual(200);
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/\bPOST\b/);
      expect(preflight.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/\bauthorization\b/);
      expect(preflight.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/\bcontent-type\b/);

      const shared = await withCors.share(A_VALUE).set('Origin', ALLOWED_ORIGIN).expect(200);
      expect(shared.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);

      const other = await withCors.http().get('/api/v1/status').set('Origin', OTHER_ORIGIN).expect(200);
      expect(other.headers).not.toHaveProperty('access-control-allow-origin');
      const otherPreflight = await withCors.http().options('/api/v1/share').set('Origin', OTHER_ORIGIN).set('Access-Control-Request-Method', 'POST');
      expect(otherPreflight.headers).not.toHaveProperty('access-control-allow-origin');
    });

    describe('body limit: 3 × SECRET_MAX_BYTES + 64 KiB', () => {
      const tooLarge = { status: 404, text: JSON.stringify({ message: `Secret value exceeds the maximum size of ${SMALL_SECRET_MAX_BYTES} bytes` }), intended: '413' };
      /** A small secret padded with an ignored parameter, so only the body size can fail the request. */
      const formOf = (bytes: number) => {
        const prefix = 'secret=small&padding=';
        return prefix + 'x'.repeat(bytes - prefix.length);
      };

      it('accepts a form body of exactly the limit and refuses one byte more with intended 413', async () => {
        await smallBodies.http().post('/api/v1/share').type('form').send(formOf(SMALL_BODY_LIMIT)).expect(200);
        expect(await secretRows(smallBodies)).toBe(1);
        expect(wire(await smallBodies.http().post('/api/v1/share').type('form').send(formOf(SMALL_BODY_LIMIT + 1)))).toEqual(tooLarge);
        expect(await secretRows(smallBodies)).toBe(1);
      });

      it('refuses oversized JSON and multipart bodies the same way', async () => {
        const json = await smallBodies.http().post('/api/v1/share').set('Content-Type', 'application/json').send(JSON.stringify({ secret: 'small', padding: 'x'.repeat(SMALL_BODY_LIMIT) }));
        expect(wire(json)).toEqual(tooLarge);
        const multipart = await smallBodies.http().post('/api/v1/share').field('secret', 'small').field('padding', 'x'.repeat(SMALL_BODY_LIMIT + 1));
        expect(wire(multipart)).toEqual(tooLarge);
        expect(await secretRows(smallBodies)).toBe(0);
      });
    });
  });
});
