import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACCOUNTS.md: server-side sessions (only a digest of each token), provider identities linked to accounts,
 * accounts found by e-mail ignoring case, and account events in the audit trail (they name no secret).
 */
export class AccountsSignIn1800057600000 implements MigrationInterface {
  name = 'AccountsSignIn1800057600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No index on the times: the purge's scan of a table of live browsers is cheap, and touches stay HOT updates.
    await queryRunner.query(`
      CREATE TABLE hush_session (
        token_digest bytea PRIMARY KEY,
        custid text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        user_agent text
      )`);
    await queryRunner.query('CREATE INDEX hush_session_custid_idx ON hush_session (custid)');
    // One identity, one account, for good; and at most one identity of an issuer per account, so that two people
    // with the same e-mail at one provider can never both be linked to it.
    await queryRunner.query(`
      CREATE TABLE hush_identity (
        issuer text NOT NULL,
        subject text NOT NULL,
        custid text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, subject),
        CONSTRAINT hush_identity_issuer_custid_key UNIQUE (issuer, custid)
      )`);
    await queryRunner.query('CREATE INDEX hush_identity_custid_idx ON hush_identity (custid)');
    await queryRunner.query('CREATE INDEX hush_account_custid_lower_idx ON hush_account (lower(custid))');
    await queryRunner.query('ALTER TABLE hush_audit ALTER COLUMN secret_ref DROP NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM hush_audit WHERE secret_ref IS NULL');
    await queryRunner.query('ALTER TABLE hush_audit ALTER COLUMN secret_ref SET NOT NULL');
    await queryRunner.query('DROP INDEX hush_account_custid_lower_idx');
    await queryRunner.query('DROP TABLE hush_identity');
    await queryRunner.query('DROP TABLE hush_session');
  }
}
