import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { Cipher } from '@hush/domain';
import { randomBytesFromPool } from './random-pool';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface DerivedKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Derives the AES key and a public key id from one operator master secret (HKDF-SHA256). */
export function deriveKey(masterKey: string): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', masterKey, 'hush', 'hush:aes-256-gcm:v1', 32));
  const id = createHash('sha256').update('hush:key-id:').update(key).digest('hex').slice(0, 12);
  return { id, key };
}

/**
 * AES-256-GCM. Sealed form: `v1.<key id>.<base64url(iv | ciphertext | tag)>`. Seals under the current
 * master key; opens under the current or any previous one, found by key id.
 */
export class AesGcmCipher implements Cipher {
  private readonly current: DerivedKey;
  private readonly byId: ReadonlyMap<string, Buffer>;
  readonly heldKeyIds: readonly string[];

  constructor(masterKey: string, previousMasterKeys: readonly string[] = []) {
    this.current = deriveKey(masterKey);
    const keys = [this.current, ...previousMasterKeys.map(deriveKey)];
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
    this.heldKeyIds = Object.freeze([...this.byId.keys()]);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string): string {
    const iv = randomBytesFromPool(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.id));
    const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${this.current.id}.${body.toString('base64url')}`;
  }

  open(sealed: string): string {
    const [version, keyId, payload] = sealed.split('.');
    if (version !== VERSION || !keyId || payload === undefined) throw new Error('Unrecognised sealed value');
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`No master key for key id ${keyId}; add it to MASTER_KEY_PREVIOUS`);
    const body = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  holdsKey(keyId: string): boolean {
    return this.byId.has(keyId);
  }
}
