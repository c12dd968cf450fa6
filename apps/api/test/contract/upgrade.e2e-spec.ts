import { execFileSync } from 'node:child_process';
import { Database, migrations } from '@hush/persistence';
import { isEmbeddedTestDatabase, TEST_POOL } from '@hush/persistence/testing';
import { freshDatabase } from '../support/database';
import { postForm, runCli, startServer, testEnv, type CallOutcome, type ServerProcess } from '../support/processes';

const applied = async (db: Database) => ((await db.dataSource.query('SELECT name FROM hush_migrations')) as { name: string }[]).map((row) => row.name);

// A rolling upgrade on PostgreSQL (upgrades.md); the embedded database has one process, so no side by side.
(isEmbeddedTestDatabase() ? describe.skip : describe)('rolling upgrade (upgrades.md): a running server keeps serving while another process migrates', () => {
  let url: string;
  let server: ServerProcess;
  let db: Database;

  beforeAll(async () => {
    url = freshDatabase('upgrade');
    server = await startServer({ DATABASE_URL: url, PURGE_INTERVAL_SECONDS: '3600' });
    db = await Database.open({ ...TEST_POOL, poolSize: 1, url, dataDir: '' });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
    const admin = new URL(url);
    admin.pathname = '/postgres';
    execFileSync('psql', [admin.href, '-qXc', `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`]);
  });

  it('share and reveal go on, without one failure, on the previous schema and while the latest migration is applied by the CLI', async () => {
    const latest = migrations.at(-1)?.name ?? '';
    // Back to the previous release's schema, under the running server (which prepared its statements on the latest).
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await applied(db)).not.toContain(latest);

    const failures: string[] = [];
    let rounds = 0;
    let running = true;
    const describeOutcome = (outcome: CallOutcome) => (outcome.kind === 'response' ? `${outcome.status} ${outcome.text}` : outcome.kind);
    const traffic = (async () => {
      while (running) {
        const value = `upgrade round ${rounds}`;
        const shared = await postForm(`${server.url}/api/v1/share`, { secret: value });
        if (shared.kind !== 'response' || shared.status !== 200) {
          failures.push(`share: ${describeOutcome(shared)}`);
        } else {
          const key = (JSON.parse(shared.text) as { secret_key: string }).secret_key;
          const revealed = await postForm(`${server.url}/api/v1/secret/${key}`);
          if (revealed.kind !== 'response' || revealed.status !== 200 || (JSON.parse(revealed.text) as { value: string }).value !== value) {
            failures.push(`reveal: ${describeOutcome(revealed)}`);
          }
        }
        rounds += 1;
      }
    })();
    const afterRounds = async (count: number) => {
      const target = rounds + count;
      while (rounds < target && failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    let migrated;
    try {
      await afterRounds(5);
      migrated = await runCli(['migrate'], testEnv({ DATABASE_URL: url }));
      await afterRounds(5);
    } finally {
      running = false;
      await traffic;
    }

    expect([migrated.status, migrated.stdout]).toEqual([0, expect.stringContaining(latest)]);
    expect(await applied(db)).toContain(latest);
    expect(failures).toEqual([]);
    expect(rounds).toBeGreaterThanOrEqual(10);
    expect(server.child.exitCode).toBeNull();
  }, 120_000);
});
