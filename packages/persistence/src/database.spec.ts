import { StorageUnavailableError } from '@hush/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Database } from './database';
import { translateStorageError } from './sql/storage-errors';
import { assertTestDatabaseUrl, openTestDatabase } from './testing';

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
      await expect(Database.open({ dataDir: dir, poolSize: 2, connectTimeoutMs: 1000, statementTimeoutMs: 1000 })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
