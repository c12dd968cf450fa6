import { Account, accountCaller, anonymousCaller, createUseCases, DomainSettings, OutboxMessage, SecretEventType } from '@hush/domain';
import { FakePassphraseHasher, FakeTokenHasher, FixedClock } from '@hush/domain/testing';
import { AesGcmCipher, RandomKeyGenerator } from '@hush/crypto';
import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { hashKey } from '../secret/secret-table';
import { NotificationPlan } from './change-record-sql';
import { PostgresMailQuota } from './postgres-mail-quota';

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
        secrets: db.secrets, accounts: db.accounts, clock, keyGenerator: new RandomKeyGenerator(), cipher: new AesGcmCipher(MASTER_KEY),
        passphrases: new FakePassphraseHasher(), tokens: new FakeTokenHasher(), audit: db.audit, outbox: db.outbox,
        ...(mail ? { mailQuota: new PostgresMailQuota(db.client, { perAccountPerDay: 3, perRecipientPerHour: 2 }) } : {}),
      },
      settings,
    );
  const auditRows = async () =>
    (await db.dataSource.query('SELECT event, custid, owner, client_address, user_agent, reason FROM hush_audit ORDER BY id')) as Record<string, string>[];
  const outboxRows = async () =>
    (await db.dataSource.query("SELECT kind, event, nullif(destination, '') AS destination, payload, sealed FROM hush_outbox ORDER BY id")) as Record<string, string>[];
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
    expect(JSON.parse(body)).toEqual({
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

describe(`the outbox on ${where}`, () => {
  let db: Database;
  let clock: FixedClock;
  const share = () =>
    createUseCases({
      secrets: db.secrets, accounts: db.accounts, clock, keyGenerator: new RandomKeyGenerator(), cipher: new AesGcmCipher(MASTER_KEY),
      passphrases: new FakePassphraseHasher(), tokens: new FakeTokenHasher(), audit: db.audit, outbox: db.outbox,
    });

  beforeAll(async () => {
    db = await openTestDatabase({ notifications: { ...PLAN, webhooks: ['http://hooks.test/a'] } });
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await truncateAll(db);
    clock = new FixedClock();
  });

  it('hands each secret\'s messages out one at a time, in order, and never the same one to two claimers', async () => {
    const { share: create, burn } = share();
    const receipts: { metadataKey: string }[] = [];
    for (let i = 0; i < 3; i++) receipts.push(await create.execute({ caller: alice, secret: `s${i}` }));
    await burn.execute({ caller: alice, metadataKey: receipts[0]?.metadataKey as string });
    const [first, second] = await Promise.all([db.outbox.claim(10, 60_000), db.outbox.claim(10, 60_000)]);
    const claimed = [...(first ?? []), ...(second ?? [])];
    expect(claimed.map((m) => m.event).sort()).toEqual(['secret.created', 'secret.created', 'secret.created']);
    expect(new Set(claimed.map((m) => m.id)).size).toBe(3);
    expect(await db.outbox.claim(10, 60_000)).toEqual([]);
    const ofFirst = claimed.find((m) => m.secretRef === hashKey(receipts[0]?.metadataKey as string).toString('hex')) as OutboxMessage;
    expect(await db.outbox.complete(ofFirst)).toBe(true);
    const next = await db.outbox.claim(10, 60_000);
    expect(next.map((m) => [m.event, m.attempts])).toEqual([['secret.burned', 1]]);
  });

  it('a lapsed lease gives the message back; the old holder can then neither complete nor fail it', async () => {
    await share().share.execute({ caller: alice, secret: 's' });
    const [held] = await db.outbox.claim(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [retaken] = await db.outbox.claim(1, 60_000);
    expect(retaken?.id).toBe(held?.id);
    expect(retaken?.attempts).toBe(2);
    expect(await db.outbox.complete(held as OutboxMessage)).toBe(false);
    expect(await db.outbox.fail(held as OutboxMessage, 'late', 0)).toBe(false);
    expect(await db.outbox.complete(retaken as OutboxMessage)).toBe(true);
    expect((await db.outbox.backlog()).pending).toBe(0);
  });

  it('failures wait out their delay, dead messages are listed, retried and in time forgotten', async () => {
    await share().share.execute({ caller: alice, secret: 's' });
    const [message] = await db.outbox.claim(1, 60_000);
    expect(await db.outbox.fail(message as OutboxMessage, 'HTTP 503', 60_000)).toBe(true);
    expect(await db.outbox.claim(1, 60_000)).toEqual([]);
    expect(await db.outbox.list({ limit: 10 })).toMatchObject([{ lastError: 'HTTP 503', deadAt: null, attempts: 1, kind: 'webhook' }]);
    await db.dataSource.query("UPDATE hush_outbox SET next_attempt_at = now() - interval '1 second'");
    const [again] = await db.outbox.claim(1, 60_000);
    await db.outbox.fail(again as OutboxMessage, 'HTTP 410', null);
    expect(await db.outbox.backlog()).toMatchObject({ pending: 0, dead: 1, oldestPendingAt: null });
    expect(await db.outbox.list({ dead: true, limit: 10 })).toMatchObject([{ lastError: 'HTTP 410', attempts: 2 }]);
    expect(await db.outbox.retry('all-dead', 3600_000)).toBe(1);
    expect((await db.outbox.claim(1, 60_000)).map((m) => m.attempts)).toEqual([3]);
    await db.dataSource.query("UPDATE hush_outbox SET dead_at = now() - interval '2 days', lease_token = NULL");
    expect(await db.outbox.deleteDead(new Date(Date.now() - 86_400_000), 100)).toBe(1);
  });
});
