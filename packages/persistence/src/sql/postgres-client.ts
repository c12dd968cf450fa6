import { DataSource } from 'typeorm';
import { pgPoolOf } from './pg-pool';
import { positionalValues, Statement } from './statement';
import { StatementRunner } from './statement-runner';
import { StorageCircuit } from './storage-circuit';
import { isStorageTimeout, translateStorageError } from './storage-errors';

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/**
 * Runs statements on the pg pool TypeORM manages, the way `runner` says (named prepared statements where the
 * connection is its server session), and turns connection failures and timeouts into StorageUnavailableError;
 * while the circuit is open (the storage hangs), refuses at once.
 */
export class PostgresClient {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: StatementRunner,
    private readonly circuit: StorageCircuit,
  ) {}

  async query<Row, P extends string = never>(statement: Statement<P>, values?: Readonly<Record<P, unknown>>): Promise<QueryResult<Row>> {
    return this.run(async () => {
      const config = { name: statement.name, text: statement.text, values: values ? positionalValues(statement, values) : [] };
      const result = await this.runner(pgPoolOf(this.dataSource), config);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    });
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      this.circuit.assertClosed();
      return await work();
    } catch (error) {
      if (isStorageTimeout(error)) this.circuit.noteTimeout();
      throw translateStorageError(error);
    }
  }
}
