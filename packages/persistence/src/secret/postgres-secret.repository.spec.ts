import { accountCaller, anonymousCaller, createUseCases, DomainSettings, UnknownSecretError } from '@hush/domain';
import { FakePassphraseHasher, FakeTokenHasher, FixedClock, secretRepositoryContract } from '@hush/domain/testing';
import { AesGcmCipher, RandomKeyGenerator } from '@hush/crypto';
import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { hashKey } from './secret-table';

const MASTER_KEY = 'a master key used only by these tests, long enough';
const alice = accountCaller('alice@example.com');
const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';

describe(`PostgresSecretRepository on ${where} holds to the SecretRepository contract`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it.each(secretRepositoryContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(db.secrets));
});

describe(`Hush's use cases on ${where}`, () => {
  let db: Database;
  let clock: FixedClock;
  const hush = (database: Database, settings: DomainSettings = {}, cipher = new AesGcmCipher(MASTER_KEY)) =>
    createUseCases(
      {
        secrets: database.secrets, accounts: database.accounts, sessions: database.sessions, identities: database.identities, clock,
        keyGenerator: new RandomKeyGenerator(), cipher,
        passphrases: new FakePassphraseHasher(), tokens: new FakeTokenHasher(), audit: database.audit, outbox: database.outbox,
      },
      settings,
    );

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await truncateAll(db);
    clock = new FixedClock('2026-06-01T12:00:00.123Z');
  });

  it('stores no key or value in plaintext', async () => {
    const receipt = await hush(db).share.execute({ caller: alice, secret: 'plain-value-marker', ttl: 3600 });
    const rows = await db.dataSource.query('SELECT row_to_json(s)::text AS json FROM hush_secret s');
    const dump = rows.map((row: { json: string }) => row.json).join('\n');
    expect(dump).not.toContain('plain-value-marker');
    expect(dump).not.toContain(receipt.secretKey);
    expect(dump).not.toContain(receipt.metadataKey);
  });

  it('reveals exactly once among 50 concurrent requests', async () => {
    const { share, reveal } = hush(db);
    for (let round = 0; round < 5; round++) {
      const receipt = await share.execute({ caller: anonymousCaller, secret: `round ${round}` });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => reveal.execute({ secretKey: receipt.secretKey as string })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof UnknownSecretError)).toBe(true);
    }
  });

  it('reveals exactly once across separate connection pools, as separate processes would', async () => {
    const others = await Promise.all([openTestDatabase({ poolSize: 5 }), openTestDatabase({ poolSize: 5 })]);
    try {
      const revealers = [db, ...others].map((d) => hush(d).reveal);
      const receipt = await hush(db).share.execute({ caller: anonymousCaller, secret: 'x' });
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) => (revealers[i % revealers.length] as (typeof revealers)[number]).execute({ secretKey: receipt.secretKey as string })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
  });

  it('counts concurrent wrong passphrases atomically and burns at the limit', async () => {
    const { share, reveal } = hush(db, { policy: { maxPassphraseAttempts: 5 } });
    const receipt = await share.execute({ caller: alice, secret: 'v', passphrase: 'right' });
    await Promise.allSettled(Array.from({ length: 12 }, () => reveal.execute({ secretKey: receipt.secretKey as string, passphrase: 'wrong' })));
    const [row] = await db.dataSource.query('SELECT state, failed_attempts, value_sealed, passphrase_hash FROM hush_secret');
    expect(row).toEqual({ state: 'burned', failed_attempts: 5, value_sealed: null, passphrase_hash: null });
    await expect(reveal.execute({ secretKey: receipt.secretKey as string, passphrase: 'right' })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('lets exactly one of a burn and a reveal win', async () => {
    const { share, reveal, burn } = hush(db);
    for (let round = 0; round < 5; round++) {
      const receipt = await share.execute({ caller: alice, secret: 'v' });
      const results = await Promise.allSettled([
        burn.execute({ caller: alice, metadataKey: receipt.metadataKey }),
        reveal.execute({ secretKey: receipt.secretKey as string }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
  });

  it('rotates the master key: rows re-sealed in batches, after which the old key is no longer needed', async () => {
    const receipts = [];
    for (let i = 0; i < 5; i++) receipts.push(await hush(db).share.execute({ caller: alice, secret: `value ${i}`, ttl: 3600 }));
    await hush(db).reveal.execute({ secretKey: receipts[0]?.secretKey as string });
    const next = 'the next master key, also long enough';
    await expect(hush(db, {}, new AesGcmCipher(next, [MASTER_KEY])).rotateEncryptionKey.execute()).resolves.toEqual({ resealed: 5 });
    const keyIds = await db.dataSource.query('SELECT DISTINCT key_id FROM hush_secret');
    expect(keyIds).toEqual([{ key_id: new AesGcmCipher(next).currentKeyId }]);
    const onlyNext = hush(db, {}, new AesGcmCipher(next));
    await expect(onlyNext.getMetadata.execute({ caller: alice, metadataKey: receipts[4]?.metadataKey as string })).resolves.toMatchObject({
      secretKey: receipts[4]?.secretKey,
    });
    await expect(onlyNext.reveal.execute({ secretKey: receipts[4]?.secretKey as string })).resolves.toMatchObject({ value: 'value 4' });
    await expect(hush(db).reveal.execute({ secretKey: receipts[3]?.secretKey as string })).rejects.toThrow(/No encryption key/);
  });

  it('uses indexes for every key lookup, not scans', async () => {
    await hush(db).share.execute({ caller: alice, secret: 'a' });
    await db.dataSource.query('ANALYZE hush_secret');
    await db.dataSource.query('SET enable_seqscan = off');
    try {
      for (const column of ['secret_key_hash', 'metadata_key_hash']) {
        const plan = await db.dataSource.query(`EXPLAIN SELECT * FROM hush_secret WHERE ${column} = $1`, [hashKey('x')]);
        expect(JSON.stringify(plan)).toMatch(/Index/);
      }
    } finally {
      await db.dataSource.query('SET enable_seqscan = on');
    }
  });
});
