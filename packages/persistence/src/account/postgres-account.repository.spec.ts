import { Account, AccountExistsError } from '@hush/domain';
import { Database } from '../database';
import { openTestDatabase, truncateAll } from '../testing';

describe('PostgresAccountRepository (real SQL)', () => {
  let db: Database;
  const now = new Date('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it('adds, finds, saves, lists and counts', async () => {
    const repo = db.accounts;
    await repo.add(Account.create('b@example.com', 'hash-b', now));
    await repo.add(Account.create('a@example.com', 'hash-a', now));
    const found = await repo.findByCustid('a@example.com');
    expect(found?.tokenHash).toBe('hash-a');
    expect(found?.createdAt).toEqual(now);
    const later = new Date('2026-06-02T00:00:00Z');
    await repo.save((found as Account).withDisabled(true, later).withToken('hash-a2', later));
    expect(await repo.findByCustid('a@example.com')).toMatchObject({ disabled: true, tokenHash: 'hash-a2', createdAt: now, updatedAt: later });
    expect((await repo.list()).map((a) => a.custid)).toEqual(['a@example.com', 'b@example.com']);
    expect(await repo.count()).toBe(2);
    expect(await repo.findByCustid('nobody@example.com')).toBeNull();
  });

  it('refuses a second account with the same custid', async () => {
    await db.accounts.add(Account.create('a@example.com', 'h', now));
    await expect(db.accounts.add(Account.create('a@example.com', 'h2', now))).rejects.toBeInstanceOf(AccountExistsError);
  });
});
