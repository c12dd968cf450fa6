import { MailQuota, MailQuotaLimits } from '@hush/domain';
import { InMemoryMailQuota } from '@hush/domain/testing';
import { Database } from '../database';
import { isEmbeddedTestDatabase, openTestDatabase, truncateAll } from '../testing';
import { PostgresMailQuota } from './postgres-mail-quota';

const LIMITS: MailQuotaLimits = { perAccountPerDay: 5, perRecipientPerHour: 4 };
const where = isEmbeddedTestDatabase() ? 'PGlite' : 'PostgreSQL';

describe.each<[string, (db: Database) => MailQuota]>([
  ['InMemoryMailQuota', () => new InMemoryMailQuota(LIMITS)],
  [`PostgresMailQuota on ${where}`, (db) => new PostgresMailQuota(db.client, LIMITS)],
])('%s keeps the mail budgets of NOTIFICATIONS.md §1', (_name, create) => {
  let db: Database;
  let quota: MailQuota;
  const admitted = async (custid: string, mailbox: string, times = 1) => {
    const outcomes: boolean[] = [];
    for (let i = 0; i < times; i++) outcomes.push((await quota.admit(custid, mailbox)).admitted);
    return outcomes;
  };
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await truncateAll(db);
    quota = create(db);
  });

  it('gives one sender half of a mailbox\'s hourly budget, and the others the rest', async () => {
    expect(await admitted('mallory', 'victim@example.org', 3)).toEqual([true, true, false]);
    const refused = await quota.admit('mallory', 'victim@example.org');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await admitted('alice', 'victim@example.org')).toEqual([true]);
    expect(await admitted('carol', 'victim@example.org')).toEqual([true]);
    expect(await admitted('dave', 'victim@example.org')).toEqual([false]);
    // The spent share is of that mailbox only.
    expect(await admitted('mallory', 'someone@example.org')).toEqual([true]);
  });

  it('counts a refused mail nowhere, so it spends nobody\'s budget', async () => {
    expect(await admitted('alice', 'a@example.org', 2)).toEqual([true, true]);
    expect(await admitted('alice', 'a@example.org', 5)).toEqual([false, false, false, false, false]);
    // Alice's day has 3 left: the refusals took none of them.
    expect(await admitted('alice', 'b@example.org', 2)).toEqual([true, true]);
    expect(await admitted('alice', 'c@example.org', 2)).toEqual([true, false]);
  });

  it('stops an account at its daily budget, whatever the mailboxes', async () => {
    const mailboxes = ['1', '2', '3', '4', '5', '6'].map((n) => `r${n}@example.org`);
    const outcomes = [];
    for (const mailbox of mailboxes) outcomes.push(...(await admitted('bulk', mailbox)));
    expect(outcomes).toEqual([true, true, true, true, true, false]);
  });
});
