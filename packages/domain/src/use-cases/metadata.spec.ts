import { NotAuthorizedError, UnknownSecretError } from '../errors';
import { accountCaller, anonymousCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

const alice = accountCaller('alice@example.com');
const bob = accountCaller('bob@example.com');

async function setup(options?: Parameters<typeof createDomainFixture>[0]) {
  const f = createDomainFixture(options);
  const receipt = await f.share.execute({ caller: alice, secret: 'v', ttl: 600 });
  return { f, metadataKey: receipt.metadataKey, secretKey: receipt.secretKey as string };
}

describe('GetMetadata', () => {
  it('never changes the secret: it stays new, however often it is read', async () => {
    const { f, metadataKey } = await setup();
    const created = f.clock.now();
    f.clock.advanceSeconds(10);
    for (let i = 0; i < 3; i++) {
      await expect(f.getMetadata.execute({ caller: alice, metadataKey })).resolves.toMatchObject({ state: 'new', secretTtl: 590, metadataTtl: 1190, updatedAt: created });
    }
    expect(f.secrets.all()[0]).toMatchObject({ storedState: 'new', version: 0 });
  });

  it('answers another account exactly like an unknown key', async () => {
    const { f, metadataKey } = await setup();
    await expect(f.getMetadata.execute({ caller: bob, metadataKey })).rejects.toEqual(new UnknownSecretError(metadataKey));
    expect(f.secrets.all()[0]?.storedState).toBe('new');
  });

  it('needs an account unless the metadata key is a bearer credential', async () => {
    const { f, metadataKey } = await setup();
    await expect(f.getMetadata.execute({ caller: anonymousCaller, metadataKey })).rejects.toBeInstanceOf(NotAuthorizedError);
    const bearer = await setup({ metadataKeyIsBearer: true });
    await expect(bearer.f.getMetadata.execute({ caller: anonymousCaller, metadataKey: bearer.metadataKey })).resolves.toMatchObject({ state: 'new' });
  });

  it('keeps anonymous secrets\' metadata unreadable by accounts', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: anonymousCaller, secret: 'v' });
    await expect(f.getMetadata.execute({ caller: alice, metadataKey: receipt.metadataKey })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('reports expired after the secret ttl and unknown after the metadata ttl', async () => {
    const { f, metadataKey } = await setup();
    f.clock.advanceSeconds(600);
    await expect(f.getMetadata.execute({ caller: alice, metadataKey })).resolves.toMatchObject({ state: 'expired', secretKey: null, secretTtl: null });
    f.clock.advanceSeconds(600);
    await expect(f.getMetadata.execute({ caller: alice, metadataKey })).rejects.toBeInstanceOf(UnknownSecretError);
  });
});

describe('receipts that cannot be decrypted', () => {
  it('are not burned, and their receipt is not shown', async () => {
    const { f, metadataKey } = await setup();
    jest.spyOn(f.cipher, 'open').mockImplementation(() => {
      throw new Error('bad key');
    });
    await expect(f.getMetadata.execute({ caller: alice, metadataKey })).rejects.toThrow('bad key');
    await expect(f.burn.execute({ caller: alice, metadataKey })).rejects.toThrow('bad key');
    expect(f.secrets.all()[0]?.storedState).toBe('new');
  });
});

describe('BurnSecret', () => {
  it('destroys the secret without a passphrase and reports burned', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: alice, secret: 'v', passphrase: 'p' });
    const burned = await f.burn.execute({ caller: alice, metadataKey: receipt.metadataKey });
    expect(burned.secretShortKey).toBe((receipt.secretKey as string).slice(0, 6));
    expect(burned.metadata).toMatchObject({ state: 'burned', secretKey: null, secretTtl: null });
    await expect(f.reveal.execute({ secretKey: receipt.secretKey as string, passphrase: 'p' })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it.each(['received', 'burned', 'expired'])('answers unknown when the secret is already %s', async (state) => {
    const { f, metadataKey, secretKey } = await setup();
    if (state === 'received') await f.reveal.execute({ secretKey });
    if (state === 'burned') await f.burn.execute({ caller: alice, metadataKey });
    if (state === 'expired') f.clock.advanceSeconds(600);
    await expect(f.burn.execute({ caller: alice, metadataKey })).rejects.toEqual(new UnknownSecretError(metadataKey));
  });

  it('cannot be done by another account', async () => {
    const { f, metadataKey, secretKey } = await setup();
    await expect(f.burn.execute({ caller: bob, metadataKey })).rejects.toBeInstanceOf(UnknownSecretError);
    await expect(f.reveal.execute({ secretKey })).resolves.toMatchObject({ value: 'v' });
  });

  it('races a reveal with exactly one winner', async () => {
    const { f, metadataKey, secretKey } = await setup();
    const [burn, reveal] = await Promise.allSettled([f.burn.execute({ caller: alice, metadataKey }), f.reveal.execute({ secretKey })]);
    expect([burn.status, reveal.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
  });
});

describe('ListRecentMetadata', () => {
  it('lists the caller\'s live receipts, newest first, with null secret keys', async () => {
    const f = createDomainFixture();
    const first = await f.share.execute({ caller: alice, secret: 'a', ttl: 60 });
    f.clock.advanceSeconds(1);
    const second = await f.share.execute({ caller: alice, secret: 'b', ttl: 600 });
    await f.share.execute({ caller: bob, secret: 'c' });
    await f.share.execute({ caller: anonymousCaller, secret: 'd' });
    const recent = await f.listRecent.execute({ caller: alice });
    expect(recent.map((m) => m.metadataKey)).toEqual([second.metadataKey, first.metadataKey]);
    expect(recent.every((m) => m.secretKey === null)).toBe(true);
    f.clock.advanceSeconds(200);
    expect((await f.listRecent.execute({ caller: alice })).map((m) => m.metadataKey)).toEqual([second.metadataKey]);
  });

  it('needs an account', async () => {
    await expect(createDomainFixture().listRecent.execute({ caller: anonymousCaller })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('holds the newest recentLimit receipts, newest first', async () => {
    const f = createDomainFixture({ recentLimit: 3 });
    const shared: string[] = [];
    for (let i = 0; i < 5; i++) {
      shared.push((await f.share.execute({ caller: alice, secret: `s${i}` })).metadataKey);
      f.clock.advanceSeconds(1);
    }
    expect((await f.listRecent.execute({ caller: alice })).map((m) => m.metadataKey)).toEqual(shared.slice(2).reverse());
  });

  it('refuses a limit below one', () => {
    expect(() => createDomainFixture({ recentLimit: 0 })).toThrow(RangeError);
  });

  it('lists one page at a time, within recentLimit', async () => {
    const f = createDomainFixture({ recentLimit: 4 });
    const shared: string[] = [];
    for (let i = 0; i < 5; i++) {
      shared.unshift((await f.share.execute({ caller: alice, secret: `s${i}` })).metadataKey);
      f.clock.advanceSeconds(1);
    }
    const page = (offset: number, limit: number) => f.listRecent.execute({ caller: alice, page: { offset, limit } }).then((list) => list.map((m) => m.metadataKey));
    expect(await page(0, 2)).toEqual(shared.slice(0, 2));
    expect(await page(2, 2)).toEqual(shared.slice(2, 4));
    expect(await page(4, 2)).toEqual(shared.slice(4));
    expect(await page(0, 10)).toHaveLength(4);
    await expect(page(-1, 2)).rejects.toBeInstanceOf(RangeError);
    await expect(page(0, 0)).rejects.toBeInstanceOf(RangeError);
  });
});
