import { KEY_ALPHABET, KEY_LENGTH, PASSWORD_CHARACTER_SETS } from '@hush/domain';
import { AesGcmCipher } from './aes-gcm.cipher';
import { Argon2PassphraseHasher } from './argon2.passphrase-hasher';
import { RandomKeyGenerator } from './random.key-generator';
import { Sha256TokenHasher } from './sha256.token-hasher';

const MASTER = 'correct horse battery staple, but longer and random';

describe('AesGcmCipher', () => {
  const value = ' multi\nline «ünïcödé» 😀 \'quotes" $(rm -rf /) \n';

  it('round-trips byte for byte and never shows the plaintext', () => {
    const cipher = new AesGcmCipher(MASTER);
    const sealed = cipher.seal(value);
    expect(sealed).not.toContain('multi');
    expect(sealed.startsWith(`v1.${cipher.currentKeyId}.`)).toBe(true);
    expect(cipher.open(sealed)).toBe(value);
    expect(cipher.seal(value)).not.toBe(sealed);
  });

  it('opens values sealed under a previous key, and only with it', () => {
    const old = new AesGcmCipher('the old master key, retired soon');
    const sealed = old.seal(value);
    const rotated = new AesGcmCipher(MASTER, ['the old master key, retired soon']);
    expect(rotated.open(sealed)).toBe(value);
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.seal(value))).toBe(true);
    expect(() => new AesGcmCipher(MASTER).open(sealed)).toThrow(/MASTER_KEY_PREVIOUS/);
  });

  it('rejects tampered ciphertext', () => {
    const cipher = new AesGcmCipher(MASTER);
    const sealed = cipher.seal('abc');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.open(tampered)).toThrow();
    expect(() => cipher.open('garbage')).toThrow();
  });
});

describe('RandomKeyGenerator', () => {
  const keys = new RandomKeyGenerator();

  it('makes fixed-length lowercase base36 keys with at least 128 bits', () => {
    const key = keys.secretKey();
    expect(key).toHaveLength(KEY_LENGTH);
    expect([...key].every((c) => KEY_ALPHABET.includes(c))).toBe(true);
    expect(KEY_LENGTH * Math.log2(36)).toBeGreaterThanOrEqual(128);
    expect(new Set(Array.from({ length: 1000 }, () => keys.metadataKey())).size).toBe(1000);
  });

  it('makes passwords with every character set and no look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const password = keys.password(4 + (i % 20));
      for (const set of PASSWORD_CHARACTER_SETS) expect([...password].some((c) => set.includes(c))).toBe(true);
      expect(password).not.toMatch(/[ilo1IO0]/);
    }
  });
});

describe('Argon2PassphraseHasher', () => {
  it('hashes with argon2id and verifies', async () => {
    const hasher = new Argon2PassphraseHasher();
    const hashed = await hasher.hash('open sesame');
    expect(hashed).toMatch(/^\$argon2id\$/);
    await expect(hasher.verify(hashed, 'open sesame')).resolves.toBe(true);
    await expect(hasher.verify(hashed, 'open sesamE')).resolves.toBe(false);
    await expect(hasher.verify('not a hash', 'x')).resolves.toBe(false);
  });
});

describe('Sha256TokenHasher', () => {
  it('matches only the right token', () => {
    const hasher = new Sha256TokenHasher();
    const hash = hasher.hash('token');
    expect(hash).not.toContain('token');
    expect(hasher.matches('token', hash)).toBe(true);
    expect(hasher.matches('tokem', hash)).toBe(false);
    expect(hasher.matches('token', '')).toBe(false);
  });
});
