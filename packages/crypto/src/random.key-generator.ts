import { randomInt } from 'node:crypto';
import { KEY_ALPHABET, KEY_LENGTH, KeyGenerator, PASSWORD_CHARACTER_SETS } from '@hush/domain';
import { randomBytesFromPool } from './random-pool';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += pick(alphabet);
  return out;
}

/** 160 random bits in lowercase base36, left-padded to the fixed length (36^31 > 2^160, so it always fits). */
function randomKey(): string {
  return BigInt(`0x${randomBytesFromPool(20).toString('hex')}`).toString(36).padStart(KEY_LENGTH, '0');
}

/** Keys and passwords from Node's CSPRNG, uniformly distributed (randomInt rejects biased samples). */
export class RandomKeyGenerator implements KeyGenerator {
  secretKey(): string {
    return randomKey();
  }

  metadataKey(): string {
    return randomKey();
  }

  apiToken(): string {
    return randomString(KEY_ALPHABET, 40);
  }

  /** 32 bytes: 256 bits, 43 base64url characters (a cookie value needs no escaping). */
  sessionToken(): string {
    return randomBytesFromPool(32).toString('base64url');
  }

  password(length: number): string {
    const sets = PASSWORD_CHARACTER_SETS;
    if (length < sets.length) throw new RangeError(`A password needs at least ${sets.length} characters`);
    const all = sets.join('');
    const chars = [...sets.map(pick), ...Array.from({ length: length - sets.length }, () => pick(all))];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    return chars.join('');
  }
}
