import { Account, AccountEventType, createUseCases, IdentityClaims, NO_ORIGIN } from '@hush/domain';
import { FakeCipher, FakePassphraseHasher, FixedClock, identityRepositoryContract, sessionStoreContract } from '@hush/domain/testing';
import { RandomKeyGenerator, Sha256TokenHasher } from '@hush/crypto';
import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';

const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';
const ISSUER = 'https://id.example.com';

describe(`PostgresSessionStore on ${where} holds to the SessionStore contract`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it.each(sessionStoreContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(db.sessions));
});

describe(`PostgresIdentityRepository on ${where} holds to the IdentityRepository contract`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it.each(identityRepositoryContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(db.identities));
});

describe(`sign-in and sessions on ${where}`, () => {
  let db: Database;
  let clock: FixedClock;
  const hush = () =>
    createUseCases({
      secrets: db.secrets, accounts: db.accounts, sessions: db.sessions, identities: db.identities, clock, keyGenerator: new RandomKeyGenerator(),
      cipher: new FakeCipher(), passphrases: new FakePassphraseHasher(), tokens: new Sha256TokenHasher(), audit: db.audit, outbox: db.outbox,
    });
  const claims: IdentityClaims = { issuer: ISSUER, subject: 'sub-alice', email: 'Alice@Example.com', emailVerified: true, locale: 'nl' };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await truncateAll(db);
    clock = new FixedClock('2026-06-01T12:00:00.123Z');
  });

  it('finds accounts by custid ignoring case, exact spelling first in order', async () => {
    const now = clock.now();
    await db.accounts.add(Account.create('alice@example.com', 'h1', now));
    await db.accounts.add(Account.create('ALICE@example.com', 'h2', now));
    await db.accounts.add(Account.create('bob@example.com', 'h3', now));
    expect((await db.accounts.findByCustidIgnoringCase('Alice@EXAMPLE.com')).map((a) => a.custid)).toEqual(['ALICE@example.com', 'alice@example.com']);
    expect(await db.accounts.findByCustidIgnoringCase('carol@example.com')).toEqual([]);
  });

  it('concurrent first sign-ins of one identity end with one account and one link', async () => {
    const instances = Array.from({ length: 6 }, () => hush());
    const results = await Promise.all(instances.map((useCases) => useCases.signInWithIdentity.execute({ claims })));
    expect(new Set(results.map((r) => r.custid))).toEqual(new Set(['Alice@Example.com']));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.accounts.findByCustidIgnoringCase('alice@example.com')).toHaveLength(1);
    expect(await db.identities.listByAccount('Alice@Example.com')).toHaveLength(1);
    expect((await db.accounts.findByCustid('Alice@Example.com'))?.locale).toBe('nl');
  });

  it('concurrent first sign-ins of two identities with one e-mail link at most one of them to the account', async () => {
    await hush().createAccount.execute({ custid: 'alice@example.com' });
    const results = await Promise.allSettled(
      ['sub-a', 'sub-b', 'sub-c'].map((subject) => hush().signInWithIdentity.execute({ claims: { ...claims, subject } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.identities.listByAccount('alice@example.com')).toHaveLength(1);
  });

  it('stores only a 32-byte digest of the session token; a sign-out kills the row; account events reach the audit trail', async () => {
    const useCases = hush();
    const { custid } = await useCases.signInWithIdentity.execute({ claims, origin: NO_ORIGIN });
    const origin = { clientAddress: '203.0.113.9', userAgent: `Browser ${'x'.repeat(300)}` };
    const { token } = await useCases.startSession.execute({ custid, method: 'sso', origin });
    const [row] = (await db.dataSource.query('SELECT length(token_digest) AS bytes, user_agent, row_to_json(s)::text AS json FROM hush_session s')) as
      { bytes: number; user_agent: string; json: string }[];
    expect(row?.bytes).toBe(32);
    expect(row?.user_agent).toHaveLength(200);
    expect(row?.json).not.toContain(token);
    clock.advanceSeconds(120);
    await expect(useCases.resumeSession.execute({ token })).resolves.toMatchObject({ custid });
    expect((await db.sessions.listByAccount(custid))[0]?.lastSeenAt).toEqual(clock.now());
    await expect(useCases.endSession.execute({ token, origin })).resolves.toBe(true);
    await expect(useCases.resumeSession.execute({ token })).resolves.toBeNull();
    const audit = await useCases.listAudit.execute({ custid });
    expect(audit.map((e) => [e.event, e.reason, e.secretRef])).toEqual([
      [AccountEventType.Created, 'sso', null],
      [AccountEventType.SignedIn, 'sso', null],
      [AccountEventType.SignedOut, null, null],
    ]);
    expect(audit[1]).toMatchObject({ custid, owner: custid, clientAddress: '203.0.113.9' });
    const dump = (await db.dataSource.query('SELECT row_to_json(a)::text AS json FROM hush_audit a')) as { json: string }[];
    expect(dump.map((r) => r.json).join('\n')).not.toContain(token);
  });

  it('the purge removes ended sessions and account events past retention', async () => {
    const useCases = hush();
    const { custid } = await useCases.signInWithIdentity.execute({ claims });
    await useCases.startSession.execute({ custid, method: 'sso' });
    clock.advanceSeconds(61 * 60);
    const { token } = await useCases.startSession.execute({ custid, method: 'sso' });
    await expect(useCases.purge.execute()).resolves.toMatchObject({ sessionsRemoved: 1, auditRemoved: 0 });
    await expect(useCases.resumeSession.execute({ token })).resolves.not.toBeNull();
    clock.advanceSeconds(91 * 24 * 3600);
    await expect(useCases.purge.execute()).resolves.toMatchObject({ sessionsRemoved: 1, auditRemoved: 3 });
  });
});
