import { createHash } from 'node:crypto';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';
import { RateCount, RateCounter, RateHit } from './rate-counter';

/** Keys name accounts and client addresses: only their digests are stored. */
const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

export const RATE_SQL = {
  /** Counts the hit and reads the peeked key in one round trip, on the database's clock so replicas agree on the window. */
  hit: statement<'key_hash' | 'peek_hash' | 'window'>(
    'hush_rate_hit',
    `WITH current_window AS (
       SELECT to_timestamp(floor(extract(epoch FROM now()) / :window::int) * :window::int) AS start
     ), counted AS (
       INSERT INTO hush_rate_counter AS c (key_hash, window_start, hits)
       SELECT :key_hash, start, 1 FROM current_window
       ON CONFLICT (key_hash) DO UPDATE
         SET hits = CASE WHEN c.window_start = excluded.window_start THEN c.hits + 1 ELSE 1 END,
             window_start = excluded.window_start
       RETURNING hits, window_start
     )
     SELECT counted.hits,
            coalesce((SELECT p.hits FROM hush_rate_counter p WHERE p.key_hash = :peek_hash AND p.window_start = counted.window_start), 0) AS peeked,
            greatest(1, ceil(extract(epoch FROM counted.window_start - now()) + :window::int))::int AS resets_in
     FROM counted`,
  ),
  prune: statement<'window'>(
    'hush_rate_prune',
    'DELETE FROM hush_rate_counter WHERE window_start < now() - make_interval(secs => :window::int)',
  ),
};

/** Counters in an unlogged PostgreSQL table: one statement per counted call, the same count for every replica. */
export class PostgresRateCounter implements RateCounter {
  constructor(
    private readonly client: PostgresClient,
    private readonly windowSeconds: number,
  ) {}

  async hit({ key, peek }: RateHit): Promise<RateCount> {
    const { rows } = await this.client.query<{ hits: number; peeked: number; resets_in: number }, 'key_hash' | 'peek_hash' | 'window'>(RATE_SQL.hit, {
      key_hash: digest(key),
      peek_hash: peek === undefined ? null : digest(peek),
      window: this.windowSeconds,
    });
    const [row] = rows;
    if (!row) throw new Error('hush_rate_hit returned no row');
    return { hits: row.hits, peeked: row.peeked, resetsInSeconds: row.resets_in };
  }

  async prune(): Promise<void> {
    await this.client.query(RATE_SQL.prune, { window: this.windowSeconds });
  }
}
