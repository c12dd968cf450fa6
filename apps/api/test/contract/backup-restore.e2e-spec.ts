import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEmbeddedTestDatabase } from '@hush/persistence/testing';
import { freshDatabase } from '../support/database';
import { postForm, runCli, startServer, testEnv, type ServerProcess } from '../support/processes';
import { TEST_MASTER_KEY } from '../support/test-master-key';
import { UNEXPECTED } from '../support/v1';

const OTHER_KEY = 'another master key, as a restore with the wrong one would have';

function dropDatabase(url: string): void {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  execFileSync('psql', [admin.href, '-qXc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}

const json = (text: string) => JSON.parse(text) as Record<string, string>;

// pg_dump and pg_restore against a real PostgreSQL; the embedded one is backed up by copying DATA_DIR (backup-and-restore.md).
(isEmbeddedTestDatabase() ? describe.skip : describe)('backup drill (backup-and-restore.md): a dump is readable with its master key and with no other', () => {
  const servers: ServerProcess[] = [];
  const databases: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hush-backup-'));
  const serve = async (extra: Record<string, string>) => {
    const server = await startServer({ PURGE_INTERVAL_SECONDS: '3600', ...extra });
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    for (const url of databases) dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates secrets through the server, dumps, restores into a fresh database and reveals them there; another key opens nothing and consumes nothing', async () => {
    const source = freshDatabase('backup_source');
    const restored = freshDatabase('backup_restored');
    databases.push(source, restored);

    const before = await serve({ DATABASE_URL: source, MASTER_KEY: TEST_MASTER_KEY });
    const token = (await runCli(['account', 'create', 'alice@example.com'], testEnv({ DATABASE_URL: source }))).stdout.trim().split('\n').at(-1) ?? '';
    const alice = `Basic ${Buffer.from(`alice@example.com:${token}`).toString('base64')}`;
    const share = async (fields: Record<string, string>, authorization?: string) => {
      const outcome = await postForm(`${before.url}/api/v1/share`, fields, authorization ? { authorization } : {});
      if (outcome.kind !== 'response' || outcome.status !== 200) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
      return json(outcome.text);
    };
    const plain = await share({ secret: 'BACKUP-PLAIN' });
    const guarded = await share({ secret: 'BACKUP-GUARDED', passphrase: 'BACKUP-PASS' }, alice);
    await before.stop();

    const dump = join(dir, 'hush.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, source]);
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restored}`, dump]);
    expect(execFileSync('psql', [restored, '-qXAtc', 'SELECT count(*) FROM hush_secret'], { encoding: 'utf8' }).trim()).toBe('2');

    // Another key: the server starts on the restored data, answers the API's own error for the sealed rows, consumes nothing.
    const wrong = await serve({ DATABASE_URL: restored, MASTER_KEY: OTHER_KEY });
    const refused = await postForm(`${wrong.url}/api/v1/secret/${plain.secret_key}`);
    expect(refused).toMatchObject({ kind: 'response', status: 404, intended: '500', text: UNEXPECTED });
    expect(await postForm(`${wrong.url}/api/v1/secret/${guarded.secret_key}`, { passphrase: 'BACKUP-PASS' })).toMatchObject({ intended: '500', text: UNEXPECTED });
    await wrong.stop();
    expect(wrong.stdout()).toMatch(/None of the 2 stored secrets is sealed under a key this process holds \(they are under [0-9a-f]+\): is MASTER_KEY the key/);
    expect(wrong.stdout()).toMatch(/No encryption key [0-9a-f]+ is held to open this secret/);
    expect(wrong.stdout()).not.toMatch(/BACKUP-(PLAIN|GUARDED|PASS)/);

    // The same key: the restored database gives every secret back, once.
    const after = await serve({ DATABASE_URL: restored, MASTER_KEY: TEST_MASTER_KEY });
    const revealed = await postForm(`${after.url}/api/v1/secret/${plain.secret_key}`);
    expect(revealed.kind === 'response' && json(revealed.text).value).toBe('BACKUP-PLAIN');
    const opened = await postForm(`${after.url}/api/v1/secret/${guarded.secret_key}`, { passphrase: 'BACKUP-PASS' });
    expect(opened.kind === 'response' && json(opened.text).value).toBe('BACKUP-GUARDED');
    expect(await postForm(`${after.url}/api/v1/secret/${plain.secret_key}`)).toMatchObject({ status: 404, intended: '404' });
    const receipt = await postForm(`${after.url}/api/v1/private/${guarded.metadata_key}`, {}, { authorization: alice });
    expect(receipt.kind === 'response' && json(receipt.text).state).toBe('received');
    expect(after.stdout()).not.toMatch(/MasterKey/);
  }, 240_000); // three server starts and a dump on a shared machine
});
