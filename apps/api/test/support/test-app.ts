import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { CreateAccount } from '@hush/domain';
import { FixedClock } from '@hush/domain/testing';
import type { Database } from '@hush/persistence';
import { testDatabaseUrl, testPoolMode, truncateAll } from '@hush/persistence/testing';
import request, { type Test as HttpRequest } from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { CLOCK, DATABASE } from '../../src/tokens';
import { configureSurfaces } from '../../src/surfaces';
import { PrototypeStableExpressAdapter } from '../../src/http/prototype-stable-express.adapter';
import { proxyFor, type TcpProxy } from './tcp-proxy';
import { TEST_MASTER_KEY } from './test-master-key';
import { TEST_RATE_WINDOW_SECONDS } from './timing';

/** Collects every log line the app writes, to prove that none carries secret data. */
export class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];

  protected override printMessages(messages: unknown[], context?: string, logLevel?: string): void {
    for (const message of messages) this.lines.push(`${logLevel} [${context}] ${typeof message === 'string' ? message : JSON.stringify(message)}`);
  }
}

/** Request parameters, sent as an application/x-www-form-urlencoded body. */
export type Fields = Record<string, string>;

/** What POST /share and /generate answer, as far as most tests need it. */
export interface Receipt {
  readonly metadata_key: string;
  readonly secret_key: string;
}

export interface TestApp {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly clock: FixedClock;
  readonly db: Database;
  readonly logs: CapturingLogger;
  http(): ReturnType<typeof request>;
  createAccount(custid: string): Promise<string>;
  /** POST /api/v1/share with `fields` as a form; with an Authorization header when one is given. */
  share(fields: Fields, authorization?: string): HttpRequest;
  /** POST /api/v1/generate with `fields` as a form; with an Authorization header when one is given. */
  generate(fields?: Fields, authorization?: string): HttpRequest;
  /** POST /api/v1/secret/:key with `fields` (a passphrase, say) as a form. */
  reveal(secretKey: string, fields?: Fields): HttpRequest;
  /** share, failing unless it answers 200, and its receipt. */
  shareReceipt(fields: Fields, authorization?: string): Promise<Receipt>;
  close(): Promise<void>;
}

/** The real AppModule on the test database, configured as main.ts does, with a clock the test moves. */
export async function createTestApp(env: Record<string, string> = {}, options: { clock?: 'fixed' | 'system' } = {}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_MODE: testPoolMode(),
    MASTER_KEY: TEST_MASTER_KEY,
    PURGE_INTERVAL_SECONDS: '3600',
    DATABASE_POOL_SIZE: '5',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '0',
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_REVEAL_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    RATE_LIMIT_WINDOW_SECONDS: String(TEST_RATE_WINDOW_SECONDS),
    // Races from one address must really race: one caller's share of the pool is tested on its own.
    CONCURRENT_REQUESTS_PER_CALLER: '0',
    // Off unless a test gives it a port: suites create several apps at once.
    METRICS_PORT: '0',
    METRICS_HOST: '127.0.0.1',
    ...env,
  });
  const clock = new FixedClock(new Date());
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (options.clock !== 'system') builder = builder.overrideProvider(CLOCK).useValue(clock);
  const moduleRef = await builder.compile();
  const logs = new CapturingLogger();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new PrototypeStableExpressAdapter(), { bodyParser: false, logger: logs });
  configureSurfaces(app, config);
  await app.init();
  const db = app.get<Database>(DATABASE);
  const http = () => request(app.getHttpServer());
  const as = (req: HttpRequest, authorization: string | undefined) => (authorization === undefined ? req : req.set('Authorization', authorization));
  const share = (fields: Fields, authorization?: string) => as(http().post('/api/v1/share'), authorization).type('form').send(fields);
  return {
    app,
    config,
    clock,
    db,
    logs,
    http,
    createAccount: async (custid) => (await app.get(CreateAccount).execute({ custid })).token,
    share,
    generate: (fields = {}, authorization) => as(http().post('/api/v1/generate'), authorization).type('form').send(fields),
    reveal: (secretKey, fields = {}) => http().post(`/api/v1/secret/${secretKey}`).type('form').send(fields),
    shareReceipt: async (fields, authorization) => (await share(fields, authorization).expect(200)).body as Receipt,
    close: () => app.close(),
  };
}

/**
 * The usual set-up of a describe block: one app for all its tests (created before them, closed after
 * them) and an empty database before each test. Returns a stand-in for the app, usable inside tests
 * and hooks (hooks registered after this call run after the database reset).
 */
export function useTestApp(env: Record<string, string> = {}, options: { clock?: 'fixed' | 'system' } = {}): TestApp {
  let current: TestApp | undefined;
  const app = (): TestApp => {
    if (current === undefined) throw new Error('useTestApp: the app exists only while the tests of its describe block run');
    return current;
  };
  beforeAll(async () => {
    current = await createTestApp(env, options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  beforeEach(() => resetDatabase(app()));
  return new Proxy({} as TestApp, { get: (_target, property) => Reflect.get(app(), property) });
}

/** A test app whose database connections go through a proxy the test cuts (proxy.stop) and restores (proxy.start). */
export interface ProxiedTestApp extends TestApp {
  readonly proxy: TcpProxy;
}

export async function createProxiedTestApp(env: Record<string, string> = {}): Promise<ProxiedTestApp> {
  const { proxy, proxiedUrl } = proxyFor(testDatabaseUrl());
  // The app migrates at start-up: the database must be reachable while it is created.
  await proxy.start();
  const url = proxiedUrl();
  expect(new URL(url).pathname).toBe(new URL(testDatabaseUrl()).pathname);
  const testApp = await createTestApp({ ...env, DATABASE_URL: url });
  return {
    ...testApp,
    proxy,
    // The app closes its connections through the proxy: it is restored first, and stopped last.
    close: async () => {
      await proxy.start();
      await testApp.close();
      await proxy.stop();
    },
  };
}

export async function resetDatabase(testApp: TestApp): Promise<void> {
  await truncateAll(testApp.db);
}

export function basic(custid: string, token: string): string {
  return `Basic ${Buffer.from(`${custid}:${token}`).toString('base64')}`;
}
