import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFICATIONS.md: the audit trail and the outbox, both filled by the statements that change secrets;
 * the mail budgets; the secret's 6-character reference for webhooks and notices; account notice settings.
 */
export class Notifications1799971200000 implements MigrationInterface {
  name = 'Notifications1799971200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE hush_secret ADD COLUMN short_key text');
    await queryRunner.query('ALTER TABLE hush_account ADD COLUMN notify_on_reveal boolean NOT NULL DEFAULT false, ADD COLUMN locale text');
    await queryRunner.query(`
      CREATE TABLE hush_audit (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        at timestamptz NOT NULL,
        event text NOT NULL,
        custid text NOT NULL,
        owner text NOT NULL,
        secret_ref bytea NOT NULL,
        client_address text,
        user_agent text,
        reason text,
        metadata_expires_at timestamptz NOT NULL
      )`);
    // Rows arrive in time order: block-range indexes serve `--since` and the retention for almost nothing per insert.
    await queryRunner.query('CREATE INDEX hush_audit_secret_ref_idx ON hush_audit (secret_ref)');
    await queryRunner.query('CREATE INDEX hush_audit_retention_idx ON hush_audit USING brin (metadata_expires_at)');
    await queryRunner.query('CREATE INDEX hush_audit_at_idx ON hush_audit USING brin (at)');
    await queryRunner.query(`
      CREATE TABLE hush_outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('webhook', 'recipient_mail', 'reveal_notice')),
        event text NOT NULL,
        destination text NOT NULL DEFAULT '',
        secret_ref bytea NOT NULL,
        custid text NOT NULL,
        payload text NOT NULL,
        sealed text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        retry_until timestamptz NOT NULL,
        lease_token uuid,
        lease_until timestamptz,
        last_error text,
        dead_at timestamptz
      )`);
    // Claims walk the primary key in order; this one finds a message's predecessors of the same secret.
    await queryRunner.query('CREATE INDEX hush_outbox_stream_idx ON hush_outbox (secret_ref, id) WHERE dead_at IS NULL');
    await queryRunner.query('CREATE INDEX hush_outbox_dead_idx ON hush_outbox (dead_at) WHERE dead_at IS NOT NULL');
    // A queue: rows are deleted as fast as they come, and every claim walks its head, so it is vacuumed after every
    // thousand dead rows rather than after a fifth of the table.
    await queryRunner.query(`ALTER TABLE hush_outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
      autovacuum_vacuum_cost_delay = 0)`);
    await queryRunner.query(`
      CREATE TABLE hush_mail_quota (
        key_hash bytea PRIMARY KEY,
        window_start timestamptz NOT NULL,
        window_seconds integer NOT NULL,
        hits integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE hush_mail_quota');
    await queryRunner.query('DROP TABLE hush_outbox');
    await queryRunner.query('DROP TABLE hush_audit');
    await queryRunner.query('ALTER TABLE hush_account DROP COLUMN notify_on_reveal, DROP COLUMN locale');
    await queryRunner.query('ALTER TABLE hush_secret DROP COLUMN short_key');
  }
}
