/** A slow, salted hash (argon2id or bcrypt) for passphrases. */
export interface PassphraseHasher {
  hash(passphrase: string): Promise<string>;
  verify(hash: string, passphrase: string): Promise<boolean>;
}
