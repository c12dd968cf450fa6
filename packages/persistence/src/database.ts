import { NO_NOTIFICATIONS, NotificationPlan } from '@hush/domain';
import { DataSource } from 'typeorm';
import { DataDirInUseError } from './embedded/directory-lock';
import { EmbeddedPostgres, embeddedUrl } from './embedded/embedded-postgres';
import { PostgresAccountRepository } from './account/postgres-account.repository';
import { PostgresIdentityRepository } from './account/postgres-identity.repository';
import { PostgresSessionStore } from './account/postgres-session.store';
import { migrations } from './migrations';
import { DatabasePing, ExclusiveLock, Migrator } from './operations/operation-ports';
import { PostgresAdvisoryLock } from './operations/postgres-advisory-lock';
import { TypeormMigrator } from './operations/typeorm-migrator';
import { WriteProbe } from './operations/write-probe';
import { PostgresAuditTrail } from './notifications/postgres-audit-trail';
import { PostgresOutbox } from './notifications/postgres-outbox';
import { PostgresSecretRepository } from './secret/postgres-secret.repository';
import { PostgresClient } from './sql/postgres-client';
import { pgPoolOf } from './sql/pg-pool';
import { namedStatements, StatementRunner, timedTransactions, unnamedStatements } from './sql/statement-runner';
import { StorageCircuit } from './sql/storage-circuit';

/**
 * `session`: each connection is one server session of its own (a direct connection, or PgBouncer in session
 * mode). `transaction`: a pooler lends a server session per transaction (PgBouncer `pool_mode = transaction`).
 */
export type PoolMode = 'session' | 'transaction';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite keeps its files in `dataDir`. */
  readonly url?: string;
  readonly dataDir: string;
  readonly poolSize: number;
  /** How long to wait for a connection before answering "storage unavailable". */
  readonly connectTimeoutMs: number;
  /** The server cancels a statement after this; the client gives up on an answer a second later. */
  readonly statementTimeoutMs: number;
  /** How long readiness' write may take before the storage counts as hung (see StorageCircuit). */
  readonly probeTimeoutMs: number;
  /**
   * `transaction`: nothing may outlive a transaction. Statements run unnamed, each in a transaction that sets
   * its statement timeout, none is given at start-up, and advisory locks are transaction-level. Default `session`.
   */
  readonly poolMode?: PoolMode;
  /** Told when the storage is found hung (true) and when it answers again (false). */
  readonly onStorageHung?: (hung: boolean) => void;
  /** Which outbox messages each change writes (none by default: the audit trail only). */
  readonly notifications?: NotificationPlan;
  /**
   * Embedded only: when a running Hush process already serves `dataDir`, connect to it (the admin CLI next
   * to a server) instead of refusing. A server never does: it would answer 503 once the other one stops.
   */
  readonly joinRunningEmbedded?: boolean;
}

/** Room for admin CLI connections next to the server's own pool. */
const EXTRA_EMBEDDED_CONNECTIONS = 12;

function dataSourceOptions(options: Pick<DatabaseOptions, 'poolSize' | 'connectTimeoutMs' | 'statementTimeoutMs' | 'poolMode'> & { url: string }) {
  // A transaction pooler refuses a start-up statement_timeout (PgBouncer) or drops it: each transaction sets its own.
  const serverTimeout = options.poolMode === 'transaction' ? {} : { statement_timeout: options.statementTimeoutMs };
  return {
    type: 'postgres' as const,
    url: options.url,
    entities: [],
    migrations,
    migrationsTableName: 'hush_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize,
    connectTimeoutMS: options.connectTimeoutMs,
    applicationName: 'hush',
    // A URL's query string is ignored by TypeORM; the pool gets the whole string.
    extra: { connectionString: options.url, ...serverTimeout, query_timeout: options.statementTimeoutMs + 1000 },
  };
}

function statementRunner(pooled: boolean, ownSessions: boolean, statementTimeoutMs: number): StatementRunner {
  if (pooled) return timedTransactions(statementTimeoutMs);
  return ownSessions ? namedStatements : unnamedStatements;
}

/**
 * The storage of one process: a connection pool (and the embedded server, when there is no URL), and
 * what the rest of the app may use of it, each behind its own small interface.
 */
export class Database implements DatabasePing {
  readonly client: PostgresClient;
  readonly locks: ExclusiveLock;
  readonly migrator: Migrator;
  readonly secrets: PostgresSecretRepository;
  readonly accounts: PostgresAccountRepository;
  readonly sessions: PostgresSessionStore;
  readonly identities: PostgresIdentityRepository;
  readonly outbox: PostgresOutbox;
  readonly audit: PostgresAuditTrail;
  private readonly circuit: StorageCircuit;

  private constructor(
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres | null,
    isPglite: boolean,
    options: Pick<DatabaseOptions, 'probeTimeoutMs' | 'onStorageHung' | 'notifications' | 'poolMode' | 'statementTimeoutMs'>,
  ) {
    const pooled = options.poolMode === 'transaction' && !isPglite;
    const ownSessions = embedded === null && !isPglite && !pooled;
    const runner = statementRunner(pooled, ownSessions, options.statementTimeoutMs);
    const probe = new WriteProbe(() => pgPoolOf(dataSource), ownSessions, pooled ? runner : undefined);
    this.circuit = new StorageCircuit(() => probe.run(), { probeTimeoutMs: options.probeTimeoutMs, onChange: options.onStorageHung });
    this.client = new PostgresClient(dataSource, runner, this.circuit);
    const locks = new PostgresAdvisoryLock(dataSource, this.client, pooled ? options.statementTimeoutMs : null);
    this.locks = locks;
    this.migrator = new TypeormMigrator(dataSource, locks);
    this.secrets = new PostgresSecretRepository(this.client, options.notifications ?? NO_NOTIFICATIONS);
    this.accounts = new PostgresAccountRepository(this.client);
    this.sessions = new PostgresSessionStore(this.client);
    this.identities = new PostgresIdentityRepository(this.client);
    this.outbox = new PostgresOutbox(this.client);
    this.audit = new PostgresAuditTrail(this.client);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const { embedded, url } = options.url ? { embedded: null, url: options.url } : await Database.embedded(options);
    try {
      const dataSource = new DataSource(dataSourceOptions({ ...options, url }));
      await dataSource.initialize();
      const [{ version }] = (await dataSource.query('SELECT version()')) as [{ version: string }];
      return new Database(dataSource, embedded, /PGlite|emscripten|wasm/i.test(version), options);
    } catch (error) {
      await embedded?.stop();
      throw error;
    }
  }

  /**
   * Starts the embedded server on DATA_DIR, or, when a running Hush process already serves that
   * directory and `joinRunningEmbedded` is set, connects to it (so the admin CLI works next to `npm start`);
   * otherwise a directory in use is refused, naming it and the process that holds it.
   */
  private static async embedded(options: DatabaseOptions): Promise<{ embedded: EmbeddedPostgres | null; url: string }> {
    try {
      const embedded = await EmbeddedPostgres.start({ dataDir: options.dataDir, maxConnections: options.poolSize + EXTRA_EMBEDDED_CONNECTIONS });
      return { embedded, url: embedded.url };
    } catch (error) {
      if (options.joinRunningEmbedded && error instanceof DataDirInUseError && error.owner.port) return { embedded: null, url: embeddedUrl(error.owner.port) };
      throw error;
    }
  }

  get isEmbedded(): boolean {
    return this.embedded !== null;
  }

  /** Readiness: a write committed within the probe timeout (one probe at a time, whoever asks). */
  ping(): Promise<void> {
    return this.circuit.check();
  }

  async close(): Promise<void> {
    this.circuit.stop();
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.embedded?.stop();
    }
  }
}
