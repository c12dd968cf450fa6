import { withCheckedOutClient } from '../sql/checked-out-client';
import { PgPool } from '../sql/pg-pool';
import { positionalValues, statement } from '../sql/statement';
import { StatementRunner } from '../sql/statement-runner';
import { isStorageTimeout } from '../sql/storage-errors';

const PROBE = statement('hush_probe', 'INSERT INTO hush_probe (id, probed_at) VALUES (true, now()) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at');
const CANCEL = statement<'pid'>('hush_cancel', 'SELECT pg_cancel_backend(:pid)');

/**
 * Commits one small write, as readiness' proof that the database takes writes: `SELECT 1`, and even
 * `SELECT txid_current()`, answer at once while every commit waits for a synchronous standby that has gone.
 */
export class WriteProbe {
  /**
   * `cancels`: false on PGlite, whose connections all share one session, and behind a transaction pooler, which
   * shows a process id of its own making; there `inTransaction` runs the write, so the server's timeout cuts it.
   */
  constructor(
    private readonly pool: () => PgPool,
    private readonly cancels: boolean,
    private readonly inTransaction?: StatementRunner,
  ) {}

  async run(): Promise<void> {
    if (this.inTransaction) {
      await this.inTransaction(this.pool(), { name: PROBE.name, text: PROBE.text, values: [] });
      return;
    }
    let pid: number | null = null;
    try {
      await withCheckedOutClient(this.pool(), async (client) => {
        pid = client.processID;
        await client.query({ text: PROBE.text });
      });
    } catch (error) {
      if (this.cancels && pid !== null && isStorageTimeout(error)) await this.cancel(pid);
      throw error;
    }
  }

  /** A commit waiting for a standby outlives its client; cancelled, it ends (committed locally), so probes do not pile up on the server. */
  private async cancel(pid: number): Promise<void> {
    await this.pool()
      .query({ text: CANCEL.text, values: positionalValues(CANCEL, { pid }) })
      .catch(() => undefined);
  }
}
