import { Cipher } from '../ports/cipher';
import { SealedKeys, Secret, SecretKeys, sealedValue, StoredValue } from './secret';

export interface SealedMaterial {
  readonly sealedKeys: SealedKeys;
  readonly sealedValue: string;
  readonly keyId: string;
}

export interface RecipientMail {
  readonly address: string;
  readonly secretKey: string;
}

/**
 * The one place that decides what is encrypted at rest: a secret's value and both its keys, all under
 * the Cipher's current key, whose id the secret records. Storage only keeps what it is given.
 */
export class EncryptionAtRest {
  constructor(private readonly cipher: Cipher) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  seal(keys: SecretKeys, value: string): SealedMaterial {
    return {
      sealedKeys: { secretKey: this.cipher.seal(keys.secretKey), metadataKey: this.cipher.seal(keys.metadataKey) },
      sealedValue: this.cipher.seal(value),
      keyId: this.cipher.currentKeyId,
    };
  }

  /** A recipient's mail as the outbox keeps it until sent: the address and the link's key, sealed together. */
  sealRecipientMail(mail: RecipientMail): string {
    return this.cipher.seal(JSON.stringify([mail.address, mail.secretKey]));
  }

  openRecipientMail(sealed: string): RecipientMail {
    const [address, secretKey] = JSON.parse(this.cipher.open(sealed)) as [string, string];
    return { address, secretKey };
  }

  /** Throws unless every sealed field of the secret is under a key the cipher holds. */
  assertCanOpen(secret: Secret): void {
    if (!this.cipher.holdsKey(secret.keyId)) throw new Error(`No encryption key ${secret.keyId} is held to open this secret`);
  }

  /** The value of a secret read by its secret key; throws when it cannot be decrypted. */
  openValue(secret: Secret): string {
    if (secret.value.kind !== 'sealed') throw new Error('The value was not read');
    return this.cipher.open(secret.value.sealed);
  }

  /** A value as a claim returned it, sealed. */
  openSealedValue(sealed: string): string {
    return this.cipher.open(sealed);
  }

  /** The keys whose secrets this process can open: the only ones it may claim unread. */
  get heldKeyIds(): readonly string[] {
    return this.cipher.heldKeyIds;
  }

  openSecretKey(secret: Secret): string {
    return this.cipher.open(secret.sealedKeys.secretKey);
  }

  openMetadataKey(secret: Secret): string {
    return this.cipher.open(secret.sealedKeys.metadataKey);
  }

  /** The same secret with every sealed field under the current key (key rotation); its value must have been read. */
  reseal(secret: Secret): Secret {
    const reseal = (sealed: string) => this.cipher.seal(this.cipher.open(sealed));
    const value: StoredValue = secret.value.kind === 'sealed' ? sealedValue(reseal(secret.value.sealed)) : secret.value;
    if (value.kind === 'unread') throw new Error('The value was not read');
    const { secretKey, metadataKey } = secret.sealedKeys;
    return secret.resealed({ secretKey: reseal(secretKey), metadataKey: reseal(metadataKey) }, value, this.cipher.currentKeyId);
  }
}
