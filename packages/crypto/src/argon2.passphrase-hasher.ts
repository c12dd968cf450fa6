import { hash, verify } from '@node-rs/argon2';
import { PassphraseHasher } from '@hush/domain';

/** OWASP's argon2id minimum (19 MiB, 2 passes); async, so hashing never blocks the event loop. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class Argon2PassphraseHasher implements PassphraseHasher {
  hash(passphrase: string): Promise<string> {
    return hash(passphrase, ARGON2_OPTIONS);
  }

  async verify(hashed: string, passphrase: string): Promise<boolean> {
    try {
      return await verify(hashed, passphrase);
    } catch {
      return false;
    }
  }
}
