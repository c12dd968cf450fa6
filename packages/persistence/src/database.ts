import { AccountRepository, Cipher, SecretRepository } from '@hush/domain';
import { DataSource } from 'typeorm';
import { DataDirInUseError } from './embedded/directory-lock';
import { EmbeddedPostgres, embeddedUrl } from './embedded/embedded-postgres';
import { AccountEntity } from './entities/account.entity';
import { SecretEntity } from './entities/secret.entity';
import { migrations } from './migrations';
import { TypeormAccountRepository } from './repositories/typeorm-account.repository';
import { TypeormSecretRepository } from './repositories/typeorm-secret.repository';
import { PostgresClient } from './sql/postgres-client';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite keeps its files in `dataDir`. */
  readonly url?: string;
  readonly dataDir: string;
  readonly poolSize: number;
  /** How long to wait for a connection before answering "storage unavailable". */
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

const MIGRATION_LOCK = 0x4855_5348; // "HUSH"
/** Room for admin CLI connections next to the server's own pool. */
const EXTRA_EMBEDDED_CONNECTIONS = 12;

export function dataSourceOptions(options: Pick<DatabaseOptions, 'poolSize' | 'connectTimeoutMs' | 'statementTimeoutMs'> & { url: string }) {
  return {
    type: 'postgres' as const,
    url: options.url,
    entities: [SecretEntity, AccountEntity],
    migrations,
    migrationsTableName: 'hush_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize,
    connectTimeoutMS: options.connectTimeoutMs,
    applicationName: 'hush',
    // A URL's query string is ignored by TypeORM; the pool gets the whole string.
    extra: { connectionString: options.url, statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + 1000 },
  };
}

/** The storage of one process: a connection pool (and the embedded server, when there is no URL). */
export class Database {
  readonly client: PostgresClient;

  private constructor(
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres | null,
    isPglite: boolean,
  ) {
    this.client = new PostgresClient(dataSource, embedded === null && !isPglite);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const { embedded, url } = options.url ? { embedded: null, url: options.url } : await Database.embedded(options);
    try {
      const dataSource = new DataSource(dataSourceOptions({ ...options, url }));
      await dataSource.initialize();
      const [{ version }] = (await dataSource.query('SELECT version()')) as [{ version: string }];
      return new Database(dataSource, embedded, /PGlite|emscripten|wasm/i.test(version));
    } catch (error) {
      await embedded?.stop();
      throw error;
    }
  }

  /**
   * Starts the embedded server on DATA_DIR, or, when a running Hush process already serves that
   * directory, connects to it (so the admin CLI works next to `npm start`).
   */
  private static async embedded(options: DatabaseOptions): Promise<{ embedded: EmbeddedPostgres | null; url: string }> {
    try {
      const embedded = await EmbeddedPostgres.start({ dataDir: options.dataDir, maxConnections: options.poolSize + EXTRA_EMBEDDED_CONNECTIONS });
      return { embedded, url: embedded.url };
    } catch (error) {
      if (error instanceof DataDirInUseError && error.owner.port) return { embedded: null, url: embeddedUrl(error.owner.port) };
      throw error;
    }
  }

  get isEmbedded(): boolean {
    return this.embedded !== null;
  }

  /** Applies pending migrations; replicas starting together take turns on an advisory lock. */
  async migrate(): Promise<string[]> {
    return this.withSessionLock(MIGRATION_LOCK, true, async () => {
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    }) as Promise<string[]>;
  }

  async pendingMigrations(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }

  /** Runs `work` only where the lock is free (another replica holding it means skip); undefined when skipped. */
  async whileHolding<T>(lockKey: number, work: () => Promise<T>): Promise<T | undefined> {
    return this.withSessionLock(lockKey, false, work);
  }

  async ping(): Promise<void> {
    await this.client.query('hush_ping', 'SELECT 1');
  }

  secrets(cipher: Cipher): SecretRepository {
    return new TypeormSecretRepository(this.client, cipher);
  }

  accounts(): AccountRepository {
    return new TypeormAccountRepository(this.dataSource, this.client);
  }

  async close(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.embedded?.stop();
    }
  }

  private async withSessionLock<T>(key: number, wait: boolean, work: () => Promise<T>): Promise<T | undefined> {
    return this.client.run(async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        if (wait) {
          await runner.query('SELECT pg_advisory_lock($1)', [key]);
        } else {
          const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as { locked: boolean }[];
          if (!row?.locked) return undefined;
        }
        try {
          return await work();
        } finally {
          await runner.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        await runner.release();
      }
    });
  }
}
