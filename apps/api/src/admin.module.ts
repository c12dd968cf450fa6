import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { CompositionModule } from './composition/composition.module';
import {
  AccountCommand, AccountCreateCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand, AccountLocaleCommand, AccountNotifyOnRevealCommand,
  AccountDeleteCommand, AccountRotateTokenCommand, AccountSessionsCommand, AccountSignOutCommand,
} from './cli/account.command';
import { AuditCommand, AuditListCommand, OutboxCommand, OutboxListCommand, OutboxRetryCommand } from './cli/notifications.commands';
import { CliOutput } from './cli/cli-output';
import { KeysCommand, KeysRotateCommand } from './cli/keys.command';
import { MigrateCommand, PurgeCommand, StatsCommand } from './cli/maintenance.commands';

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
        AccountNotifyOnRevealCommand, AccountLocaleCommand, AccountSessionsCommand, AccountSignOutCommand, AccountDeleteCommand,
        PurgeCommand, StatsCommand, MigrateCommand, KeysCommand, KeysRotateCommand,
        AuditCommand, AuditListCommand, OutboxCommand, OutboxListCommand, OutboxRetryCommand,
      ],
    };
  }
}
