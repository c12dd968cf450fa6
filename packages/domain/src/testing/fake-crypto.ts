import { Cipher, PassphraseHasher, TokenHasher } from '../ports';

const reverse = (text: string): string => [...text].reverse().join('');

/** Reversible stand-in for AES-GCM: never leaves the plaintext as it was, and names its key. */
export class FakeCipher implements Cipher {
  /** `previous`: older key ids it can still open. */
  constructor(
    private readonly keyId = 'k1',
    private readonly previous: readonly string[] = [],
  ) {}

  get currentKeyId(): string {
    return this.keyId;
  }

  seal(plaintext: string): string {
    return `${this.keyId}:${reverse(plaintext)}`;
  }

  open(sealed: string): string {
    const separator = sealed.indexOf(':');
    const keyId = sealed.slice(0, separator);
    if (separator < 0 || !this.holdsKey(keyId)) throw new Error(`cannot open text sealed under ${keyId}`);
    return reverse(sealed.slice(separator + 1));
  }

  holdsKey(keyId: string): boolean {
    return keyId === this.keyId || this.previous.includes(keyId);
  }

  get heldKeyIds(): readonly string[] {
    return [this.keyId, ...this.previous];
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
