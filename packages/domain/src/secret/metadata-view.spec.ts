import { Secret } from './secret';
import { describeMetadata, describeMetadataForListing } from './metadata-view';

const created = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);

function aSecret(passphraseHash: string | null = null): Secret {
  return Secret.create(
    { secretKey: 'skey', metadataKey: 'mkey', owner: 'alice@example.com', sealedValue: 'sealed', passphraseHash, ttl: 3600, recipients: ['al*****@e*****.com'] },
    created,
  );
}

describe('describeMetadata (spec §4 visibility)', () => {
  it('shows the secret key and remaining time while the secret is new', () => {
    expect(describeMetadata(aSecret('h'), at(100))).toEqual({
      custid: 'alice@example.com',
      metadataKey: 'mkey',
      secretKey: 'skey',
      ttl: 3600,
      metadataTtl: 7100,
      secretTtl: 3500,
      state: 'new',
      updated: created.getTime() / 1000,
      created: created.getTime() / 1000,
      recipient: ['al*****@e*****.com'],
      passphraseRequired: true,
    });
  });

  it('has fields in wire order', () => {
    expect(Object.keys(describeMetadata(aSecret(), at(0)))).toEqual([
      'custid', 'metadataKey', 'ttl', 'metadataTtl', 'state', 'updated', 'created', 'recipient', 'secretKey', 'secretTtl', 'passphraseRequired',
    ]);
  });

  it('hides the key and secret ttl once received, and shows when', () => {
    const view = describeMetadata(aSecret().reveal(at(10)), at(20));
    expect(view.state).toBe('received');
    expect(view.received).toBe(created.getTime() / 1000 + 10);
    expect(view.updated).toBe(created.getTime() / 1000 + 10);
    expect('secretKey' in view).toBe(false);
    expect('secretTtl' in view).toBe(false);
    expect('passphraseRequired' in view).toBe(false);
  });

  it('shows an empty key and null ttl when burned', () => {
    const view = describeMetadata(aSecret().burn(at(10)), at(20));
    expect(view).toMatchObject({ state: 'burned', secretKey: '', secretTtl: null });
    expect('received' in view).toBe(false);
    expect('passphraseRequired' in view).toBe(false);
  });

  it('reports expired once the secret ttl passed, whether or not anything was purged', () => {
    const view = describeMetadata(aSecret(), at(3600));
    expect(view).toMatchObject({ state: 'expired', secretKey: '', secretTtl: null, metadataTtl: 3600 });
  });

  it('reports orphaned when the value vanished otherwise', () => {
    const secret = Secret.restore({ ...propsOf(aSecret()), sealedValue: null });
    expect(describeMetadata(secret, at(1)).state).toBe('orphaned');
  });

  it('never reports negative remaining time', () => {
    expect(describeMetadata(aSecret(), at(999_999)).metadataTtl).toBe(0);
  });

  it('lists with a null secret key and without passphrase_required', () => {
    const view = describeMetadataForListing(aSecret('h'), at(1));
    expect(view.secretKey).toBeNull();
    expect('passphraseRequired' in view).toBe(false);
    expect(describeMetadataForListing(aSecret().reveal(at(1)), at(2)).secretKey).toBeNull();
  });
});

function propsOf(secret: Secret) {
  return {
    secretKey: secret.secretKey, metadataKey: secret.metadataKey, owner: secret.owner, sealedValue: secret.sealedValue,
    passphraseHash: secret.passphraseHash, ttl: secret.ttl, state: secret.storedState, failedAttempts: secret.failedAttempts,
    recipients: secret.recipients, createdAt: secret.createdAt, updatedAt: secret.updatedAt, receivedAt: secret.receivedAt,
    secretExpiresAt: secret.secretExpiresAt, metadataExpiresAt: secret.metadataExpiresAt, version: secret.version,
  };
}
