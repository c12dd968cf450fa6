import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { GetStats, PurgeExpired } from '@hush/domain';
import type { Migrator } from '@hush/persistence';
import { MIGRATOR } from '../tokens';
import { CliOutput } from './cli-output';

@Command({ name: 'purge', description: 'Delete expired rows now and print how many' })
export class PurgeCommand extends CommandRunner {
  constructor(private readonly purgeExpired: PurgeExpired, private readonly out: CliOutput) {
    super();
  }

  async run(_args: string[], options: { dryRun?: boolean }): Promise<void> {
    const result = await this.purgeExpired.execute({ dryRun: options.dryRun === true });
    if (options.dryRun) this.out.line(`Would purge ${result.purged} expired rows`);
    else this.out.line(`Purged ${result.purged} expired rows; dropped ${result.scrubbed} expired secret values`);
  }

  @Option({ flags: '--dry-run', description: 'Count what would be purged, delete nothing' })
  parseDryRun(): boolean {
    return true;
  }
}

@Command({ name: 'stats', description: 'Counts of secrets by state, accounts, oldest expiry' })
export class StatsCommand extends CommandRunner {
  constructor(private readonly getStats: GetStats, private readonly out: CliOutput) {
    super();
  }

  async run(): Promise<void> {
    const stats = await this.getStats.execute();
    for (const [state, count] of Object.entries(stats.secrets)) this.out.line(`secrets.${state}\t${count}`);
    this.out.line(`accounts\t${stats.accounts}`);
    this.out.line(`oldest_expiry\t${stats.oldestExpiry?.toISOString() ?? '-'}`);
  }
}

@Command({ name: 'migrate', description: 'Apply pending database migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(@Inject(MIGRATOR) private readonly migrator: Migrator, private readonly out: CliOutput) {
    super();
  }

  async run(): Promise<void> {
    await this.migrator.migrate();
    // The CLI, like the server, migrates as it opens the database: what that applied counts as this command's work.
    const { applied } = this.migrator;
    this.out.line(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'Database schema is up to date');
  }
}
