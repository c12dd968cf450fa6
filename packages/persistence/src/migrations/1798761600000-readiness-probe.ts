import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row that readiness rewrites: a commit that waits like every other write (a synchronous standby that has gone, a stalled disk). */
export class ReadinessProbe1798761600000 implements MigrationInterface {
  name = 'ReadinessProbe1798761600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE hush_probe (id boolean PRIMARY KEY DEFAULT true CHECK (id), probed_at timestamptz NOT NULL)');
    await queryRunner.query('INSERT INTO hush_probe (id, probed_at) VALUES (true, now())');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hush_probe');
  }
}
