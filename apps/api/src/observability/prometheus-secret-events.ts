import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { SecretEvents } from '@hush/domain';
import { Counter } from 'prom-client';
import { METRIC } from './metric-names';

/** The domain's SecretEvents port as Prometheus counters. */
@Injectable()
export class PrometheusSecretEvents implements SecretEvents {
  constructor(
    @InjectMetric(METRIC.created) private readonly createdTotal: Counter,
    @InjectMetric(METRIC.revealed) private readonly revealedTotal: Counter,
    @InjectMetric(METRIC.burned) private readonly burnedTotal: Counter,
    @InjectMetric(METRIC.passphraseFailures) private readonly passphraseFailuresTotal: Counter,
    @InjectMetric(METRIC.purgedRows) private readonly purgedRowsTotal: Counter,
  ) {}

  created(): void { this.createdTotal.inc(); }
  revealed(): void { this.revealedTotal.inc(); }
  burned(): void { this.burnedTotal.inc(); }
  passphraseFailed(): void { this.passphraseFailuresTotal.inc(); }
  purged(rows: number): void { this.purgedRowsTotal.inc(rows); }
}
