import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, DatabaseOptions, PoolMode } from '../database';
import { EmbeddedPostgres } from '../embedded/embedded-postgres';
import { PgBouncer, startPgBouncer } from './pgbouncer';

const URL_VARIABLE = 'HUSH_TEST_DATABASE_URL';
const POOL_MODE_VARIABLE = 'HUSH_TEST_POOL_MODE';

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

const globalState = globalThis as { hushEmbeddedForTests?: EmbeddedForTests; hushPgBouncerForTests?: PgBouncer };

/** HUSH_TEST_PGBOUNCER=1: every test reaches DATABASE_URL through a PgBouncer of the run's own in transaction mode. */
function throughPgBouncer(): boolean {
  return ['1', 'true', 'yes'].includes(process.env.HUSH_TEST_PGBOUNCER ?? '');
}

/**
 * Jest globalSetup: uses DATABASE_URL when set (a real PostgreSQL; with HUSH_TEST_PGBOUNCER=1, through
 * PgBouncer in transaction mode), otherwise starts one embedded PGlite for the whole run. Migrates it and
 * hands the URL and pool mode to the workers.
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
  if (throughPgBouncer()) {
    if (!process.env.DATABASE_URL) throw new Error('HUSH_TEST_PGBOUNCER=1 needs DATABASE_URL: PgBouncer stands in front of a PostgreSQL server');
    const bouncer = await startPgBouncer(url, { poolMode: 'transaction' });
    globalState.hushPgBouncerForTests = bouncer;
    url = bouncer.url;
    process.env[POOL_MODE_VARIABLE] = 'transaction';
  }
  process.env[URL_VARIABLE] = url;
  try {
    const db = await Database.open({ ...TEST_POOL, url, dataDir: '', poolMode: testPoolMode() });
    try {
      await db.migrator.migrate();
    } finally {
      await db.close();
    }
  } catch (error) {
    // Jest runs no teardown after a failed set-up: the pooler would keep the run alive.
    await tearDownTestDatabase();
    throw error;
  }
}

export async function tearDownTestDatabase(): Promise<void> {
  await globalState.hushPgBouncerForTests?.stop();
  delete globalState.hushPgBouncerForTests;
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

/** `transaction` when the run goes through PgBouncer in transaction mode (HUSH_TEST_PGBOUNCER=1), else `session`. */
export function testPoolMode(): PoolMode {
  return process.env[POOL_MODE_VARIABLE] === 'transaction' ? 'transaction' : 'session';
}

export async function openTestDatabase(overrides: Partial<DatabaseOptions> = {}): Promise<Database> {
  return Database.open({ ...TEST_POOL, dataDir: '', poolMode: testPoolMode(), ...overrides, url: testDatabaseUrl() });
}

export async function truncateAll(db: Pick<Database, 'dataSource'>): Promise<void> {
  await db.dataSource.query('TRUNCATE hush_outbox, hush_audit, hush_secret, hush_account, hush_rate_counter, hush_mail_quota, hush_session, hush_identity');
}
