import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'hush_account' })
export class AccountEntity {
  @PrimaryColumn({ name: 'custid', type: 'text' })
  custid!: string;

  /** SHA-256 of the API token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'disabled', type: 'boolean', default: false })
  disabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
