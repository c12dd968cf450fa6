/** Authenticated encryption of values at rest; the sealed form names the key it was sealed under. */
export interface Cipher {
  /** Public id of the key `seal` uses now. */
  readonly currentKeyId: string;
  seal(plaintext: string): string;
  /** Opens text sealed under the current key or any older one the cipher still holds; throws otherwise. */
  open(sealed: string): string;
  /** True when text sealed under `keyId` can be opened. */
  holdsKey(keyId: string): boolean;
  /** Every key id it can open: the current one and the older ones. */
  readonly heldKeyIds: readonly string[];
}
