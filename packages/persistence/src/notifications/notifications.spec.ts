import { Account, accountCaller, anonymousCaller, createUseCases, DomainSettings, NotificationPlan, readPayload, SecretEventType } from '@hush/domain';
import { FakePassphraseHasher, FakeTokenHasher, FixedClock, OutboxHarness, outboxContract } from '@hush/domain/testing';
import { AesGcmCipher, RandomKeyGenerator } from '@hush/crypto';
import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { PostgresSecretRepository } from '../secret/postgres-secret.repository';
import { hashKey } from '../secret/secret-table';
import { PostgresMailQuota } from './postgres-mail-quota';
import { OUTBOX_SQL } from './postgres-outbox';

const MASTER_KEY = 'a master key used only by these tests, long enough';
const ALICE = 'alice@example.com';
const alice = accountCaller(ALICE);
const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';
const PLAN: NotificationPlan = { webhooks: ['http://hooks.test/a', 'http://hooks.test/b'], notices: true, horizonMs: 25 * 3600_000 };
const origin = { clientAddress: '203.0.113.9', userAgent: 'curl/8' };

describe(`audit rows and outbox messages written with each change, on ${where}`, () => {
  let db: Database;
  let clock: FixedClock;
  const hush = (settings: DomainSettings = {}, mail = false) =>
    createUseCases(
      {
        secrets: db.secrets, accounts: db.accounts, sessions: db.sessions, identities: db.identities, clock, keyGenerator: new RandomKeyGenerator(),
        cipher: new AesGcmCipher(MASTER_KEY),
        passphrases: new FakePassphraseHasher(), tokens: new FakeTokenHasher(), audit: db.audit, outbox: db.outbox,
        ...(mail ? { mailQuota: new PostgresMailQuota(db.client, { perAccountPerDay: 3, perRecipientPerHour: 4 }) } : {}),
      },
      settings,
    );
  const auditRows = async () =>
    (await db.dataSource.query('SELECT event, custid, owner, client_address, user_agent, reason FROM hush_audit ORDER BY id')) as Record<string, string>[];
  const outboxRows = async () =>
    (await db.dataSource.query("SELECT kind, event, nullif(destination, '') AS destination, payload, sealed FROM hush_outbox ORDER BY id")) as Record<string, string>[];
  // Cumulative statistics reach this view when each backend flushes them (within seconds of going idle).
  const tableStats = async () => {
    const [row] = (await db.dataSource.query(
      "SELECT pg_stat_clear_snapshot(), n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'hush_secret'",
    )) as { updated: number; hot: number }[];
    return { updated: row?.updated ?? 0, hot: row?.hot ?? 0 };
  };
  const dump = async () => {
    const rows = await db.dataSource.query(
      "SELECT row_to_json(a)::text AS json FROM hush_audit a UNION ALL SELECT row_to_json(o)::text FROM hush_outbox o",
    ) as { json: string }[];
    return rows.map((row) => row.json).join('\n');
  };

  beforeAll(async () => {
    db = await openTestDatabase({ notifications: PLAN });
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await truncateAll(db);
    clock = new FixedClock('2026-06-01T12:00:00.123Z');
    await db.accounts.add(Account.create(ALICE, 'token-hash', clock.now()));
  });

  it('a share writes one audit row and one signed-webhook body per destination, holding no key, value or address', async () => {
    const receipt = await hush({}, true).share.execute({ caller: alice, secret: 'plain-value-marker', passphrase: 'pass-marker', recipients: ['bob@example.org'], origin });
    expect(await auditRows()).toEqual([
      { event: 'secret.created', custid: ALICE, owner: ALICE, client_address: '203.0.113.9', user_agent: 'curl/8', reason: null },
    ]);
    const messages = await outboxRows();
    expect(messages.map((m) => [m.kind, m.destination])).toEqual([
      ['webhook', 'http://hooks.test/a'], ['webhook', 'http://hooks.test/b'], ['recipient_mail', null],
    ]);
    const body = messages[0]?.payload as string;
    expect(Object.keys(JSON.parse(body))).toEqual(['type', 'timestamp', 'data']);
    expect(readPayload('webhook', body)).toEqual({
      type: 'secret.created',
      timestamp: '2026-06-01T12:00:00.123Z',
      data: {
        custid: ALICE, secret_shortkey: receipt.secretKey?.slice(0, 6), state: 'new', passphrase_required: true,
        created: '2026-06-01T12:00:00.123Z', updated: '2026-06-01T12:00:00.123Z', received: null, expires: '2026-06-08T12:00:00.123Z',
      },
    });
    const everything = await dump();
    for (const secret of ['plain-value-marker', 'pass-marker', 'bob@example.org', receipt.secretKey as string, receipt.metadataKey]) {
      expect(everything).not.toContain(secret);
    }
    const [ref] = (await db.dataSource.query('SELECT DISTINCT secret_ref FROM hush_audit')) as { secret_ref: Buffer }[];
    expect(ref?.secret_ref.equals(hashKey(receipt.metadataKey))).toBe(true);
  });

  it('a reveal that loses the race writes nothing; the winner writes its row and, for an opted-in owner, a notice', async () => {
    await hush().setRevealNotices.execute({ custid: ALICE, on: true });
    const { share, reveal } = hush();
    const receipt = await share.execute({ caller: alice, secret: 'once' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reveal.execute({ secretKey: receipt.secretKey as string, origin })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await auditRows()).map((row) => [row.event, row.custid, row.owner])).toEqual([
      ['secret.created', ALICE, ALICE], ['secret.revealed', 'anon', ALICE],
    ]);
    expect((await outboxRows()).map((m) => [m.kind, m.event])).toEqual([
      ['webhook', 'secret.created'], ['webhook', 'secret.created'],
      ['webhook', 'secret.revealed'], ['webhook', 'secret.revealed'], ['reveal_notice', 'secret.revealed'],
    ]);
  });

  it('the wrong passphrase that burns the secret records both events, with their reasons', async () => {
    const { share, reveal } = hush({ policy: { maxPassphraseAttempts: 2 } });
    const receipt = await share.execute({ caller: anonymousCaller, secret: 'x', passphrase: 'right' });
    for (let i = 0; i < 2; i++) await reveal.execute({ secretKey: receipt.secretKey as string, passphrase: 'wrong' }).catch(() => undefined);
    expect((await auditRows()).map((row) => [row.event, row.owner, row.reason])).toEqual([
      ['secret.created', 'anon', null],
      ['secret.passphrase_failed', 'anon', 'wrong passphrase'],
      ['secret.passphrase_failed', 'anon', 'too many wrong passphrases'],
      ['secret.burned_by_policy', 'anon', 'too many wrong passphrases'],
    ]);
  });

  it('the purge records secret.expired once for a secret that expired unread, and nothing for one that was read', async () => {
    const { share, reveal, purge } = hush();
    const unread = await share.execute({ caller: alice, secret: 'unread', ttl: 60 });
    const read = await share.execute({ caller: alice, secret: 'read', ttl: 60 });
    await reveal.execute({ secretKey: read.secretKey as string });
    clock.advanceSeconds(61);
    await purge.execute();
    clock.advanceSeconds(120);
    await purge.execute();
    const expired = (await auditRows()).filter((row) => row.event === SecretEventType.Expired);
    expect(expired).toEqual([{ event: 'secret.expired', custid: 'anon', owner: ALICE, client_address: null, user_agent: null, reason: 'secret ttl passed' }]);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')).toEqual([{ n: 0 }]);
    expect(unread.metadataKey).toBeDefined();
  });

  it('nothing changes without its audit row: a failing audit insert undoes the share', async () => {
    await db.dataSource.query(`CREATE FUNCTION hush_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await db.dataSource.query('CREATE TRIGGER hush_test_refuse BEFORE INSERT ON hush_audit FOR EACH ROW EXECUTE FUNCTION hush_test_refuse()');
    try {
      await expect(hush().share.execute({ caller: alice, secret: 'x' })).rejects.toThrow();
      expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')).toEqual([{ n: 0 }]);
      expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_outbox')).toEqual([{ n: 0 }]);
    } finally {
      await db.dataSource.query('DROP TRIGGER hush_test_refuse ON hush_audit');
      await db.dataSource.query('DROP FUNCTION hush_test_refuse()');
    }
  });

  it("the outbox's own statements commit without waiting for the WAL flush, in their transaction only", async () => {
    await hush().share.execute({ caller: alice, secret: 'x' });
    const [message] = await db.outbox.claim(1, 60_000);
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(OUTBOX_SQL.complete.text, [[message?.id], [message?.leaseToken]]);
      expect(await runner.query('SELECT count(*)::int AS n FROM hush_outbox WHERE id = $1', [message?.id])).toEqual([{ n: 0 }]);
      expect(await runner.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'off' }]);
      await runner.commitTransaction();
      expect(await runner.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    } finally {
      await runner.release();
    }
  });

  (isEmbeddedTestDatabase() ? it.skip : it)('a reveal updates its row in place (a HOT update): no index gets a new entry', async () => {
    const { share, reveal } = hush();
    const before = await tableStats();
    for (let i = 0; i < 20; i++) await reveal.execute({ secretKey: (await share.execute({ caller: alice, secret: `v${i}` })).secretKey as string });
    let after = await tableStats();
    for (let waited = 0; after.updated - before.updated < 20 && waited < 15_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await tableStats();
    }
    // Earlier tests' statistics may arrive in the same window; every update of hush_secret is a HOT one now.
    expect(after.updated - before.updated).toBeGreaterThanOrEqual(20);
    expect(after.hot - before.hot).toBe(after.updated - before.updated);
  });

  it('mail budgets refuse past their limit and store nothing', async () => {
    const { share } = hush({}, true);
    await share.execute({ caller: alice, secret: 'a', recipients: ['carol@example.org'] });
    await share.execute({ caller: alice, secret: 'b', recipients: ['carol@example.org'] });
    await expect(share.execute({ caller: alice, secret: 'c', recipients: ['CAROL@example.org'] })).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED' });
    await share.execute({ caller: alice, secret: 'd', recipients: ['dave@example.org'] });
    const refused = share.execute({ caller: alice, secret: 'e', recipients: ['erin@example.org'] });
    await expect(refused).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED', retryAfterSeconds: expect.any(Number) });
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')).toEqual([{ n: 3 }]);
    expect(await db.dataSource.query("SELECT count(*)::int AS n FROM hush_outbox WHERE kind = 'recipient_mail'")).toEqual([{ n: 3 }]);
  });
});

describe(`PostgresOutbox and the messages PostgresSecretRepository writes on ${where} hold to the Outbox contract`, () => {
  let db: Database;
  // The outbox keeps the database's time: a lapse moves every time it holds back instead of waiting.
  const harness = (): OutboxHarness => ({
    outbox: db.outbox,
    accounts: db.accounts,
    secrets: (plan) => new PostgresSecretRepository(db.client, plan),
    now: async () => ((await db.dataSource.query('SELECT now() AS now')) as [{ now: Date }])[0].now,
    lapse: async (ms) => {
      const by = `${Math.round(ms)}::bigint * interval '1 millisecond'`;
      await db.dataSource.query(`UPDATE hush_outbox SET created_at = created_at - ${by}, next_attempt_at = next_attempt_at - ${by},
        retry_until = retry_until - ${by}, lease_until = lease_until - ${by}, dead_at = dead_at - ${by}`);
    },
    secretRef: (metadataKey) => hashKey(metadataKey).toString('hex'),
  });

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it.each(outboxContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(harness()));
});
