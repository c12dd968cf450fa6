import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reveal updates its row in place (a HOT update: no new entry in any index, nothing for vacuum to clean up in
 * them). It could not while an index depended on the value: the partial index of live values was keyed by a
 * column every reveal clears. The purge's scrub now walks a plain index of secret expiry from where its last
 * pass ended (PostgresSecretRepository), and each page keeps room for its rows' revealed versions.
 *
 * hush_secret is the large table: its indexes are built and dropped concurrently, outside a transaction, so that
 * shares and reveals go on while they are (upgrades.md).
 */
export class HotReveals1801699200000 implements MigrationInterface {
  name = 'HotReveals1801699200000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    // A concurrent build that was interrupted leaves an invalid index behind: build it again.
    await dropIfInvalid(queryRunner, 'hush_secret_secret_expiry_idx');
    await queryRunner.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS hush_secret_secret_expiry_idx ON hush_secret (secret_expires_at)');
    await queryRunner.query('DROP INDEX CONCURRENTLY IF EXISTS hush_secret_live_expiry_idx');
    await queryRunner.query('ALTER TABLE hush_secret SET (fillfactor = 80)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE hush_secret RESET (fillfactor)');
    await dropIfInvalid(queryRunner, 'hush_secret_live_expiry_idx');
    await queryRunner.query(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS hush_secret_live_expiry_idx ON hush_secret (secret_expires_at) WHERE value_sealed IS NOT NULL',
    );
    await queryRunner.query('DROP INDEX CONCURRENTLY IF EXISTS hush_secret_secret_expiry_idx');
  }
}

async function dropIfInvalid(queryRunner: QueryRunner, index: string): Promise<void> {
  const rows = (await queryRunner.query('SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid', [index])) as unknown[];
  if (rows.length > 0) await queryRunner.query(`DROP INDEX CONCURRENTLY ${index}`);
}
