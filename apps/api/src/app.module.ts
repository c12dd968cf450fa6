import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ScheduleModule } from '@nestjs/schedule';
import { V1_CONTROLLERS } from './api-v1/api-v1';
import { AppConfig } from './config/app-config';
import { CompositionModule } from './composition/composition.module';
import { HealthModule } from './health/health.module';
import { BasicAuthStrategy } from './http/auth/basic-auth.strategy';
import { CallerGuard } from './http/auth/caller.guard';
import { CallerConcurrencyInterceptor } from './http/concurrency/caller-concurrency.interceptor';
import { RateLimitGuard } from './http/rate-limit.guard';
import { MetricsListener } from './observability/metrics-listener';
import { MetricsModule } from './observability/metrics.module';
import { LoggedDeliveryEvents } from './observability/logged-delivery-events';
import { PrometheusSecretEvents } from './observability/prometheus-secret-events';
import { OutboxBacklogGauges } from './notifications/outbox-backlog.gauges';
import { OutboxWorker } from './notifications/outbox.worker';
import { PAGE_CONTROLLERS, PAGE_PROVIDERS } from './pages/pages';
import { rateLimitProviders } from './composition/rate-limit.providers';
import { PurgeScheduler } from './scheduling/purge.scheduler';
import { SealingKeyCheckAtStart } from './lifecycle/sealing-key-check';
import { SIGNIN_CONTROLLERS } from './signin/signin';
import { OIDC_CONTROLLERS, OIDC_PROVIDERS } from './signin/oidc/oidc';

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
      controllers: [...V1_CONTROLLERS, ...(config.web.pages ? [...PAGE_CONTROLLERS, ...SIGNIN_CONTROLLERS] : []), ...(config.web.pages && config.oidc ? OIDC_CONTROLLERS : [])],
      providers: [
        BasicAuthStrategy,
        CallerGuard,
        RateLimitGuard,
        ...rateLimitProviders,
        ...PAGE_PROVIDERS,
        ...(config.web.pages && config.oidc ? OIDC_PROVIDERS : []),
        PurgeScheduler,
        OutboxWorker,
        SealingKeyCheckAtStart,
        OutboxBacklogGauges,
        MetricsListener,
        // Only when each caller's share is limited: any interceptor puts every request through an rxjs pipeline.
        ...(config.perCaller.concurrent > 0 ? [{ provide: APP_INTERCEPTOR, useClass: CallerConcurrencyInterceptor }] : []),
      ],
    };
  }
}
