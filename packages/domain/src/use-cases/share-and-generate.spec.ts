import { EmptySecretError, PassphraseTooLongError, RecipientRequiresAccountError, SecretTooLargeError, UndeliverableRecipientError } from '../errors';
import { PASSWORD_CHARACTER_SETS } from '../ports';
import { accountCaller, anonymousCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

describe('ShareSecret', () => {
  it('stores the value sealed and the passphrase hashed, and returns the receipt', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: anonymousCaller, secret: 'hunter2', passphrase: 'pw', ttl: 3600 });
    expect(receipt).toMatchObject({ owner: null, ttl: 3600, secretTtl: 3600, metadataTtl: 7200, state: 'new', passphraseRequired: true, recipients: [] });
    const [stored] = f.secrets.all();
    const sealed = stored?.value.kind === 'sealed' ? stored.value.sealed : '';
    expect(sealed).not.toContain('hunter2');
    expect(f.cipher.open(sealed)).toBe('hunter2');
    expect(stored?.sealedKeys.secretKey).not.toContain(receipt.secretKey);
    expect(f.cipher.open(stored?.sealedKeys.metadataKey ?? '')).toBe(receipt.metadataKey);
    expect(stored?.keyId).toBe(f.cipher.currentKeyId);
    expect(stored?.passphraseHash).not.toContain('pw');
  });

  it('records the owner for accounts and obscures recipients', async () => {
    const f = createDomainFixture();
    const receipt = await f.share.execute({ caller: accountCaller('alice@example.com'), secret: 'x', recipients: ['delano@example.com', ''] });
    expect(receipt.owner).toBe('alice@example.com');
    expect(receipt.recipients).toEqual(['de*****@e*****.com']);
  });

  it('keeps the first 10 recipients and ignores the rest, unchecked (as the reference does)', async () => {
    const f = createDomainFixture();
    const addresses = [...Array.from({ length: 10 }, (_, i) => `user${i}@example.com`), 'eleventh@example.com', 'not an address'];
    const receipt = await f.share.execute({ caller: accountCaller('alice@example.com'), secret: 'x', recipients: addresses });
    expect(receipt.recipients).toEqual(Array.from({ length: 10 }, () => 'us*****@e*****.com'));
    expect(f.secrets.all()[0]?.recipients).toHaveLength(10);
  });

  it('compares passphrases in Unicode NFC: the same passphrase typed composed or decomposed opens the secret', async () => {
    const f = createDomainFixture();
    const composed = 'caf\u00e9 cr\u00e8me';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const a = await f.share.execute({ caller: anonymousCaller, secret: 'a', passphrase: composed });
    const b = await f.share.execute({ caller: anonymousCaller, secret: 'b', passphrase: decomposed });
    await expect(f.reveal.execute({ secretKey: a.secretKey as string, passphrase: decomposed })).resolves.toMatchObject({ value: 'a' });
    await expect(f.reveal.execute({ secretKey: b.secretKey as string, passphrase: composed })).resolves.toMatchObject({ value: 'b' });
  });

  it('still opens a secret whose passphrase was hashed as typed, before passphrases were normalised', async () => {
    const f = createDomainFixture();
    const decomposed = 'caf\u00e9'.normalize('NFD');
    const receipt = await f.share.execute({ caller: anonymousCaller, secret: 'old', passphrase: 'placeholder' });
    jest.spyOn(f.passphrases, 'verify').mockImplementation(async (_hash, given) => given === decomposed);
    await expect(f.reveal.execute({ secretKey: receipt.secretKey as string, passphrase: decomposed })).resolves.toMatchObject({ value: 'old' });
  });

  it('treats an empty passphrase as none', async () => {
    const f = createDomainFixture();
    expect((await f.share.execute({ caller: anonymousCaller, secret: 'x', passphrase: '' })).passphraseRequired).toBe(false);
    expect(f.passphrases.hashes).toBe(0);
  });

  it.each([
    ['an empty secret', { secret: '' }, EmptySecretError],
    ['a secret over the size limit', { secret: 'x'.repeat(100_001) }, SecretTooLargeError],
    ['a passphrase over 128 characters', { secret: 'x', passphrase: 'p'.repeat(129) }, PassphraseTooLongError],
    ['a recipient from an anonymous caller', { secret: 'x', recipients: ['a@example.com'] }, RecipientRequiresAccountError],
  ])('rejects %s and stores nothing', async (_name, input, error) => {
    const f = createDomainFixture();
    await expect(f.share.execute({ caller: anonymousCaller, ...input })).rejects.toBeInstanceOf(error);
    expect(f.secrets.size).toBe(0);
  });

  it('rejects an undeliverable address and stores nothing', async () => {
    const f = createDomainFixture();
    await expect(f.share.execute({ caller: accountCaller('a@example.com'), secret: 'x', recipients: ['nope'] })).rejects.toBeInstanceOf(UndeliverableRecipientError);
    expect(f.secrets.size).toBe(0);
  });
});

describe('GenerateSecret', () => {
  it('shares a password of the requested length and returns it once', async () => {
    const f = createDomainFixture();
    const { metadata, value } = await f.generate.execute({ caller: anonymousCaller, length: 16 });
    expect(value).toHaveLength(16);
    for (const set of PASSWORD_CHARACTER_SETS) expect([...value].some((c) => set.includes(c))).toBe(true);
    const revealed = await f.reveal.execute({ secretKey: metadata.secretKey as string });
    expect(revealed.value).toBe(value);
  });

  it('defaults to 12 characters', async () => {
    const f = createDomainFixture();
    expect((await f.generate.execute({ caller: anonymousCaller })).value).toHaveLength(12);
  });
});
