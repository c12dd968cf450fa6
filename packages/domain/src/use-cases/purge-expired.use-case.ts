import { Clock, NO_SECRET_EVENTS, SecretEvents, SecretRepository } from '../ports';

export const PURGE_BATCH_SIZE = 1000;

export interface PurgeExpiredInput {
  readonly dryRun?: boolean;
}

export interface PurgeResult {
  /** Rows deleted because their metadata expired (or that would be, on a dry run). */
  readonly purged: number;
  /** Values dropped because their secret expired while the receipt lives on. */
  readonly scrubbed: number;
}

/** Deletes expired rows for good, in bounded batches so readers are never held up for long. */
export class PurgeExpired {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly batchSize = PURGE_BATCH_SIZE,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
  ) {}

  async execute(input: PurgeExpiredInput = {}): Promise<PurgeResult> {
    const now = this.clock.now();
    if (input.dryRun) return { purged: await this.secrets.countExpired(now), scrubbed: 0 };
    // Dead rows first: once they are gone, finding live receipts with expired values needs no long scan.
    let purged = 0;
    for (let deleted = this.batchSize; deleted === this.batchSize; purged += deleted) {
      deleted = await this.secrets.deleteExpired(now, this.batchSize);
      if (deleted > 0) this.events.purged(deleted);
    }
    let scrubbed = 0;
    for (let dropped = this.batchSize; dropped === this.batchSize; scrubbed += dropped) {
      dropped = await this.secrets.scrubExpiredValues(now, this.batchSize);
    }
    return { purged, scrubbed };
  }
}
