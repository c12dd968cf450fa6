import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Database } from '@hush/persistence';
import { AppConfig } from '../config/app-config';
import { notificationPlan } from '../notifications/notification-plan';
import { APP_CONFIG, DATABASE } from '../tokens';

const logger = new Logger('Database');

/** The process's database; `joinRunningEmbedded` for the admin CLI only (see DatabaseOptions). */
export const databaseProvider = (joinRunningEmbedded: boolean): Provider => ({
  provide: DATABASE,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<Database> => {
    const db = await Database.open({
      joinRunningEmbedded,
      url: config.database.url,
      dataDir: config.database.dataDir,
      poolSize: config.database.poolSize,
      connectTimeoutMs: config.database.connectTimeoutMs,
      statementTimeoutMs: config.database.statementTimeoutMs,
      probeTimeoutMs: config.database.probeTimeoutMs,
      poolMode: config.database.poolMode,
      notifications: notificationPlan(config),
      onStorageHung: (hung) => {
        if (hung) logger.warn('The database accepts no writes in time: requests answer "Service temporarily unavailable" at once until a probe commits');
        else logger.log('The database commits writes again');
      },
    });
    if (db.isEmbedded) logger.log(`Embedded PostgreSQL (PGlite) in ${config.database.dataDir}`);
    const applied = await db.migrator.migrate();
    if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
    return db;
  },
});

@Injectable()
export class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
