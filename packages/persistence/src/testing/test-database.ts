import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, DatabaseOptions } from '../database';
import { EmbeddedPostgres } from '../embedded/embedded-postgres';

const URL_VARIABLE = 'HUSH_TEST_DATABASE_URL';

/** Tests wipe tables: they must never touch a database that is not obviously a test one. */
export function assertTestDatabaseUrl(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
}

export const TEST_POOL: Omit<DatabaseOptions, 'url' | 'dataDir'> = { poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 10_000, probeTimeoutMs: 2000 };

interface EmbeddedForTests {
  readonly server: EmbeddedPostgres;
  readonly dataDir: string;
}

const globalState = globalThis as { hushEmbeddedForTests?: EmbeddedForTests };

/**
 * Jest globalSetup: uses DATABASE_URL when set (a real PostgreSQL), otherwise starts one embedded
 * PGlite for the whole run. Migrates it and hands the URL to the workers.
 */
export async function setUpTestDatabase(): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hush-test-'));
    const server = await EmbeddedPostgres.start({ dataDir, maxConnections: 200 });
    globalState.hushEmbeddedForTests = { server, dataDir };
    url = `postgres://postgres@${server.host}:${server.port}/hush_test`;
  }
  assertTestDatabaseUrl(url);
  process.env[URL_VARIABLE] = url;
  const db = await Database.open({ ...TEST_POOL, url, dataDir: '' });
  try {
    await db.migrator.migrate();
  } finally {
    await db.close();
  }
}

export async function tearDownTestDatabase(): Promise<void> {
  const embedded = globalState.hushEmbeddedForTests;
  if (!embedded) return;
  await embedded.server.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
  delete globalState.hushEmbeddedForTests;
}

export function testDatabaseUrl(): string {
  const url = process.env[URL_VARIABLE];
  if (!url) throw new Error(`${URL_VARIABLE} is not set: run the tests through jest's globalSetup`);
  assertTestDatabaseUrl(url);
  return url;
}

export function isEmbeddedTestDatabase(): boolean {
  return !process.env.DATABASE_URL;
}

export async function openTestDatabase(overrides: Partial<DatabaseOptions> = {}): Promise<Database> {
  return Database.open({ ...TEST_POOL, dataDir: '', ...overrides, url: testDatabaseUrl() });
}

export async function truncateAll(db: Pick<Database, 'dataSource'>): Promise<void> {
  await db.dataSource.query('TRUNCATE hush_outbox, hush_audit, hush_secret, hush_account, hush_rate_counter, hush_mail_quota, hush_session, hush_identity');
}
