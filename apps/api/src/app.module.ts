import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './config/app-config';
import { CompositionModule } from './composition/composition.module';
import { HealthModule } from './health/health.module';
import { BasicAuthStrategy } from './http/auth/basic-auth.strategy';
import { CallerGuard } from './http/auth/caller.guard';
import { CallerConcurrencyInterceptor } from './http/concurrency/caller-concurrency.interceptor';
import { RateLimitGuard } from './http/rate-limit.guard';
import { MetadataController } from './http/v1/metadata.controller';
import { SecretsController } from './http/v1/secrets.controller';
import { StatusController } from './http/v1/status.controller';
import { MetricsListener } from './observability/metrics-listener';
import { MetricsModule } from './observability/metrics.module';
import { LoggedDeliveryEvents } from './observability/logged-delivery-events';
import { PrometheusSecretEvents } from './observability/prometheus-secret-events';
import { OutboxBacklogGauges } from './notifications/outbox-backlog.gauges';
import { OutboxWorker } from './notifications/outbox.worker';
import { PAGE_CONTROLLERS, PAGE_PROVIDERS } from './pages/pages';
import { rateLimitProviders } from './rate-limit/rate-limit.providers';
import { PurgeScheduler } from './scheduling/purge.scheduler';

/** The HTTP server: v1 controllers, the pages, Basic auth, limits, health, the metrics listener, the purge schedule and the outbox's delivery. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CompositionModule.forRoot(config, {
          observers: { module: MetricsModule, secretEvents: PrometheusSecretEvents, deliveryEvents: LoggedDeliveryEvents },
        }),
        MetricsModule,
        HealthModule,
        PassportModule,
        ScheduleModule.forRoot(),
      ],
      controllers: [StatusController, SecretsController, MetadataController, ...(config.web.pages ? PAGE_CONTROLLERS : [])],
      providers: [
        BasicAuthStrategy,
        CallerGuard,
        RateLimitGuard,
        ...rateLimitProviders,
        ...PAGE_PROVIDERS,
        PurgeScheduler,
        OutboxWorker,
        OutboxBacklogGauges,
        MetricsListener,
        // Only when each caller's share is limited: any interceptor puts every request through an rxjs pipeline.
        ...(config.perCaller.concurrent > 0 ? [{ provide: APP_INTERCEPTOR, useClass: CallerConcurrencyInterceptor }] : []),
      ],
    };
  }
}
