import { SecretRepository } from '../ports';
import { EncryptionAtRest } from '../secret/encryption-at-rest';

export interface SealingKeyCheck {
  /** Every stored row. */
  readonly rows: number;
  /** The rows under each key this process does not hold: they cannot be opened. */
  readonly unheld: ReadonlyArray<{ readonly keyId: string; readonly rows: number }>;
}

/** Which stored rows this process cannot open: a wrong MASTER_KEY, or a retired one that rows still need. */
export class CheckSealingKeys {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly atRest: EncryptionAtRest,
  ) {}

  async execute(): Promise<SealingKeyCheck> {
    const counts = await this.secrets.countByKeyId();
    const held = new Set(this.atRest.heldKeyIds);
    const unheld = [...counts].filter(([keyId]) => !held.has(keyId)).map(([keyId, rows]) => ({ keyId, rows }));
    return { rows: [...counts.values()].reduce((sum, rows) => sum + rows, 0), unheld };
  }
}
