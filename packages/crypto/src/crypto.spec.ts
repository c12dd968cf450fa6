import { KEY_ALPHABET, KEY_LENGTH, PASSWORD_CHARACTER_SETS } from '@hush/domain';
import { AesGcmCipher } from './aes-gcm.cipher';
import { Argon2PassphraseHasher } from './argon2.passphrase-hasher';
import { ConcurrencyLimit } from './concurrency-limit';
import { randomBytesFromPool } from './random-pool';
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
    expect(rotated.holdsKey(old.currentKeyId)).toBe(true);
    expect(rotated.currentKeyId).not.toBe(old.currentKeyId);
    expect(new AesGcmCipher(MASTER).holdsKey(old.currentKeyId)).toBe(false);
    expect(() => new AesGcmCipher(MASTER).open(sealed)).toThrow(/MASTER_KEY_PREVIOUS/);
  });

  it('rejects tampered ciphertext', () => {
    const cipher = new AesGcmCipher(MASTER);
    const sealed = cipher.seal('abc');
    const [version, keyId, payload] = sealed.split('.');
    // Flip one bit of the last byte (the tag's): editing base64 text can leave the decoded bytes unchanged.
    const body = Buffer.from(payload ?? '', 'base64url');
    body[body.length - 1] = (body.at(-1) ?? 0) ^ 1;
    const tampered = `${version}.${keyId}.${body.toString('base64url')}`;
    expect(tampered).not.toBe(sealed);
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

  it('makes session tokens of 256 random bits in base64url', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => keys.sessionToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
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

describe('ConcurrencyLimit', () => {
  it('never runs more than its limit at once, and runs every task in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (i === 3) throw new Error('task 3 fails');
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => limit.run(task(i))));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    await expect(limit.run(async () => 'after')).resolves.toBe('after');
  });
});

describe('randomBytesFromPool', () => {
  it('hands out fresh bytes of the size asked for, across refills and beyond the pool size', () => {
    const draws = Array.from({ length: 2000 }, () => randomBytesFromPool(20).toString('hex'));
    expect(new Set(draws).size).toBe(draws.length);
    expect(draws.every((hex) => hex.length === 40)).toBe(true);
    const big = randomBytesFromPool(10_000);
    expect(big.length).toBe(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });

  it('gives each caller its own copy', () => {
    const first = randomBytesFromPool(12);
    const copy = Buffer.from(first);
    for (let i = 0; i < 1000; i++) randomBytesFromPool(12);
    expect(first.equals(copy)).toBe(true);
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
