import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763856000000 implements MigrationInterface {
  name = 'InitialSchema1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hush_secret (
        metadata_key_hash bytea PRIMARY KEY,
        secret_key_hash bytea NOT NULL,
        metadata_key_sealed text NOT NULL,
        secret_key_sealed text NOT NULL,
        value_sealed text,
        key_id text NOT NULL,
        passphrase_hash text,
        owner text,
        ttl integer NOT NULL CHECK (ttl > 0),
        state text NOT NULL CHECK (state IN ('new', 'viewed', 'received', 'burned')),
        failed_attempts integer NOT NULL DEFAULT 0,
        recipients text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        received_at timestamptz,
        secret_expires_at timestamptz NOT NULL,
        metadata_expires_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX hush_secret_secret_key_hash_key ON hush_secret (secret_key_hash)`);
    await queryRunner.query(`CREATE INDEX hush_secret_owner_created_idx ON hush_secret (owner, created_at) WHERE owner IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX hush_secret_metadata_expiry_idx ON hush_secret (metadata_expires_at)`);
    await queryRunner.query(`CREATE INDEX hush_secret_live_expiry_idx ON hush_secret (secret_expires_at) WHERE value_sealed IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX hush_secret_key_id_idx ON hush_secret (key_id)`);
    await queryRunner.query(`
      CREATE TABLE hush_account (
        custid text PRIMARY KEY,
        token_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE hush_account`);
    await queryRunner.query(`DROP TABLE hush_secret`);
  }
}
