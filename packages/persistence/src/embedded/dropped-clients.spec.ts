import { Client } from 'pg';
import { isEmbeddedTestDatabase, testDatabaseUrl } from '../testing';

/** A client of the test database whose connection the test can cut (an RST, as when its process dies). */
async function connect(): Promise<Client> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function cut(client: Client): void {
  (client as unknown as { connection: { stream: { resetAndDestroy(): void } } }).connection.stream.resetAndDestroy();
}

// The embedded server runs in this very process (jest's globalSetup): a connection it did not survive would end the run.
(isEmbeddedTestDatabase() ? describe : describe.skip)('the embedded database, when a client drops its connection mid-query', () => {
  it.each([
    ['a lone statement', false],
    ['a statement inside a transaction', true],
  ])('%s: the server stays up, and the other clients are served at once', async (_name, inTransaction) => {
    const other = await connect();
    try {
      for (let round = 0; round < 5; round++) {
        const leaving = await connect();
        if (inTransaction) await leaving.query('BEGIN');
        // PGlite runs in this thread: the answer is written after the client is gone.
        const query = leaving.query('SELECT pg_sleep(0.05)').then(() => 'answered', () => 'cut');
        cut(leaving);
        expect(await query).toBe('cut');
        const started = Date.now();
        await expect(other.query('SELECT pg_is_in_recovery() AS recovering')).resolves.toMatchObject({ rows: [{ recovering: false }] });
        expect(Date.now() - started).toBeLessThan(2000);
      }
      const fresh = await connect();
      await expect(fresh.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await fresh.end();
    } finally {
      await other.end();
    }
  });
});
