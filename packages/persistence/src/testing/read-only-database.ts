import { Database } from '../database';
import { isEmbeddedTestDatabase } from './test-database';

/**
 * Makes the test database refuse writes as a standby, or a leader still promoting, does (25006), or takes
 * that back: on PostgreSQL for sessions opened from now on (open connections keep what they had), on
 * PGlite for its one session, which every connection shares.
 */
export async function setTestDatabaseReadOnly(db: Pick<Database, 'dataSource'>, readOnly: boolean): Promise<void> {
  const setting = readOnly ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only';
  const [{ name }] = (await db.dataSource.query('SELECT current_database() AS name')) as [{ name: string }];
  const change = isEmbeddedTestDatabase() ? setting : `ALTER DATABASE "${name.replace(/"/g, '""')}" ${setting}`;
  // READ WRITE: the connection that takes it back may be read-only itself.
  await db.dataSource.query(`BEGIN READ WRITE; ${change}; COMMIT`);
}
