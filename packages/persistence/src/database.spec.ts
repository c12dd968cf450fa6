import { StorageUnavailableError } from '@hush/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Database } from './database';
import { statement } from './sql/statement';
import { isStorageTimeout, translateStorageError } from './sql/storage-errors';
import { assertTestDatabaseUrl, openTestDatabase, setTestDatabaseReadOnly } from './testing';

describe('Database', () => {
  it('applies migrations once; a second run finds nothing to do, also when replicas race', async () => {
    const [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    try {
      await expect(Promise.all([a.migrator.migrate(), b.migrator.migrate()])).resolves.toEqual([[], []]);
      await expect(a.migrator.hasPendingMigrations()).resolves.toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('runs locked work on one holder at a time and skips elsewhere', async () => {
    const [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    try {
      let release: () => void = () => undefined;
      const held = a.locks.whileHolding(4242, () => new Promise<string>((resolve) => { release = () => resolve('a ran'); }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const embedded = !process.env.DATABASE_URL;
      // PGlite serves every connection from one session, so there the lock cannot exclude anyone.
      if (!embedded) await expect(b.locks.whileHolding(4242, async () => 'b ran')).resolves.toBeUndefined();
      release();
      await expect(held).resolves.toBe('a ran');
      await expect(b.locks.whileHolding(4242, async () => 'b ran')).resolves.toBe('b ran');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('turns an unreachable server into StorageUnavailableError', async () => {
    const pool = new Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
    const error = await pool.query('SELECT 1').catch((e: unknown) => e);
    await pool.end();
    expect(translateStorageError(error)).toBeInstanceOf(StorageUnavailableError);
    expect(translateStorageError(new Error('syntax error'))).not.toBeInstanceOf(StorageUnavailableError);
  });

  it('turns timeouts into StorageUnavailableError: the statement timeout (57014), the client\'s query and connection timeouts', async () => {
    const db = await openTestDatabase({ poolSize: 1, statementTimeoutMs: 200 });
    try {
      // PostgreSQL cancels it after 200 ms (57014); PGlite ignores statement_timeout, and the client gives up after 1.2 s.
      const slow = statement('test_slow', 'SELECT pg_sleep(2)');
      await expect(db.client.query(slow)).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await db.close();
    }
    for (const error of [
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      new Error('Query read timeout'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isStorageTimeout(error)).toBe(true);
      expect(translateStorageError(error)).toBeInstanceOf(StorageUnavailableError);
    }
    expect(isStorageTimeout(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('a database that cannot take a write now (read-only, recovering, out of disk) is unavailable storage; a wrong query is not', async () => {
    const admin = await openTestDatabase({ poolSize: 1 });
    await setTestDatabaseReadOnly(admin, true);
    const db = await openTestDatabase({ poolSize: 2 });
    const write = statement('test_read_only_write', 'INSERT INTO hush_probe (id, probed_at) VALUES (true, now()) ON CONFLICT (id) DO UPDATE SET probed_at = now()');
    try {
      await expect(db.client.query(write)).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(db.ping()).rejects.toThrow(/read-only transaction/);
    } finally {
      await setTestDatabaseReadOnly(admin, false);
      await Promise.all([db.close(), admin.close()]);
    }
    const answered = (code: string, message: string) => Object.assign(new Error(message), { code });
    for (const error of [
      answered('25006', 'cannot execute INSERT in a read-only transaction'),
      answered('55000', 'recovery is in progress'),
      answered('XX000', 'cannot assign TransactionIds during recovery'),
      answered('53100', 'could not extend file: No space left on device'),
      answered('53200', 'out of memory'),
      answered('57P05', 'terminating connection due to idle-session timeout'),
    ]) {
      expect(translateStorageError(error)).toBeInstanceOf(StorageUnavailableError);
    }
    for (const error of [answered('42P01', 'relation "x" does not exist'), answered('23505', 'duplicate key'), answered('55000', 'sequence is not yet defined in this session')]) {
      expect(translateStorageError(error)).toBe(error);
    }
  });

  it('readiness commits a write (a SELECT answers while commits wait for a standby that has gone)', async () => {
    const db = await openTestDatabase({ poolSize: 2 });
    try {
      const probedAt = async () => ((await db.dataSource.query('SELECT probed_at FROM hush_probe')) as { probed_at: Date }[]).map((row) => row.probed_at.getTime());
      const [before] = await probedAt();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await db.ping();
      const after = await probedAt();
      expect(after).toHaveLength(1);
      expect(after[0]).toBeGreaterThan(before ?? 0);
    } finally {
      await db.close();
    }
  });

  it('refuses a test run against a database without "test" in its name', () => {
    expect(() => assertTestDatabaseUrl('postgres://localhost/production')).toThrow(/must contain "test"/);
    expect(() => assertTestDatabaseUrl('postgres://localhost/hush_test')).not.toThrow();
  });
});

describe('embedded database directory lock', () => {
  it('refuses to open a data directory another process is using', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hush-lock-'));
    try {
      // A lock file as earlier versions wrote it; the current format is covered in directory-lock.spec.ts.
      writeFileSync(join(dir, 'hush.lock'), JSON.stringify({ pid: process.ppid }));
      await expect(Database.open({ dataDir: dir, poolSize: 2, connectTimeoutMs: 1000, statementTimeoutMs: 1000, probeTimeoutMs: 1000 })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
