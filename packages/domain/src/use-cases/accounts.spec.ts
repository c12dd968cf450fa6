import { AccountExistsError, AccountNotFoundError, InvalidCustidError, NotAuthorizedError } from '../errors';
import { createDomainFixture } from '../testing';

describe('account use cases', () => {
  it('creates an account whose token authenticates; only the hash is stored', async () => {
    const f = createDomainFixture();
    const { token } = await f.createAccount.execute({ custid: 'alice@example.com' });
    const stored = await f.accounts.findByCustid('alice@example.com');
    expect(stored?.tokenHash).not.toContain(token);
    await expect(f.authenticate.execute({ custid: 'alice@example.com', token })).resolves.toEqual({ kind: 'account', custid: 'alice@example.com' });
  });

  it.each(['', 'a:b', 'has space', 'anon', 'x'.repeat(255)])('rejects the custid %p', async (custid) => {
    await expect(createDomainFixture().createAccount.execute({ custid })).rejects.toBeInstanceOf(InvalidCustidError);
  });

  it('refuses a duplicate', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: 'a@example.com' });
    await expect(f.createAccount.execute({ custid: 'a@example.com' })).rejects.toBeInstanceOf(AccountExistsError);
  });

  it('rejects unknown users, wrong tokens and disabled accounts alike', async () => {
    const f = createDomainFixture();
    const { token } = await f.createAccount.execute({ custid: 'a@example.com' });
    await expect(f.authenticate.execute({ custid: 'b@example.com', token })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.authenticate.execute({ custid: 'a@example.com', token: 'wrong' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.authenticate.execute({ custid: 'a@example.com', token: '' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.authenticate.execute({ custid: 'a@example.com\u0000', token })).rejects.toBeInstanceOf(NotAuthorizedError);
    await f.setAccountEnabled.execute({ custid: 'a@example.com', enabled: false });
    await expect(f.authenticate.execute({ custid: 'a@example.com', token })).rejects.toBeInstanceOf(NotAuthorizedError);
    await f.setAccountEnabled.execute({ custid: 'a@example.com', enabled: true });
    await expect(f.authenticate.execute({ custid: 'a@example.com', token })).resolves.toBeDefined();
  });

  it('rotates the token: the old one stops working', async () => {
    const f = createDomainFixture();
    const { token: old } = await f.createAccount.execute({ custid: 'a@example.com' });
    const { token } = await f.rotateToken.execute({ custid: 'a@example.com' });
    expect(token).not.toBe(old);
    await expect(f.authenticate.execute({ custid: 'a@example.com', token: old })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.authenticate.execute({ custid: 'a@example.com', token })).resolves.toBeDefined();
    await expect(f.rotateToken.execute({ custid: 'x@example.com' })).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('reads one account\'s settings, never its token hash', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: 'alice@example.com' });
    await f.setRevealNotices.execute({ custid: 'alice@example.com', on: true });
    await f.setAccountLocale.execute({ custid: 'alice@example.com', locale: 'nl' });
    const account = await f.getAccount.execute({ custid: 'alice@example.com' });
    expect(account).toEqual({ custid: 'alice@example.com', disabled: false, createdAt: expect.any(Date) as Date, notifyOnReveal: true, locale: 'nl' });
    await expect(f.getAccount.execute({ custid: 'nobody@example.com' })).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('lists accounts without tokens, and counts them in stats', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: 'b@example.com' });
    await f.createAccount.execute({ custid: 'a@example.com' });
    const list = await f.listAccounts.execute();
    expect(list.map((a) => a.custid)).toEqual(['a@example.com', 'b@example.com']);
    expect(Object.keys(list[0] ?? {})).toEqual(['custid', 'disabled', 'createdAt', 'notifyOnReveal', 'locale']);
    await f.share.execute({ caller: { kind: 'account', custid: 'a@example.com' }, secret: 'x', ttl: 60 });
    await f.share.execute({ caller: { kind: 'anonymous' }, secret: 'y', ttl: 600 });
    f.clock.advanceSeconds(61);
    const stats = await f.stats.execute();
    expect(stats.accounts).toBe(2);
    expect(stats.secrets).toMatchObject({ new: 1, expired: 1 });
    expect(stats.oldestExpiry).toEqual(new Date(Date.parse('2026-01-01T00:00:00Z') + 120_000));
  });
});

describe('AuthenticateAccount with a cached account read', () => {
  const cacheMs = 5000;

  it('lets a disabled account in for at most the cache time, and a replaced token at once while the old one fades', async () => {
    const f = createDomainFixture({ accountCacheMs: cacheMs });
    const { token } = await f.createAccount.execute({ custid: 'c@example.com' });
    const reads = jest.spyOn(f.accounts, 'findByCustid');
    await expect(f.authenticate.execute({ custid: 'c@example.com', token })).resolves.toEqual({ kind: 'account', custid: 'c@example.com' });
    await f.authenticate.execute({ custid: 'c@example.com', token });
    expect(reads).toHaveBeenCalledTimes(1);

    await f.setAccountEnabled.execute({ custid: 'c@example.com', enabled: false });
    f.clock.advanceSeconds(cacheMs / 1000 - 0.001);
    await expect(f.authenticate.execute({ custid: 'c@example.com', token })).resolves.toBeDefined();
    f.clock.advanceSeconds(0.002);
    await expect(f.authenticate.execute({ custid: 'c@example.com', token })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });

    await f.setAccountEnabled.execute({ custid: 'c@example.com', enabled: true });
    f.clock.advanceSeconds(cacheMs / 1000);
    await f.authenticate.execute({ custid: 'c@example.com', token });
    const { token: fresh } = await f.rotateToken.execute({ custid: 'c@example.com' });
    await expect(f.authenticate.execute({ custid: 'c@example.com', token: fresh })).resolves.toBeDefined();
    f.clock.advanceSeconds(cacheMs / 1000 + 0.001);
    await expect(f.authenticate.execute({ custid: 'c@example.com', token })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
  });

  it('reads every time without a cache, and never keeps an unknown account', async () => {
    const f = createDomainFixture();
    const { token } = await f.createAccount.execute({ custid: 'd@example.com' });
    const reads = jest.spyOn(f.accounts, 'findByCustid');
    await f.authenticate.execute({ custid: 'd@example.com', token });
    await f.authenticate.execute({ custid: 'd@example.com', token });
    expect(reads).toHaveBeenCalledTimes(2);
    const cached = createDomainFixture({ accountCacheMs: cacheMs });
    await expect(cached.authenticate.execute({ custid: 'e@example.com', token: 'x' })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    const { token: created } = await cached.createAccount.execute({ custid: 'e@example.com' });
    await expect(cached.authenticate.execute({ custid: 'e@example.com', token: created })).resolves.toBeDefined();
  });
});
