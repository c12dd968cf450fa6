import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { PassphraseHasher } from '@hush/domain';
import { ConcurrencyLimit } from './concurrency-limit';

/** OWASP's argon2id minimum (19 MiB, 2 passes); async, so hashing never blocks the event loop. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes are CPU-bound: more at once than there are cores (or libuv's 4 threads) only adds 19 MiB of
 * memory each, and would hold up other users of the thread pool. One limit for the whole process.
 */
const hashing = new ConcurrencyLimit(Math.min(4, availableParallelism()));

export class Argon2PassphraseHasher implements PassphraseHasher {
  hash(passphrase: string): Promise<string> {
    return hashing.run(() => hash(passphrase, ARGON2_OPTIONS));
  }

  async verify(hashed: string, passphrase: string): Promise<boolean> {
    try {
      return await hashing.run(() => verify(hashed, passphrase));
    } catch {
      return false;
    }
  }
}
