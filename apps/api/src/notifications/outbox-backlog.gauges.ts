import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Outbox } from '@hush/domain';
import { Gauge, register } from 'prom-client';
import { OUTBOX } from '../tokens';
import { METRIC } from '../observability/metric-names';

/** The outbox's backlog, dead messages and oldest pending message's age, read from the database at each scrape. */
@Injectable()
export class OutboxBacklogGauges implements OnModuleInit, OnModuleDestroy {
  private readonly gauges = new Map<string, Gauge>();

  constructor(@Inject(OUTBOX) private readonly outbox: Outbox) {}

  onModuleInit(): void {
    // The registry is process-wide: a test process starts several apps, and the newest one's gauges are read.
    for (const name of [METRIC.outboxBacklog, METRIC.outboxDead, METRIC.outboxOldestAge]) register.removeSingleMetric(name);
    let reading: ReturnType<Outbox['backlog']> | null = null;
    // One read serves the three gauges of a scrape.
    const read = () => (reading ??= this.outbox.backlog().finally(() => setImmediate(() => (reading = null))));
    const gauge = (name: string, help: string, value: (backlog: Awaited<ReturnType<Outbox['backlog']>>) => number) =>
      this.gauges.set(name, new Gauge({
        name,
        help,
        async collect() {
          // A database that does not answer must not fail the whole scrape: the gauge keeps its last value.
          await read().then((backlog) => this.set(value(backlog)), () => undefined);
        },
      }));
    gauge(METRIC.outboxBacklog, 'Outbox messages waiting for delivery', (backlog) => backlog.pending);
    gauge(METRIC.outboxDead, 'Outbox messages that failed for good (npm run admin -- outbox list --dead)', (backlog) => backlog.dead);
    gauge(METRIC.outboxOldestAge, 'Age of the oldest message waiting for delivery, in seconds (0 when none)', (backlog) =>
      backlog.oldestPendingAt ? Math.max(0, (Date.now() - backlog.oldestPendingAt.getTime()) / 1000) : 0,
    );
  }

  onModuleDestroy(): void {
    for (const [name, own] of this.gauges) if (register.getSingleMetric(name) === own) register.removeSingleMetric(name);
  }
}
