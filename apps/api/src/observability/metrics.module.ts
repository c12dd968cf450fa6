import { Module, OnModuleInit } from '@nestjs/common';
import { makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, register } from 'prom-client';
import { METRIC } from './metric-names';
import { LoggedDeliveryEvents } from './logged-delivery-events';
import { PrometheusSecretEvents } from './prometheus-secret-events';

const counters = [
  makeCounterProvider({ name: METRIC.created, help: 'Secrets stored by share or generate' }),
  makeCounterProvider({ name: METRIC.revealed, help: 'Secrets revealed (each exactly once)' }),
  makeCounterProvider({ name: METRIC.burned, help: 'Secrets burned by their owner or by too many wrong passphrases' }),
  makeCounterProvider({ name: METRIC.passphraseFailures, help: 'Reveal attempts with a wrong or missing passphrase' }),
  makeCounterProvider({ name: METRIC.purgedRows, help: 'Expired rows deleted by the purge' }),
  makeCounterProvider({
    name: METRIC.deliveries,
    help: 'Outbox delivery attempts by kind (webhook, recipient_mail, reveal_notice) and outcome (delivered, retried, dead, skipped)',
    labelNames: ['kind', 'outcome'],
  }),
];

/** The metrics in the process-wide registry: request durations, secret counters, process metrics (served by MetricsListener). */
@Module({
  providers: [
    ...counters,
    makeHistogramProvider({
      name: METRIC.httpDuration,
      help: 'HTTP request duration by method, route pattern and (intended) status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    PrometheusSecretEvents,
    LoggedDeliveryEvents,
  ],
  exports: [PrometheusSecretEvents, LoggedDeliveryEvents, ...counters],
})
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    // The registry is process-wide: collect the default metrics once, however many apps start.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }
}
