import { SessionLimits } from '../account/session';
import { AuditTrail, Clock, NO_SECRET_EVENTS, Outbox, SecretEvents, SecretRepository, SessionStore } from '../ports';

export const PURGE_BATCH_SIZE = 1000;

export interface PurgeOptions {
  /** Rows per statement. */
  readonly batchSize?: number;
  /** Rest after each batch, as a multiple of the time the batch took (1: as long again). */
  readonly restRatio?: number;
  /** How long audit entries are kept after their secret's metadata expired, and dead messages after they died. */
  readonly auditRetentionMs?: number;
}

export const DEFAULT_AUDIT_RETENTION_MS = 90 * 24 * 60 * 60_000;

export interface PurgeExpiredInput {
  readonly dryRun?: boolean;
}

export interface PurgeResult {
  /** Rows deleted because their metadata expired (or that would be, on a dry run). */
  readonly purged: number;
  /** Values dropped because their secret expired while the receipt lives on. */
  readonly scrubbed: number;
  /** Audit entries past their retention. */
  readonly auditRemoved: number;
  /** Dead outbox messages past the same retention. */
  readonly deadMessagesRemoved: number;
  /** Sessions that had ended (idle or too old). */
  readonly sessionsRemoved: number;
}

/** The sessions the purge removes once ended. */
export interface SessionPurge {
  readonly store: SessionStore;
  readonly limits: SessionLimits;
}

/**
 * Deletes expired rows for good, in bounded batches with a rest after each, so that a large purge
 * never takes a whole database core from live traffic, and readers are never held up for long.
 */
export class PurgeExpired {
  private readonly batchSize: number;
  private readonly restRatio: number;
  private readonly auditRetentionMs: number;

  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
    options: PurgeOptions = {},
    private readonly sessions: SessionPurge | null = null,
  ) {
    this.batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
    this.restRatio = options.restRatio ?? 1;
    this.auditRetentionMs = options.auditRetentionMs ?? DEFAULT_AUDIT_RETENTION_MS;
  }

  async execute(input: PurgeExpiredInput = {}): Promise<PurgeResult> {
    const now = this.clock.now();
    if (input.dryRun) return { purged: await this.secrets.countExpired(now), scrubbed: 0, auditRemoved: 0, deadMessagesRemoved: 0, sessionsRemoved: 0 };
    // Dead rows first: once they are gone, finding live receipts with expired values needs no long scan.
    const purged = await this.inBatches(async (limit) => {
      const deleted = await this.secrets.deleteExpired(now, limit);
      if (deleted > 0) this.events.purged(deleted);
      return deleted;
    });
    const scrubbed = await this.inBatches((limit) => this.secrets.scrubExpiredValues(now, limit));
    const retainedSince = new Date(now.getTime() - this.auditRetentionMs);
    const auditRemoved = await this.inBatches((limit) => this.audit.deleteExpired(retainedSince, limit));
    const deadMessagesRemoved = await this.inBatches((limit) => this.outbox.deleteDead(retainedSince, limit));
    const sessions = this.sessions;
    const ended = sessions?.limits.endedBefore(now);
    const sessionsRemoved = sessions && ended
      ? await this.inBatches((limit) => sessions.store.deleteEnded(ended.idleBefore, ended.startedBefore, limit))
      : 0;
    return { purged, scrubbed, auditRemoved, deadMessagesRemoved, sessionsRemoved };
  }

  private async inBatches(batch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const started = this.clock.now().getTime();
      const done = await batch(this.batchSize);
      total += done;
      if (done < this.batchSize) return total;
      await this.clock.sleep((this.clock.now().getTime() - started) * this.restRatio);
    }
  }
}
