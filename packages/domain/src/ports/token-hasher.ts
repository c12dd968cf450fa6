/** API tokens are high-entropy, so a fast hash suffices; matching must run in constant time. */
export interface TokenHasher {
  hash(token: string): string;
  matches(token: string, hash: string): boolean;
}
