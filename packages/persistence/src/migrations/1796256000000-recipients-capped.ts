import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first ten recipients only, as shares keep them since the cap: rows stored before it could hold tens of thousands. */
export class RecipientsCapped1796256000000 implements MigrationInterface {
  name = 'RecipientsCapped1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A literal, not the domain's constant: a migration states what was done at the time.
    await queryRunner.query('UPDATE hush_secret SET recipients = recipients[1:10] WHERE cardinality(recipients) > 10');
  }

  async down(): Promise<void> {
    // The addresses dropped are gone, and the cap would ignore them anyway.
  }
}
