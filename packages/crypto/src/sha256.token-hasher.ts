import { createHash, timingSafeEqual } from 'node:crypto';
import { TokenHasher } from '@hush/domain';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Tokens are 40 random base36 characters (about 206 bits), so an unsalted SHA-256 cannot be reversed; compared in constant time. */
export class Sha256TokenHasher implements TokenHasher {
  hash(token: string): string {
    return sha256Hex(token);
  }

  matches(token: string, hash: string): boolean {
    const expected = Buffer.from(hash, 'utf8');
    const actual = Buffer.from(this.hash(token), 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
