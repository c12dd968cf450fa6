import { UnknownSecretError } from '../errors';
import { anonymousCaller, accountCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

async function shared(f = createDomainFixture(), passphrase?: string) {
  const receipt = await f.share.execute({ caller: accountCaller('alice@example.com'), secret: 'the value', passphrase, ttl: 600 });
  return { f, secretKey: receipt.secretKey as string, metadataKey: receipt.metadataKey };
}

describe('RevealSecret', () => {
  it('reveals exactly once; the receipt becomes received', async () => {
    const { f, secretKey, metadataKey } = await shared();
    f.clock.advanceSeconds(5);
    await expect(f.reveal.execute({ secretKey })).resolves.toEqual({ secretKey, value: 'the value' });
    await expect(f.reveal.execute({ secretKey })).rejects.toBeInstanceOf(UnknownSecretError);
    const metadata = await f.getMetadata.execute({ caller: accountCaller('alice@example.com'), metadataKey });
    expect(metadata.state).toBe('received');
    expect(metadata.receivedAt).toEqual(f.clock.now());
    expect(f.secrets.all()[0]?.value).toEqual({ kind: 'absent' });
  });

  it('gives one winner among concurrent reveals', async () => {
    const { f, secretKey } = await shared();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => f.reveal.execute({ secretKey })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('answers unknown keys like consumed ones', async () => {
    const f = createDomainFixture();
    await expect(f.reveal.execute({ secretKey: 'nope' })).rejects.toMatchObject({ code: 'UNKNOWN_SECRET', key: 'nope' });
  });

  it('refuses after the ttl, before any purge', async () => {
    const { f, secretKey } = await shared();
    f.clock.advanceSeconds(600);
    await expect(f.reveal.execute({ secretKey })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('needs the passphrase; a wrong one keeps the secret and counts the attempt', async () => {
    const { f, secretKey } = await shared(undefined, 'open sesame');
    await expect(f.reveal.execute({ secretKey, passphrase: 'wrong' })).rejects.toBeInstanceOf(UnknownSecretError);
    expect(f.secrets.all()[0]?.failedAttempts).toBe(1);
    await expect(f.reveal.execute({ secretKey, passphrase: 'open sesame' })).resolves.toMatchObject({ value: 'the value' });
  });

  it('never counts a missing or empty passphrase, nor writes anything for it: N + 2 of them never burn', async () => {
    const { f, secretKey } = await shared(createDomainFixture({ policy: { maxPassphraseAttempts: 3 } }), 'open sesame');
    for (let i = 0; i < 5; i++) {
      await expect(f.reveal.execute({ secretKey, passphrase: i % 2 ? '' : undefined })).rejects.toEqual(new UnknownSecretError(secretKey));
    }
    expect(f.secrets.all()[0]).toMatchObject({ failedAttempts: 0, version: 0, storedState: 'new' });
    expect(f.events.counts.passphraseFailed).toBe(0);
    await expect(f.reveal.execute({ secretKey, passphrase: 'open sesame' })).resolves.toMatchObject({ value: 'the value' });
  });

  it('burns the secret after the configured number of failed attempts', async () => {
    const { f, secretKey, metadataKey } = await shared(createDomainFixture({ policy: { maxPassphraseAttempts: 3 } }), 'right');
    for (let i = 0; i < 3; i++) await expect(f.reveal.execute({ secretKey, passphrase: 'wrong' })).rejects.toBeInstanceOf(UnknownSecretError);
    await expect(f.reveal.execute({ secretKey, passphrase: 'right' })).rejects.toBeInstanceOf(UnknownSecretError);
    const metadata = await f.getMetadata.execute({ caller: accountCaller('alice@example.com'), metadataKey });
    expect(metadata.state).toBe('burned');
  });

  it('counts every one of many concurrent wrong guesses', async () => {
    const { f, secretKey } = await shared(createDomainFixture({ policy: { maxPassphraseAttempts: 100 } }), 'right');
    await Promise.allSettled(Array.from({ length: 30 }, () => f.reveal.execute({ secretKey, passphrase: 'wrong' })));
    expect(f.secrets.all()[0]?.failedAttempts).toBe(30);
  });

  it('does not consume a protected value it cannot decrypt', async () => {
    const { f, secretKey } = await shared(createDomainFixture(), 'right');
    jest.spyOn(f.cipher, 'open').mockImplementationOnce(() => { throw new Error('bad key'); });
    await expect(f.reveal.execute({ secretKey, passphrase: 'right' })).rejects.toThrow('bad key');
    await expect(f.reveal.execute({ secretKey, passphrase: 'right' })).resolves.toMatchObject({ value: 'the value' });
  });

  it('reveals a secret without a passphrase in one claim, which also returns the value', async () => {
    const { f, secretKey } = await shared();
    const reads = jest.spyOn(f.secrets, 'findBySecretKey');
    await expect(f.reveal.execute({ secretKey })).resolves.toMatchObject({ value: 'the value' });
    expect(reads).not.toHaveBeenCalled();
    await expect(f.reveal.execute({ secretKey })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('leaves a secret under a key it does not hold as it is: not consumed, no passphrase counted', async () => {
    const { f, secretKey } = await shared(undefined, 'right');
    jest.spyOn(f.cipher, 'holdsKey').mockReturnValue(false);
    for (const passphrase of [undefined, 'wrong', 'right']) await expect(f.reveal.execute({ secretKey, passphrase })).rejects.toThrow(/No encryption key/);
    expect(f.secrets.all()[0]).toMatchObject({ failedAttempts: 0, storedState: 'new', hasValue: true });
  });

  it('does not claim for a caller who is gone: asked right before the claim, after the passphrase is verified', async () => {
    const { f, secretKey } = await shared(undefined, 'right');
    const order: string[] = [];
    const verify = f.passphrases.verify.bind(f.passphrases);
    jest.spyOn(f.passphrases, 'verify').mockImplementation(async (hash, passphrase) => {
      order.push('verify');
      return verify(hash, passphrase);
    });
    const stillWanted = () => {
      order.push('stillWanted');
      return false;
    };
    await expect(f.reveal.execute({ secretKey, passphrase: 'right', stillWanted })).rejects.toMatchObject({ code: 'CALLER_GONE' });
    expect(order).toEqual(['verify', 'stillWanted']);
    expect(f.secrets.all()[0]).toMatchObject({ storedState: 'new', failedAttempts: 0, version: 0 });
    expect(f.events.counts.revealed).toBe(0);
    await expect(f.reveal.execute({ secretKey, passphrase: 'right', stillWanted: () => true })).resolves.toMatchObject({ value: 'the value' });
    await expect(f.reveal.execute({ secretKey, passphrase: 'right' })).rejects.toBeInstanceOf(UnknownSecretError);
  });

  it('waits for an asynchronous answer of stillWanted before the claim, with or without a passphrase', async () => {
    for (const passphrase of [undefined, 'right']) {
      const { f, secretKey } = await shared(undefined, passphrase);
      const stillWanted = async () => {
        await Promise.resolve();
        return false;
      };
      await expect(f.reveal.execute({ secretKey, passphrase, stillWanted })).rejects.toMatchObject({ code: 'CALLER_GONE' });
      expect(f.secrets.all()[0]).toMatchObject({ storedState: 'new', version: 0 });
      await expect(f.reveal.execute({ secretKey, passphrase, stillWanted: async () => true })).resolves.toMatchObject({ value: 'the value' });
    }
  });

  it('still counts a wrong passphrase whose caller is gone (closing the connection buys no free guesses)', async () => {
    const { f, secretKey } = await shared(undefined, 'right');
    await expect(f.reveal.execute({ secretKey, passphrase: 'wrong', stillWanted: () => false })).rejects.toBeInstanceOf(UnknownSecretError);
    expect(f.secrets.all()[0]?.failedAttempts).toBe(1);
  });

  it('works for anonymous secrets too', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: anonymousCaller, secret: ' x\n' });
    await expect(f.reveal.execute({ secretKey: receipt.secretKey as string })).resolves.toMatchObject({ value: ' x\n' });
  });
});
