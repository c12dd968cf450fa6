import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CompositionModule } from '../composition/composition.module';
import {
  AccountCommand, AccountCreateCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand, AccountLocaleCommand, AccountNotifyOnRevealCommand,
  AccountRotateTokenCommand,
} from './account.command';
import { AuditCommand, AuditListCommand, OutboxCommand, OutboxListCommand, OutboxRetryCommand } from './notifications.commands';
import { CliOutput } from './cli-output';
import { KeysCommand, KeysRotateCommand } from './keys.command';
import { MigrateCommand, PurgeCommand, StatsCommand } from './maintenance.commands';

/** The admin CLI: the same composition as the server, no HTTP. */
@Module({})
export class AdminModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [CompositionModule.forRoot(config, { joinRunningEmbedded: true })],
      providers: [
        CliOutput,
        AccountCommand, AccountCreateCommand, AccountRotateTokenCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand,
        AccountNotifyOnRevealCommand, AccountLocaleCommand,
        PurgeCommand, StatsCommand, MigrateCommand, KeysCommand, KeysRotateCommand,
        AuditCommand, AuditListCommand, OutboxCommand, OutboxListCommand, OutboxRetryCommand,
      ],
    };
  }
}
