/** Authenticated encryption of values at rest; the sealed form names the key it was sealed under. */
export interface Cipher {
  /** Public id of the key `seal` uses now. */
  readonly currentKeyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** True when the sealed text is under the current key; rotation re-seals the rest. */
  isCurrent(sealed: string): boolean;
}
