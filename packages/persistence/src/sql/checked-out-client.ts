import { PgPool, PgPoolClient } from './pg-pool';

/**
 * Runs `work` on a client of its own from the pool. While it is checked out, the pool does not listen
 * to the client, and pg emits 'error' when the connection ends under it (a cut, a server stopped
 * without a word): an event nobody hears ends the process. Here it is heard; the work's query fails
 * on its own, and the client is dropped instead of going back to the pool.
 */
export async function withCheckedOutClient<T>(pool: PgPool, work: (client: PgPoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // The pool listens again from the moment it takes the client back.
    client.removeListener('error', onError);
    client.release(broken);
  }
}
