import { Account } from '../account/account';
import { IdentityClaims } from '../account/identity';
import { AccountDisabledError } from '../errors';
import { createDomainFixture } from '../testing';

const ISSUER = 'https://id.example.com';
const claims = (extra: Partial<IdentityClaims> = {}): IdentityClaims =>
  ({ issuer: ISSUER, subject: 'sub-alice', email: 'alice@example.com', emailVerified: true, groups: ['staff'], locale: 'sv-SE', ...extra });

const refusal = (reason: string) => expect.objectContaining({ code: 'SIGNIN_NOT_ALLOWED', reason });

describe('SignInWithIdentity', () => {
  it('creates an account named by the e-mail at the first sign-in, with the claimed locale, and links the identity', async () => {
    const f = createDomainFixture();
    await expect(f.signInWithIdentity.execute({ claims: claims() })).resolves.toEqual({ custid: 'alice@example.com', created: true, linked: true });
    expect(await f.accounts.findByCustid('alice@example.com')).toMatchObject({ locale: 'sv', disabled: false });
    expect(await f.identities.find(ISSUER, 'sub-alice')).toMatchObject({ custid: 'alice@example.com' });
    expect((await f.listAudit.execute({})).map((e) => [e.event, e.custid, e.reason])).toEqual([['account.created', 'alice@example.com', 'sso']]);
  });

  it('afterwards finds the account by (issuer, subject) alone: a changed e-mail never moves it', async () => {
    const f = createDomainFixture();
    await f.signInWithIdentity.execute({ claims: claims() });
    await f.createAccount.execute({ custid: 'alice@new.example.com' });
    await expect(f.signInWithIdentity.execute({ claims: claims({ email: 'alice@new.example.com', emailVerified: false }) }))
      .resolves.toEqual({ custid: 'alice@example.com', created: false, linked: false });
    expect(await f.identities.listByAccount('alice@new.example.com')).toEqual([]);
  });

  it('links an enabled account whose custid is the e-mail, ignoring case, and creates nothing', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: 'Alice@Example.com' });
    await expect(f.signInWithIdentity.execute({ claims: claims() })).resolves.toEqual({ custid: 'Alice@Example.com', created: false, linked: true });
    expect(await f.accounts.count()).toBe(1);
    expect(await f.identities.find(ISSUER, 'sub-alice')).toMatchObject({ custid: 'Alice@Example.com' });
  });

  it('prefers the account spelt exactly as the e-mail; refuses to guess among case variants', async () => {
    const f = createDomainFixture();
    await f.createAccount.execute({ custid: 'ALICE@example.com' });
    await f.createAccount.execute({ custid: 'alice@example.com' });
    await expect(f.signInWithIdentity.execute({ claims: claims() })).resolves.toMatchObject({ custid: 'alice@example.com' });
    await expect(f.signInWithIdentity.execute({ claims: claims({ subject: 'other', email: 'Alice@Example.com' }) })).rejects.toEqual(refusal('email_taken'));
  });

  it('never links an account that already has an identity of this issuer (another person with the same e-mail)', async () => {
    const f = createDomainFixture();
    await f.signInWithIdentity.execute({ claims: claims() });
    await expect(f.signInWithIdentity.execute({ claims: claims({ subject: 'sub-impostor' }) })).rejects.toEqual(refusal('email_taken'));
    expect(await f.identities.find(ISSUER, 'sub-impostor')).toBeNull();
    expect(await f.accounts.count()).toBe(1);
  });

  it('links an account to an identity of another issuer too', async () => {
    const f = createDomainFixture();
    await f.signInWithIdentity.execute({ claims: claims() });
    await expect(f.signInWithIdentity.execute({ claims: claims({ issuer: 'https://other.example.net' }) }))
      .resolves.toEqual({ custid: 'alice@example.com', created: false, linked: true });
  });

  it('refuses a disabled account, whether found by its identity or by its e-mail, and records the refusal', async () => {
    const f = createDomainFixture();
    await f.signInWithIdentity.execute({ claims: claims() });
    await f.createAccount.execute({ custid: 'bob@example.com' });
    await f.setAccountEnabled.execute({ custid: 'alice@example.com', enabled: false });
    await f.setAccountEnabled.execute({ custid: 'bob@example.com', enabled: false });
    await expect(f.signInWithIdentity.execute({ claims: claims() })).rejects.toBeInstanceOf(AccountDisabledError);
    await expect(f.signInWithIdentity.execute({ claims: claims({ subject: 'sub-bob', email: 'bob@example.com' }) })).rejects.toBeInstanceOf(AccountDisabledError);
    expect(await f.identities.find(ISSUER, 'sub-bob')).toBeNull();
    const refused = (await f.listAudit.execute({})).filter((e) => e.event === 'account.signin_refused');
    expect(refused.map((e) => [e.custid, e.reason])).toEqual([['alice@example.com', 'account_disabled'], ['bob@example.com', 'account_disabled']]);
  });

  it('refuses who the rules keep out, creates nothing, and records why', async () => {
    const f = createDomainFixture({ signIn: { allowedEmailDomains: ['example.com'], allowedGroups: ['staff'] } });
    const origin = { clientAddress: '198.51.100.7', userAgent: 'Chromium' };
    await expect(f.signInWithIdentity.execute({ claims: claims({ emailVerified: false }), origin })).rejects.toEqual(refusal('email_unverified'));
    await expect(f.signInWithIdentity.execute({ claims: claims({ email: 'eve@sub.example.com' }) })).rejects.toEqual(refusal('email_domain'));
    await expect(f.signInWithIdentity.execute({ claims: claims({ groups: ['contractors'] }) })).rejects.toEqual(refusal('group'));
    await expect(f.signInWithIdentity.execute({ claims: claims({ email: undefined }) })).rejects.toEqual(refusal('email_missing'));
    await expect(f.signInWithIdentity.execute({ claims: claims({ email: 'al ice@example.com' }) })).rejects.toEqual(refusal('email_unusable'));
    expect(await f.accounts.count()).toBe(0);
    expect(await f.identities.find(ISSUER, 'sub-alice')).toBeNull();
    const audit = await f.listAudit.execute({});
    expect(audit.map((e) => [e.event, e.custid, e.reason])).toEqual(
      ['email_unverified', 'email_domain', 'group', 'email_missing', 'email_unusable'].map((reason) => ['account.signin_refused', 'anon', reason]),
    );
    expect(audit[0]).toMatchObject({ clientAddress: '198.51.100.7', userAgent: 'Chromium' });
    expect(JSON.stringify(audit)).not.toContain('eve@');
  });

  it('keeps out a linked person who left the allowed groups', async () => {
    const f = createDomainFixture({ signIn: { allowedGroups: ['staff'] } });
    await f.signInWithIdentity.execute({ claims: claims() });
    await expect(f.signInWithIdentity.execute({ claims: claims({ groups: [] }) })).rejects.toEqual(refusal('group'));
  });

  it('creates no account when accounts are not created on sign-in, but still links an existing one', async () => {
    const f = createDomainFixture({ signIn: { createAccounts: false } });
    await expect(f.signInWithIdentity.execute({ claims: claims() })).rejects.toEqual(refusal('no_account'));
    expect(await f.accounts.count()).toBe(0);
    await f.createAccount.execute({ custid: 'alice@example.com' });
    await expect(f.signInWithIdentity.execute({ claims: claims() })).resolves.toMatchObject({ linked: true, created: false });
  });

  it('takes an unverified e-mail when verification is not required', async () => {
    const f = createDomainFixture({ signIn: { requireVerifiedEmail: false } });
    await expect(f.signInWithIdentity.execute({ claims: claims({ emailVerified: false, locale: 'de' }) })).resolves.toMatchObject({ created: true });
    expect((await f.accounts.findByCustid('alice@example.com'))?.locale).toBeNull();
  });

  it('two first sign-ins of one identity at once end with one account and one link', async () => {
    const f = createDomainFixture();
    const results = await Promise.all([1, 2, 3].map(() => f.signInWithIdentity.execute({ claims: claims() })));
    expect(results.map((r) => r.custid)).toEqual(['alice@example.com', 'alice@example.com', 'alice@example.com']);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await f.accounts.count()).toBe(1);
    expect(await f.identities.listByAccount('alice@example.com')).toHaveLength(1);
  });

  it('the account made at sign-in has a token no one knows (a new one is made on the account page)', async () => {
    const f = createDomainFixture();
    await f.signInWithIdentity.execute({ claims: claims() });
    const account = (await f.accounts.findByCustid('alice@example.com')) as Account;
    expect(account.tokenHash).not.toBe('');
  });
});
