import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { CreateAccount } from '@hush/domain';
import { FixedClock } from '@hush/domain/testing';
import type { Database } from '@hush/persistence';
import { testDatabaseUrl, truncateAll } from '@hush/persistence/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { CLOCK, DATABASE } from '../../src/composition/tokens';
import { configureHttp } from '../../src/http/configure-http';
import { PrototypeStableExpressAdapter } from '../../src/http/prototype-stable-express.adapter';

export const TEST_MASTER_KEY = 'master key for the end-to-end tests only and not secret';

/** Collects every log line the app writes, to prove that none carries secret data. */
export class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];

  protected override printMessages(messages: unknown[], context?: string, logLevel?: string): void {
    for (const message of messages) this.lines.push(`${logLevel} [${context}] ${typeof message === 'string' ? message : JSON.stringify(message)}`);
  }
}

export interface TestApp {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly clock: FixedClock;
  readonly db: Database;
  readonly logs: CapturingLogger;
  http(): ReturnType<typeof request>;
  createAccount(custid: string): Promise<string>;
  close(): Promise<void>;
}

/** The real AppModule on the test database, configured as main.ts does, with a clock the test moves. */
export async function createTestApp(env: Record<string, string> = {}, options: { clock?: 'fixed' | 'system' } = {}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    MASTER_KEY: TEST_MASTER_KEY,
    PURGE_INTERVAL_SECONDS: '3600',
    DATABASE_POOL_SIZE: '5',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_REVEAL_PER_MINUTE: '0',
    ...env,
  });
  const clock = new FixedClock(new Date());
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (options.clock !== 'system') builder = builder.overrideProvider(CLOCK).useValue(clock);
  const moduleRef = await builder.compile();
  const logs = new CapturingLogger();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new PrototypeStableExpressAdapter(), { bodyParser: false, logger: logs });
  configureHttp(app, config);
  await app.init();
  const db = app.get<Database>(DATABASE);
  return {
    app,
    config,
    clock,
    db,
    logs,
    http: () => request(app.getHttpServer()),
    createAccount: async (custid) => (await app.get(CreateAccount).execute({ custid })).token,
    close: () => app.close(),
  };
}

export async function resetDatabase(testApp: TestApp): Promise<void> {
  await truncateAll(testApp.db);
}

export function basic(custid: string, token: string): string {
  return `Basic ${Buffer.from(`${custid}:${token}`).toString('base64')}`;
}
