import { Cipher, PassphraseHasher, TokenHasher } from '../ports';

const reverse = (text: string): string => [...text].reverse().join('');

/** Reversible stand-in for AES-GCM: never leaves the plaintext as it was, and names its key. */
export class FakeCipher implements Cipher {
  constructor(private readonly keyId = 'k1') {}

  get currentKeyId(): string {
    return this.keyId;
  }

  seal(plaintext: string): string {
    return `${this.keyId}:${reverse(plaintext)}`;
  }

  open(sealed: string): string {
    const separator = sealed.indexOf(':');
    if (separator < 0) throw new Error('not sealed');
    return reverse(sealed.slice(separator + 1));
  }

  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${this.keyId}:`);
  }
}

export class FakePassphraseHasher implements PassphraseHasher {
  hashes = 0;

  async hash(passphrase: string): Promise<string> {
    this.hashes += 1;
    return `fake-hash:${reverse(passphrase)}`;
  }

  async verify(hash: string, passphrase: string): Promise<boolean> {
    return hash === `fake-hash:${reverse(passphrase)}`;
  }
}

export class FakeTokenHasher implements TokenHasher {
  hash(token: string): string {
    return `fake-token:${reverse(token)}`;
  }

  matches(token: string, hash: string): boolean {
    return this.hash(token) === hash;
  }
}
