import { SecretRepository } from '../ports';
import { EncryptionAtRest } from '../secret/encryption-at-rest';

export const RESEAL_BATCH_SIZE = 500;

export interface RotateEncryptionKeyResult {
  /** Secrets re-sealed under the current master key by this run. */
  readonly resealed: number;
}

/**
 * Re-encrypts every stored secret under the current master key, in batches, so older keys can be
 * retired. Each secret is written only over the version it was read at (one changed meanwhile comes
 * back in a later batch), so it is safe next to live traffic; a second run re-seals nothing.
 */
export class RotateEncryptionKey {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly atRest: EncryptionAtRest,
    private readonly batchSize = RESEAL_BATCH_SIZE,
  ) {}

  async execute(): Promise<RotateEncryptionKeyResult> {
    let resealed = 0;
    for (;;) {
      const stale = await this.secrets.listSealedUnderOtherKeys(this.atRest.currentKeyId, this.batchSize);
      if (stale.length === 0) return { resealed };
      for (const secret of stale) {
        if (await this.secrets.commitResealed(this.atRest.reseal(secret))) resealed += 1;
      }
    }
  }
}
