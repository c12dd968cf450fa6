import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a secret was created with a passphrase, kept after the value and its passphrase hash are gone (spec §4). */
export class PassphraseRequired1796083200000 implements MigrationInterface {
  name = 'PassphraseRequired1796083200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE hush_secret ADD COLUMN passphrase_required boolean NOT NULL DEFAULT false');
    // Rows whose hash is already gone cannot tell any more; the live ones still can.
    await queryRunner.query('UPDATE hush_secret SET passphrase_required = true WHERE passphrase_hash IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE hush_secret DROP COLUMN passphrase_required');
  }
}
