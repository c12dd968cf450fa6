import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reveal updates its row in place (a HOT update: no new entry in any index, nothing for vacuum to clean up in
 * them). It could not while an index depended on the value: the partial index of live values was keyed by a
 * column every reveal clears. The purge's scrub now walks a plain index of secret expiry from where its last
 * pass ended (PostgresSecretRepository), and each page keeps room for its rows' revealed versions.
 *
 * Built in the migration's transaction, not concurrently: behind a transaction pooler the migration lock is an
 * open transaction, which a concurrent build would wait for without end. The table is locked whole first: a
 * build's share lock raised to the drop's exclusive one deadlocks with a reveal that locked its row and waits to
 * update it. Shares and reveals wait while the index builds (upgrades.md).
 */
export class HotReveals1801699200000 implements MigrationInterface {
  name = 'HotReveals1801699200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('LOCK TABLE hush_secret IN ACCESS EXCLUSIVE MODE');
    await queryRunner.query('CREATE INDEX hush_secret_secret_expiry_idx ON hush_secret (secret_expires_at)');
    await queryRunner.query('DROP INDEX hush_secret_live_expiry_idx');
    await queryRunner.query('ALTER TABLE hush_secret SET (fillfactor = 80)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('LOCK TABLE hush_secret IN ACCESS EXCLUSIVE MODE');
    await queryRunner.query('ALTER TABLE hush_secret RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX hush_secret_live_expiry_idx ON hush_secret (secret_expires_at) WHERE value_sealed IS NOT NULL');
    await queryRunner.query('DROP INDEX hush_secret_secret_expiry_idx');
  }
}
