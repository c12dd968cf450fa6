import { NotAuthorizedError, UnknownSecretError } from '../errors';
import { accountCaller, anonymousCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

const alice = accountCaller('alice@example.com');
const bob = accountCaller('bob@example.com');

describe('InspectSecret', () => {
  it('says whether a passphrase is needed, and changes nothing however often it is asked', async () => {
    const f = createDomainFixture();
    const plain = await f.share.execute({ caller: anonymousCaller, secret: 'v' });
    const guarded = await f.share.execute({ caller: anonymousCaller, secret: 'w', passphrase: 'pw' });
    for (let i = 0; i < 3; i++) {
      await expect(f.inspect.execute({ secretKey: plain.secretKey as string })).resolves.toEqual({ passphraseRequired: false, failedPassphraseAttempts: 0, owner: null });
      await expect(f.inspect.execute({ secretKey: guarded.secretKey as string })).resolves.toEqual({ passphraseRequired: true, failedPassphraseAttempts: 0, owner: null });
    }
    expect(f.secrets.all().map((s) => [s.storedState, s.version, s.failedAttempts])).toEqual([['new', 0, 0], ['new', 0, 0]]);
    await expect(f.reveal.execute({ secretKey: plain.secretKey as string })).resolves.toMatchObject({ value: 'v' });
  });

  it('counts the wrong passphrases so far, whoever typed them', async () => {
    const f = createDomainFixture();
    const guarded = await f.share.execute({ caller: anonymousCaller, secret: 'w', passphrase: 'pw' });
    const secretKey = guarded.secretKey as string;
    for (const passphrase of ['one', 'two', '']) await f.reveal.execute({ secretKey, passphrase }).catch(() => undefined);
    await expect(f.inspect.execute({ secretKey })).resolves.toEqual({ passphraseRequired: true, failedPassphraseAttempts: 2, owner: null });
  });

  it("names the account that shared it, for the confirm page (PAGES.md §7), and nobody for an anonymous share", async () => {
    const f = createDomainFixture();
    const shared = await f.share.execute({ caller: { kind: 'account', custid: 'alice@example.com' }, secret: 'v' });
    await expect(f.inspect.execute({ secretKey: shared.secretKey as string })).resolves.toMatchObject({ owner: 'alice@example.com' });
  });

  it('gives every view of a secret one reference, the first characters of its secret key, listings too (issue 23 §6)', async () => {
    const f = createDomainFixture();
    const caller = { kind: 'account', custid: 'alice@example.com' } as const;
    const shared = await f.share.execute({ caller, secret: 'v' });
    const reference = (shared.secretKey as string).slice(0, 6);
    expect(shared.reference).toBe(reference);
    await expect(f.listRecent.execute({ caller })).resolves.toEqual([expect.objectContaining({ reference, secretKey: null })]);
    await expect(f.getMetadata.execute({ caller, metadataKey: shared.metadataKey })).resolves.toMatchObject({ reference });
    const burned = await f.burn.execute({ caller, metadataKey: shared.metadataKey });
    expect([burned.secretShortKey, burned.metadata.reference]).toEqual([reference, reference]);
    await expect(f.getMetadata.execute({ caller, metadataKey: shared.metadataKey })).resolves.toMatchObject({ reference, secretKey: null });
  });

  it('answers a key that cannot be revealed (unknown, read, burned, expired) as unknown', async () => {
    const f = createDomainFixture();
    const read = await f.share.execute({ caller: alice, secret: 'v', ttl: 600 });
    const burned = await f.share.execute({ caller: alice, secret: 'v', ttl: 600 });
    const expiring = await f.share.execute({ caller: alice, secret: 'v', ttl: 60 });
    await f.reveal.execute({ secretKey: read.secretKey as string });
    await f.burn.execute({ caller: alice, metadataKey: burned.metadataKey });
    f.clock.advanceSeconds(60);
    for (const secretKey of ['neverissued', read.secretKey, burned.secretKey, expiring.secretKey] as string[]) {
      await expect(f.inspect.execute({ secretKey })).rejects.toEqual(new UnknownSecretError(secretKey));
    }
  });
});

describe('receipts on the pages (ownerlessByKey)', () => {
  it('opens an anonymous receipt with its metadata key alone, and lets it be burned so', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: anonymousCaller, secret: 'v' });
    const byKey = { caller: anonymousCaller, metadataKey: receipt.metadataKey, ownerlessByKey: true };
    await expect(f.getMetadata.execute(byKey)).resolves.toMatchObject({ state: 'new', secretKey: receipt.secretKey });
    await expect(f.burn.execute(byKey)).resolves.toMatchObject({ metadata: { state: 'burned' } });
    // The API keeps its rule: an anonymous caller is not authorized there.
    await expect(f.getMetadata.execute({ caller: anonymousCaller, metadataKey: receipt.metadataKey })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('asks an anonymous caller to sign in for an account\'s receipt, and still hides it from other accounts', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: alice, secret: 'v' });
    const as = (caller: typeof alice) => ({ caller, metadataKey: receipt.metadataKey, ownerlessByKey: true });
    await expect(f.getMetadata.execute(as(anonymousCaller))).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.burn.execute(as(anonymousCaller))).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(f.getMetadata.execute(as(bob))).rejects.toBeInstanceOf(UnknownSecretError);
    await expect(f.getMetadata.execute(as(alice))).resolves.toMatchObject({ state: 'new' });
    await expect(f.getMetadata.execute({ ...as(anonymousCaller), metadataKey: 'neverissued' })).rejects.toBeInstanceOf(UnknownSecretError);
    expect(f.secrets.all()[0]?.storedState).toBe('new');
  });
});
