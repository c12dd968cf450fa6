import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim reads the outbox's head in id order and stops after its window. The planner cannot tell how many queued
 * messages are due (`next_attempt_at <= now()`, a lease that ended); on a table without statistics it guessed a
 * handful, read every undelivered message and sorted them, so each claim cost as much as the whole backlog. The
 * head is read by a function that leaves it only the walk of the primary key in order.
 */
export class OutboxHeadInOrder1801612800000 implements MigrationInterface {
  name = 'OutboxHeadInOrder1801612800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION hush_outbox_head(head_size integer) RETURNS TABLE (id bigint, secret_ref bytea, kind text, destination text)
      LANGUAGE sql STABLE SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
      AS $$
        SELECT o.id, o.secret_ref, o.kind, o.destination FROM hush_outbox o
        WHERE o.dead_at IS NULL AND o.next_attempt_at <= now() AND (o.lease_until IS NULL OR o.lease_until <= now())
        ORDER BY o.id LIMIT head_size
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION hush_outbox_head(integer)');
  }
}
