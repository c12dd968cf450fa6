import { createHash } from 'node:crypto';
import { PostgresClient } from '../sql/postgres-client';
import { GroupCommit } from '../sql/group-commit';
import { statement } from '../sql/statement';
import { RateCount, RateCounter, RateHit } from './rate-counter';

/** Keys name accounts and client addresses: only their digests are stored. */
const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

type Params = 'keys' | 'counts' | 'window';

export const RATE_SQL = {
  /**
   * Adds each key's hits in one round trip, on the database's clock so that replicas agree on the window.
   * Keys arrive sorted, so concurrent batches lock rows in one order.
   */
  hit: statement<Params>(
    'hush_rate_hit',
    `WITH current_window AS (
       SELECT to_timestamp(floor(extract(epoch FROM now()) / :window::int) * :window::int) AS start
     ), counted AS (
       INSERT INTO hush_rate_counter AS c (key_hash, window_start, hits)
       SELECT decode(k.key_hash, 'hex'), w.start, k.n
       FROM unnest(:keys::text[], :counts::int[]) WITH ORDINALITY AS k(key_hash, n, i), current_window w
       ORDER BY k.i
       ON CONFLICT (key_hash) DO UPDATE
         SET hits = CASE WHEN c.window_start = excluded.window_start THEN c.hits + excluded.hits ELSE excluded.hits END,
             window_start = excluded.window_start
       RETURNING key_hash, hits
     )
     SELECT encode(key_hash, 'hex') AS key_hash, hits, true AS counted FROM counted
     UNION ALL
     SELECT '', greatest(1, ceil(extract(epoch FROM w.start - now()) + :window::int))::int, false FROM current_window w`,
  ),
  prune: statement<'window'>(
    'hush_rate_prune',
    'DELETE FROM hush_rate_counter WHERE window_start < now() - make_interval(secs => :window::int)',
  ),
};

/**
 * Counters in an unlogged PostgreSQL table, the same count for every replica. Hits go to the database by
 * group commit: one statement per hit when quiet, far fewer under load, each counted before it is answered.
 * A statement that has not answered within `deadlineMs` (a locked table) fails its hits and those behind
 * it, so the caller can count elsewhere instead of waiting out the statement timeout.
 */
export class PostgresRateCounter implements RateCounter {
  private readonly hits: GroupCommit<string, RateCount>;

  constructor(
    private readonly client: PostgresClient,
    private readonly windowSeconds: number,
    deadlineMs = Number.POSITIVE_INFINITY,
  ) {
    this.hits = new GroupCommit<string, RateCount>((batch) => this.count(batch), deadlineMs);
  }

  hit({ key }: RateHit): Promise<RateCount> {
    return this.hits.submit(digest(key));
  }

  async prune(): Promise<void> {
    await this.client.query(RATE_SQL.prune, { window: this.windowSeconds });
  }

  private async count(batch: string[]): Promise<RateCount[]> {
    const added = new Map<string, number>();
    for (const key of batch) added.set(key, (added.get(key) ?? 0) + 1);
    const keys = [...added.keys()].sort();
    const { rows } = await this.client.query<{ key_hash: string; hits: number; counted: boolean }, Params>(RATE_SQL.hit, {
      keys,
      counts: keys.map((key) => added.get(key)),
      window: this.windowSeconds,
    });
    const totals = new Map(rows.filter((row) => row.counted).map((row) => [row.key_hash, row.hits]));
    const resetsInSeconds = rows.find((row) => row.key_hash === '')?.hits ?? this.windowSeconds;
    // Within the batch, hits on one key take the last numbers of its new total, in arrival order.
    const before = new Map([...added].map(([key, n]) => [key, (totals.get(key) ?? n) - n]));
    return batch.map((key) => {
      const hits = (before.get(key) ?? 0) + 1;
      before.set(key, hits);
      return { hits, resetsInSeconds };
    });
  }
}
