import { DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core/core.module';
import { BasicAuthStrategy } from './http/auth/basic-auth.strategy';
import { CallerGuard } from './http/auth/caller.guard';
import { MetadataController } from './http/v1/metadata.controller';
import { SecretsController } from './http/v1/secrets.controller';
import { StatusController } from './http/v1/status.controller';
import { PurgeScheduler } from './scheduling/purge.scheduler';

/** The HTTP server: v1 controllers, Basic auth, and the purge schedule. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), PassportModule, ScheduleModule.forRoot()],
      controllers: [StatusController, SecretsController, MetadataController],
      providers: [BasicAuthStrategy, CallerGuard, PurgeScheduler],
    };
  }
}
