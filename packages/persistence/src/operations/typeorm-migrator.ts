import { DataSource } from 'typeorm';
import { Migrator } from './operation-ports';
import { PostgresAdvisoryLock } from './postgres-advisory-lock';

const MIGRATION_LOCK = 0x4855_5348; // "HUSH"

/** TypeORM's migrations, one replica at a time: replicas starting together take turns on an advisory lock. */
export class TypeormMigrator implements Migrator {
  private readonly appliedHere: string[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly lock: PostgresAdvisoryLock,
  ) {}

  migrate(): Promise<string[]> {
    return this.lock.afterAcquiring(MIGRATION_LOCK, async () => {
      const applied = (await this.dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
      this.appliedHere.push(...applied);
      return applied;
    });
  }

  get applied(): readonly string[] {
    return this.appliedHere;
  }

  hasPendingMigrations(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }
}
