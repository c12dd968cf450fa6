import { accountCaller, anonymousCaller, BurnPolicy, MetadataAccess, RevealSecret, ShareSecret, BurnSecret, UnknownSecretError } from '@hush/domain';
import { FakePassphraseHasher, FixedClock } from '@hush/domain/testing';
import { AesGcmCipher, RandomKeyGenerator } from '@hush/crypto';
import { Database } from '../database';
import { openTestDatabase, truncateAll } from '../testing';
import { TypeormSecretRepository } from './typeorm-secret.repository';

const cipher = new AesGcmCipher('a master key used only by these tests, long enough');
const alice = accountCaller('alice@example.com');

describe('TypeormSecretRepository (real SQL)', () => {
  let db: Database;
  let repo: TypeormSecretRepository;
  let clock: FixedClock;
  let share: ShareSecret;
  let reveal: RevealSecret;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    await truncateAll(db);
    clock = new FixedClock('2026-06-01T12:00:00.123Z');
    repo = new TypeormSecretRepository(db.client, cipher);
    const policy = BurnPolicy.create();
    share = new ShareSecret(repo, clock, new RandomKeyGenerator(), cipher, new FakePassphraseHasher(), policy);
    reveal = new RevealSecret(repo, clock, cipher, new FakePassphraseHasher(), policy);
  });

  it('round-trips the aggregate by either key, timestamps to the millisecond', async () => {
    const receipt = await share.execute({ caller: alice, secret: 'v', passphrase: 'p', ttl: 3600, recipients: ['bob@example.com'] });
    const bySecret = await repo.findBySecretKey(receipt.secretKey as string);
    const byMetadata = await repo.findByMetadataKey(receipt.metadataKey);
    expect(bySecret?.metadataKey).toBe(receipt.metadataKey);
    expect(byMetadata?.secretKey).toBe(receipt.secretKey);
    expect(bySecret?.createdAt).toEqual(clock.now());
    expect(bySecret?.recipients).toEqual(['bo*****@e*****.com']);
    expect(bySecret?.passphraseHash).toBe('fake-hash:p');
    expect(cipher.open(bySecret?.sealedValue ?? '')).toBe('v');
    expect(byMetadata?.sealedValue).toBe('');
    expect(await repo.findBySecretKey('missing')).toBeNull();
  });

  it('stores no key or value in plaintext', async () => {
    const receipt = await share.execute({ caller: alice, secret: 'plain-value-marker', ttl: 3600 });
    const rows = await db.dataSource.query('SELECT row_to_json(s)::text AS json FROM hush_secret s');
    const dump = rows.map((row: { json: string }) => row.json).join('\n');
    expect(dump).not.toContain('plain-value-marker');
    expect(dump).not.toContain(receipt.secretKey);
    expect(dump).not.toContain(receipt.metadataKey);
  });

  it('commits only over the version that was read', async () => {
    const receipt = await share.execute({ caller: alice, secret: 'v', ttl: 3600 });
    const loaded = await repo.findBySecretKey(receipt.secretKey as string);
    if (!loaded) throw new Error('not stored');
    await expect(repo.commit(loaded.markViewed(clock.now()))).resolves.toBe(true);
    await expect(repo.commit(loaded.reveal(clock.now()))).resolves.toBe(false);
    const fresh = await repo.findBySecretKey(receipt.secretKey as string);
    expect(fresh?.storedState).toBe('viewed');
    expect(fresh?.version).toBe(1);
    await expect(repo.commit((fresh as NonNullable<typeof fresh>).reveal(clock.now()))).resolves.toBe(true);
    const [row] = await db.dataSource.query('SELECT value_sealed, state FROM hush_secret');
    expect(row).toEqual({ value_sealed: null, state: 'received' });
  });

  it('reveals exactly once among 50 concurrent requests', async () => {
    for (let round = 0; round < 5; round++) {
      const receipt = await share.execute({ caller: anonymousCaller, secret: `round ${round}` });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => reveal.execute({ secretKey: receipt.secretKey as string })));
      const winners = results.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof UnknownSecretError)).toBe(true);
    }
  });

  it('reveals exactly once across separate connection pools, as separate processes would', async () => {
    const others = await Promise.all([openTestDatabase({ poolSize: 5 }), openTestDatabase({ poolSize: 5 })]);
    try {
      const revealers = [db, ...others].map((d) =>
        new RevealSecret(new TypeormSecretRepository(d.client, cipher), clock, cipher, new FakePassphraseHasher(), BurnPolicy.create()));
      const receipt = await share.execute({ caller: anonymousCaller, secret: 'x' });
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) => (revealers[i % 3] as RevealSecret).execute({ secretKey: receipt.secretKey as string })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
  });

  it('counts concurrent wrong passphrases atomically and burns at the limit', async () => {
    const policy = BurnPolicy.create({ maxPassphraseAttempts: 5 });
    const guarded = new RevealSecret(repo, clock, cipher, new FakePassphraseHasher(), policy);
    const receipt = await share.execute({ caller: alice, secret: 'v', passphrase: 'right' });
    await Promise.allSettled(Array.from({ length: 12 }, () => guarded.execute({ secretKey: receipt.secretKey as string, passphrase: 'wrong' })));
    const [row] = await db.dataSource.query('SELECT state, failed_attempts, value_sealed FROM hush_secret');
    expect(row.state).toBe('burned');
    expect(row.failed_attempts).toBe(5);
    expect(row.value_sealed).toBeNull();
    await expect(guarded.execute({ secretKey: receipt.secretKey as string, passphrase: 'right' })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('lets exactly one of a burn and a reveal win', async () => {
    const burn = new BurnSecret(repo, clock, new MetadataAccess(false));
    for (let round = 0; round < 5; round++) {
      const receipt = await share.execute({ caller: alice, secret: 'v' });
      const results = await Promise.allSettled([
        burn.execute({ caller: alice, metadataKey: receipt.metadataKey }),
        reveal.execute({ secretKey: receipt.secretKey as string }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
  });

  it('lists an owner\'s live receipts newest first, within the limit', async () => {
    const first = await share.execute({ caller: alice, secret: 'a', ttl: 60 });
    clock.advanceSeconds(1);
    const second = await share.execute({ caller: alice, secret: 'b', ttl: 600 });
    await share.execute({ caller: accountCaller('bob@example.com'), secret: 'c' });
    expect((await repo.listByOwner('alice@example.com', clock.now(), 10)).map((s) => s.metadataKey)).toEqual([second.metadataKey, first.metadataKey]);
    expect(await repo.listByOwner('alice@example.com', clock.now(), 1)).toHaveLength(1);
    clock.advanceSeconds(200);
    expect((await repo.listByOwner('alice@example.com', clock.now(), 10)).map((s) => s.metadataKey)).toEqual([second.metadataKey]);
  });

  it('purges in bounded batches: deletes dead rows, drops expired values, keeps the rest', async () => {
    for (let i = 0; i < 7; i++) await share.execute({ caller: alice, secret: 'old', ttl: 60 });
    const middle = await share.execute({ caller: alice, secret: 'middle', ttl: 100 });
    const keep = await share.execute({ caller: alice, secret: 'keep', ttl: 6000 });
    clock.advanceSeconds(150);
    await expect(repo.countExpired(clock.now())).resolves.toBe(7);
    await expect(repo.deleteExpired(clock.now(), 5)).resolves.toBe(5);
    await expect(repo.deleteExpired(clock.now(), 5)).resolves.toBe(2);
    await expect(repo.deleteExpired(clock.now(), 5)).resolves.toBe(0);
    await expect(repo.scrubExpiredValues(clock.now(), 5)).resolves.toBe(1);
    await expect(repo.scrubExpiredValues(clock.now(), 5)).resolves.toBe(0);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM hush_secret');
    expect(count).toBe(2);
    expect((await repo.findByMetadataKey(middle.metadataKey))?.stateAt(clock.now())).toBe('expired');
    const [scrubbed] = await db.dataSource.query('SELECT value_sealed FROM hush_secret WHERE ttl = 100');
    expect(scrubbed.value_sealed).toBeNull();
    await expect(reveal.execute({ secretKey: keep.secretKey as string })).resolves.toMatchObject({ value: 'keep' });
  });

  it('counts by state and finds the oldest expiry', async () => {
    await share.execute({ caller: alice, secret: 'a', ttl: 60 });
    const b = await share.execute({ caller: alice, secret: 'b', ttl: 600 });
    await reveal.execute({ secretKey: b.secretKey as string });
    await share.execute({ caller: alice, secret: 'c', ttl: 600 });
    clock.advanceSeconds(61);
    const counts = await repo.countByState(clock.now());
    const summary = Object.fromEntries(counts.map((c) => [`${c.state}${c.secretExpired ? '/expired' : ''}`, c.count]));
    expect(summary).toEqual({ 'new/expired': 1, received: 1, new: 1 });
    expect(await repo.oldestExpiry()).toEqual(new Date(Date.parse('2026-06-01T12:00:00.123Z') + 120_000));
  });

  it('re-seals rows under the current key in batches; afterwards the old key is no longer needed', async () => {
    const receipts = [];
    for (let i = 0; i < 5; i++) receipts.push(await share.execute({ caller: alice, secret: `value ${i}`, ttl: 3600 }));
    await reveal.execute({ secretKey: receipts[0]?.secretKey as string });
    const next = new AesGcmCipher('the next master key, also long enough', ['a master key used only by these tests, long enough']);
    const rotating = new TypeormSecretRepository(db.client, next);
    await expect(rotating.resealStale(3)).resolves.toEqual({ found: 3, resealed: 3 });
    await expect(rotating.resealStale(3)).resolves.toEqual({ found: 2, resealed: 2 });
    await expect(rotating.resealStale(3)).resolves.toEqual({ found: 0, resealed: 0 });
    const keyIds = await db.dataSource.query('SELECT DISTINCT key_id FROM hush_secret');
    expect(keyIds).toEqual([{ key_id: next.currentKeyId }]);
    const onlyNext = new TypeormSecretRepository(db.client, new AesGcmCipher('the next master key, also long enough'));
    const stored = await onlyNext.findBySecretKey(receipts[4]?.secretKey as string);
    expect(next.open(stored?.sealedValue ?? '')).toBe('value 4');
    await expect(repo.findBySecretKey(receipts[4]?.secretKey as string)).rejects.toThrow(/MASTER_KEY_PREVIOUS/);
  });

  it('uses indexes for every key lookup, not scans', async () => {
    await share.execute({ caller: alice, secret: 'a' });
    await db.dataSource.query('ANALYZE hush_secret');
    await db.dataSource.query('SET enable_seqscan = off');
    try {
      for (const column of ['secret_key_hash', 'metadata_key_hash']) {
        const plan = await db.dataSource.query(`EXPLAIN SELECT * FROM hush_secret WHERE ${column} = $1`, [Buffer.alloc(32)]);
        expect(JSON.stringify(plan)).toMatch(/Index/);
      }
    } finally {
      await db.dataSource.query('SET enable_seqscan = on');
    }
  });
});
