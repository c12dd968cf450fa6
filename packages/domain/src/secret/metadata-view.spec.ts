import { Secret } from './secret';
import { describeMetadata } from './metadata-view';

const created = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);
const keys = { metadataKey: 'mkey', secretKey: 'skey', reference: 'skey' };

function aSecret(passphraseHash: string | null = null): Secret {
  return Secret.create(
    {
      sealedKeys: { secretKey: 'sealed-s', metadataKey: 'sealed-m' }, keyId: 'k1', sealedValue: 'sealed', owner: 'alice@example.com',
      passphraseHash, ttl: 3600, recipients: ['al*****@e*****.com'],
    },
    created,
  );
}

describe('describeMetadata (what the creator may know, spec §4)', () => {
  it('shows the secret key and remaining time while the secret is new', () => {
    expect(describeMetadata(aSecret('h'), at(100), keys)).toEqual({
      owner: 'alice@example.com',
      metadataKey: 'mkey',
      reference: 'skey',
      secretKey: 'skey',
      ttl: 3600,
      metadataTtl: 7100,
      secretTtl: 3500,
      state: 'new',
      createdAt: created,
      secretExpiresAt: at(3600),
      updatedAt: created,
      receivedAt: null,
      recipients: ['al*****@e*****.com'],
      passphraseRequired: true,
    });
  });

  it('hides the key and secret ttl once received, and shows when', () => {
    const view = describeMetadata(aSecret().reveal(at(10)), at(20), keys);
    expect(view).toMatchObject({ state: 'received', secretKey: null, secretTtl: null, receivedAt: at(10), updatedAt: at(10) });
  });

  it('hides the key and secret ttl when burned', () => {
    expect(describeMetadata(aSecret().burn(at(10)), at(20), keys)).toMatchObject({ state: 'burned', secretKey: null, secretTtl: null, receivedAt: null });
  });

  it('reports expired once the secret ttl passed, whether or not anything was purged', () => {
    expect(describeMetadata(aSecret(), at(3600), keys)).toMatchObject({ state: 'expired', secretKey: null, secretTtl: null, metadataTtl: 3600 });
  });

  it('reports orphaned when the value vanished otherwise', () => {
    const secret = Secret.restore({ ...aSecret().toProps(), value: { kind: 'absent' } });
    expect(describeMetadata(secret, at(1), keys).state).toBe('orphaned');
  });

  it('never reports negative remaining time', () => {
    expect(describeMetadata(aSecret(), at(999_999), keys).metadataTtl).toBe(0);
  });

  it('shows no secret key when none is given (listings), even while the secret is new', () => {
    expect(describeMetadata(aSecret('h'), at(1), { metadataKey: 'mkey', reference: 'skey' }).secretKey).toBeNull();
  });
});
