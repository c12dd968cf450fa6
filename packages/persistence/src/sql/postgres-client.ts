import { DataSource } from 'typeorm';
import { positionalValues, Statement } from './statement';
import { translateStorageError } from './storage-errors';

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

interface PgPool {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Runs statements on the pg pool TypeORM manages, as named prepared statements (parsed and planned
 * once per connection), and turns connection failures into StorageUnavailableError.
 */
export class PostgresClient {
  /** PGlite serves every connection from one session, where per-connection statement names would collide. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly namedStatements: boolean,
  ) {}

  async query<Row, P extends string = never>(statement: Statement<P>, values?: Readonly<Record<P, unknown>>): Promise<QueryResult<Row>> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
      const config = { text: statement.text, values: values ? positionalValues(statement, values) : [] };
      const result = await pool.query(this.namedStatements ? { ...config, name: statement.name } : config);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
