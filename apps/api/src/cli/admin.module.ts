import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CompositionModule } from '../composition/composition.module';
import {
  AccountCommand, AccountCreateCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand, AccountRotateTokenCommand,
} from './account.command';
import { CliOutput } from './cli-output';
import { KeysCommand, KeysRotateCommand } from './keys.command';
import { MigrateCommand, PurgeCommand, StatsCommand } from './maintenance.commands';

/** The admin CLI: the same composition as the server, no HTTP. */
@Module({})
export class AdminModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [CompositionModule.forRoot(config)],
      providers: [
        CliOutput,
        AccountCommand, AccountCreateCommand, AccountRotateTokenCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand,
        PurgeCommand, StatsCommand, MigrateCommand, KeysCommand, KeysRotateCommand,
      ],
    };
  }
}
