import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per shared secret and its receipt. Keys are stored as SHA-256 for lookup and sealed for display. */
@Entity({ name: 'hush_secret' })
@Index('hush_secret_owner_created_idx', ['owner', 'createdAt'], { where: 'owner IS NOT NULL' })
@Index('hush_secret_metadata_expiry_idx', ['metadataExpiresAt'])
@Index('hush_secret_live_expiry_idx', ['secretExpiresAt'], { where: 'value_sealed IS NOT NULL' })
@Index('hush_secret_key_id_idx', ['keyId'])
export class SecretEntity {
  @PrimaryColumn({ name: 'metadata_key_hash', type: 'bytea' })
  metadataKeyHash!: Buffer;

  @Index('hush_secret_secret_key_hash_key', { unique: true })
  @Column({ name: 'secret_key_hash', type: 'bytea' })
  secretKeyHash!: Buffer;

  @Column({ name: 'metadata_key_sealed', type: 'text' })
  metadataKeySealed!: string;

  @Column({ name: 'secret_key_sealed', type: 'text' })
  secretKeySealed!: string;

  @Column({ name: 'value_sealed', type: 'text', nullable: true })
  valueSealed!: string | null;

  /** The master key every sealed column of this row is under; rotation finds stale rows by it. */
  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'passphrase_hash', type: 'text', nullable: true })
  passphraseHash!: string | null;

  @Column({ name: 'owner', type: 'text', nullable: true })
  owner!: string | null;

  @Column({ name: 'ttl', type: 'integer' })
  ttl!: number;

  @Column({ name: 'state', type: 'text' })
  state!: string;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'recipients', type: 'text', array: true, default: () => "'{}'" })
  recipients!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'secret_expires_at', type: 'timestamptz' })
  secretExpiresAt!: Date;

  @Column({ name: 'metadata_expires_at', type: 'timestamptz' })
  metadataExpiresAt!: Date;

  @Column({ name: 'version', type: 'integer' })
  version!: number;
}
