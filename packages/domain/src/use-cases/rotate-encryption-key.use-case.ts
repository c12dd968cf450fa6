import { SecretRepository } from '../ports';

export const RESEAL_BATCH_SIZE = 500;

export interface RotateEncryptionKeyResult {
  /** Rows re-sealed under the current master key by this run. */
  readonly resealed: number;
}

/**
 * Re-encrypts every stored row under the current master key, in batches, so older keys can be
 * retired. Idempotent: rows already under the current key are not touched; safe next to live traffic.
 */
export class RotateEncryptionKey {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly batchSize = RESEAL_BATCH_SIZE,
  ) {}

  async execute(): Promise<RotateEncryptionKeyResult> {
    let resealed = 0;
    for (;;) {
      const batch = await this.secrets.resealStale(this.batchSize);
      resealed += batch.resealed;
      if (batch.found === 0) return { resealed };
    }
  }
}
