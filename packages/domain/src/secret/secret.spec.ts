import { UnknownSecretError } from '../errors';
import { Secret } from './secret';

const now = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const secret = Secret.create(
  { sealedKeys: { secretKey: 'k1:s', metadataKey: 'k1:m' }, keyId: 'k1', sealedValue: 'k1:x', owner: null, passphraseHash: 'h', ttl: 60, recipients: [] },
  now,
);

describe('Secret state machine (spec §5)', () => {
  it('starts new, unstored, with its value; the secret lives ttl and its metadata 2 × ttl', () => {
    expect(secret.stateAt(now)).toBe('new');
    expect(secret.id).toBeNull();
    expect(secret.value).toEqual({ kind: 'sealed', sealed: 'k1:x' });
    expect(secret.secretExpiresAt).toEqual(later(60));
    expect(secret.metadataExpiresAt).toEqual(later(120));
  });

  it('remembers it was created with a passphrase after the passphrase hash is gone', () => {
    const received = secret.reveal(later(1));
    expect([received.passphraseHash, received.createdWithPassphrase]).toEqual([null, true]);
  });

  it('counts a legacy viewed row as live', () => {
    expect(Secret.restore({ ...secret.toProps(), state: 'viewed' }).isRevealableAt(later(1))).toBe(true);
  });

  it('reveals once: received drops the value and passphrase', () => {
    const received = secret.reveal(later(1));
    expect(received.stateAt(later(1))).toBe('received');
    expect(received.value).toEqual({ kind: 'absent' });
    expect(received.passphraseHash).toBeNull();
    expect(() => received.reveal(later(2))).toThrow(UnknownSecretError);
    expect(() => received.burn(later(2))).toThrow(UnknownSecretError);
  });

  it('cannot be revealed or burned after its ttl', () => {
    expect(() => secret.reveal(later(60))).toThrow(UnknownSecretError);
    expect(() => secret.burn(later(60))).toThrow(UnknownSecretError);
    expect(secret.isMetadataAliveAt(later(119))).toBe(true);
    expect(secret.isMetadataAliveAt(later(120))).toBe(false);
  });

  it('is orphaned when its value is gone by other means (a purge), and a value not read still counts as there', () => {
    expect(Secret.restore({ ...secret.toProps(), value: { kind: 'absent' } }).stateAt(later(1))).toBe('orphaned');
    expect(Secret.restore({ ...secret.toProps(), value: { kind: 'unread' } }).stateAt(later(1))).toBe('new');
  });

  it('keeps the version it was read at, so storage can detect concurrent writers', () => {
    expect(secret.reveal(later(1)).version).toBe(secret.version);
  });
});
