import { accountCaller } from '../secret/caller';
import { createUseCases } from '../composition/create-use-cases';
import { createDomainFixture, FakeCipher } from '../testing';

const alice = accountCaller('alice@example.com');

describe('RotateEncryptionKey', () => {
  it('re-seals every secret under the current key, idempotently; values and keys stay readable', async () => {
    const f = createDomainFixture();
    const receipts = [];
    for (let i = 0; i < 5; i++) receipts.push(await f.share.execute({ caller: alice, secret: `value ${i}` }));
    const rotated = createUseCases({ ...f, cipher: new FakeCipher('k2', ['k1']) });
    await expect(rotated.rotateEncryptionKey.execute()).resolves.toEqual({ resealed: 5 });
    expect(f.secrets.all().every((secret) => secret.keyId === 'k2')).toBe(true);
    await expect(rotated.rotateEncryptionKey.execute()).resolves.toEqual({ resealed: 0 });
    const onlyK2 = createUseCases({ ...f, cipher: new FakeCipher('k2') });
    await expect(onlyK2.getMetadata.execute({ caller: alice, metadataKey: receipts[3]?.metadataKey as string })).resolves.toMatchObject({
      secretKey: receipts[3]?.secretKey,
    });
    await expect(onlyK2.reveal.execute({ secretKey: receipts[3]?.secretKey as string })).resolves.toMatchObject({ value: 'value 3' });
  });
});
