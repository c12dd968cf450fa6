import { AccountNotFoundError, UnknownSecretError } from '../errors';
import { accountCaller, anonymousCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

const DAVE = 'dave@example.com';

describe('DeleteAccount', () => {
  it('burns what is unread, ends sessions, unlinks identities, removes the account and audits it; others keep theirs', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: DAVE });
    const unread = await f.share.execute({ caller: accountCaller(DAVE), secret: 'unread', ttl: 600 });
    const opened = await f.share.execute({ caller: accountCaller(DAVE), secret: 'opened', ttl: 600 });
    await f.reveal.execute({ secretKey: opened.secretKey as string });
    const anonymous = await f.share.execute({ caller: anonymousCaller, secret: 'not dave\'s', ttl: 600 });
    await f.identities.link({ issuer: 'https://id.example.com', subject: 's1', custid: DAVE, createdAt: f.clock.now() });

    await expect(f.deleteAccount.execute({ custid: DAVE })).resolves.toEqual({ burned: 1, sessionsEnded: 0, identitiesUnlinked: 1 });

    await expect(f.accounts.findByCustid(DAVE)).resolves.toBeNull();
    await expect(f.reveal.execute({ secretKey: unread.secretKey as string })).rejects.toBeInstanceOf(UnknownSecretError);
    await expect(f.reveal.execute({ secretKey: anonymous.secretKey as string })).resolves.toBeDefined();
    await expect(f.identities.listByAccount(DAVE)).resolves.toEqual([]);
    // The in-memory trail keeps account events only; the secret.burned rows are checked on PostgreSQL (cli.e2e-spec.ts).
    const trail = await f.audit.list({ custid: DAVE, limit: 100 });
    expect(trail.map((entry) => [entry.event, entry.custid, entry.reason])).toEqual([['account.deleted', DAVE, 'burned=1']]);
    await expect(f.deleteAccount.execute({ custid: DAVE })).rejects.toBeInstanceOf(AccountNotFoundError);
  });
});
