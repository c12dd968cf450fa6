import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PurgeExpired, PurgeResult } from '@hush/domain';
import type { ExclusiveLock, RateCounter } from '@hush/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, EXCLUSIVE_LOCK, MAIL_QUOTA, RATE_COUNTER } from '../tokens';
import { describeForLog } from '../observability/describe-error';

/** A store of budget windows that forgets the ended ones (the mail budgets, when mail is on). */
interface Prunable {
  prune(): Promise<void>;
}

/** Advisory-lock key: however many replicas run, one purges at a time. */
export const PURGE_LOCK = 0x4855_5350;

/** Runs the purge (and forgets ended rate-limit and mail-budget windows) every PURGE_INTERVAL_SECONDS; a failed tick is logged and the next one tries again. */
@Injectable()
export class PurgeScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Purge');
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EXCLUSIVE_LOCK) private readonly lock: ExclusiveLock,
    private readonly purgeExpired: PurgeExpired,
    @Inject(RATE_COUNTER) private readonly rateCounter: RateCounter,
    @Inject(MAIL_QUOTA) private readonly mailQuota: Prunable | null,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const interval = setInterval(() => void this.tick(), this.config.purgeIntervalSeconds * 1000);
    interval.unref();
    this.registry.addInterval('purge-expired', interval);
  }

  /** Undefined when skipped: a tick still running here, or another replica holding the lock. */
  async tick(): Promise<PurgeResult | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      const result = await this.lock.whileHolding(PURGE_LOCK, async () => {
        await this.rateCounter.prune();
        await this.mailQuota?.prune();
        return this.purgeExpired.execute();
      });
      if (result && Object.values(result).some((count) => count > 0)) {
        this.logger.log(
          `Purged ${result.purged} expired rows, dropped ${result.scrubbed} expired values, ` +
            `removed ${result.auditRemoved} audit entries and ${result.deadMessagesRemoved} dead messages past retention`,
        );
      }
      return result;
    } catch (error) {
      this.logger.warn(`Purge failed, will retry: ${describeForLog(error)}`);
      return undefined;
    } finally {
      this.running = false;
    }
  }
}
