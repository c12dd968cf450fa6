import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every replica. UNLOGGED: no WAL for a hot, disposable table (after a
 * crash PostgreSQL empties it, which only hands out one fresh minute).
 */
export class RateCounters1796342400000 implements MigrationInterface {
  name = 'RateCounters1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE hush_rate_counter (
        key_hash bytea PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hush_rate_counter');
  }
}
