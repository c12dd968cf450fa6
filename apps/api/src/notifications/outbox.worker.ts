import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DeliverOutbox, DomainErrorCode, isDomainError, type MessageSenders } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, MESSAGE_SENDERS } from '../tokens';
import { describeForLog } from '../observability/describe-error';

const DRAIN_ON_SHUTDOWN_MS = 12_000;
/** How soon it looks again after a look that found messages: steady traffic is delivered in small batches, not a burst per OUTBOX_POLL_MS. */
const BUSY_POLL_MS = 50;

/**
 * Delivers outbox messages in the background, up to OUTBOX_CONCURRENCY at once: it looks for due ones
 * every OUTBOX_POLL_MS while there are none (every 50 ms while there are), and again at once whenever a
 * delivery frees a slot while more are waiting.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private pollAgain = false;
  private backlogged = false;
  private stopped = false;
  private lastFailureLog = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGE_SENDERS) private readonly senders: MessageSenders,
    private readonly deliverOutbox: DeliverOutbox,
  ) {}

  onApplicationBootstrap(): void {
    // With neither mail nor webhooks configured no message is written, and none could be delivered.
    if (Object.keys(this.senders).length === 0) return;
    void this.poll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Unfinished deliveries are not lost: their leases run out and another process (or the next start) takes them.
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, DRAIN_ON_SHUTDOWN_MS).unref())]);
  }

  /** Looks for due messages while there are free slots; a call that comes while one runs makes it look once more. */
  async poll(): Promise<void> {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    let found = false;
    try {
      do {
        this.pollAgain = false;
        const free = this.config.outbox.concurrency - this.inFlight.size;
        if (free <= 0) {
          found = true;
          break;
        }
        const deliveries = await this.deliverOutbox.execute({ limit: free, leaseMs: this.config.outbox.leaseMs });
        // Every slot filled: more may be due, so each delivery that ends looks again.
        this.backlogged = deliveries.length === free;
        found ||= deliveries.length > 0;
        for (const delivery of deliveries) this.track(delivery);
      } while (this.pollAgain && !this.stopped);
    } catch (error) {
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now();
        this.logger.warn(`Could not look for due messages, will retry: ${describeForLog(error)}`);
      }
    } finally {
      this.polling = false;
      if (!this.stopped) this.lookAgainIn(found ? Math.min(BUSY_POLL_MS, this.config.outbox.pollMs) : this.config.outbox.pollMs);
    }
  }

  private lookAgainIn(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private track(delivery: Promise<unknown>): void {
    const tracked = delivery.catch((error: unknown) => {
      // The outcome could not be stored: the lease runs out and the message is delivered again once the database answers.
      if (isDomainError(error) && error.code === DomainErrorCode.StorageUnavailable) this.logger.warn(`A delivery's outcome could not be stored, it will be retried: ${describeForLog(error)}`);
      else this.logger.error(`A delivery failed unexpectedly: ${describeForLog(error)}`);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => {
      this.inFlight.delete(tracked);
      // Claims go in batches, once half the slots are free: each claim walks the head of the queue.
      if (this.backlogged && this.inFlight.size <= this.config.outbox.concurrency / 2) void this.poll();
    });
  }
}
