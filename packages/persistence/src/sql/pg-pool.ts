import { DataSource } from 'typeorm';

export interface PgQueryConfig {
  readonly name?: string;
  readonly text: string;
  readonly values?: unknown[];
}

export interface PgResult {
  readonly rows: unknown[];
  readonly rowCount: number | null;
}

/** One connection checked out of the pool; `release(error)` drops it instead of returning it. */
export interface PgPoolClient {
  /** The server process serving this connection (what pg_cancel_backend takes). */
  readonly processID: number | null;
  query(config: PgQueryConfig): Promise<PgResult>;
  release(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** What Hush uses of the pg pool TypeORM manages. */
export interface PgPool {
  query(config: PgQueryConfig): Promise<PgResult>;
  connect(): Promise<PgPoolClient>;
}

export function pgPoolOf(dataSource: DataSource): PgPool {
  return (dataSource.driver as unknown as { master: PgPool }).master;
}
