import { Identity, IdentityRepository } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

interface IdentityRow {
  issuer: string;
  subject: string;
  custid: string;
  created_at: Date;
}

const COLUMNS = 'issuer, subject, custid, created_at';

export const IDENTITY_SQL = {
  find: statement<'issuer' | 'subject'>('hush_identity_find', `SELECT ${COLUMNS} FROM hush_identity WHERE issuer = :issuer AND subject = :subject`),
  listByAccount: statement<'custid'>(
    'hush_identity_list_by_account',
    `SELECT ${COLUMNS} FROM hush_identity WHERE custid = :custid ORDER BY created_at, issuer, subject`,
  ),
  // Either key taken: nothing. A concurrent insert of the same key is waited for, then counts as taken.
  link: statement<keyof IdentityRow>(
    'hush_identity_link',
    `INSERT INTO hush_identity (${COLUMNS}) VALUES (:issuer, :subject, :custid, :created_at) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
  ),
  deleteByAccount: statement<'custid'>('hush_identity_delete_by_account', 'DELETE FROM hush_identity WHERE custid = :custid'),
} as const;

const toIdentity = (row: IdentityRow): Identity => ({ issuer: row.issuer, subject: row.subject, custid: row.custid, createdAt: row.created_at });

/** IdentityRepository on PostgreSQL (or PGlite); the keys (issuer, subject) and (issuer, custid) make links race-free. */
export class PostgresIdentityRepository implements IdentityRepository {
  constructor(private readonly db: PostgresClient) {}

  async find(issuer: string, subject: string): Promise<Identity | null> {
    const { rows } = await this.db.query<IdentityRow, 'issuer' | 'subject'>(IDENTITY_SQL.find, { issuer, subject });
    return rows[0] ? toIdentity(rows[0]) : null;
  }

  async listByAccount(custid: string): Promise<Identity[]> {
    return (await this.db.query<IdentityRow, 'custid'>(IDENTITY_SQL.listByAccount, { custid })).rows.map(toIdentity);
  }

  async link(identity: Identity): Promise<Identity | null> {
    const { rows } = await this.db.query<IdentityRow, keyof IdentityRow>(IDENTITY_SQL.link, {
      issuer: identity.issuer,
      subject: identity.subject,
      custid: identity.custid,
      created_at: identity.createdAt,
    });
    // A statement of its own, so that it sees a link committed while the insert waited (one statement reads one snapshot).
    return rows[0] ? toIdentity(rows[0]) : this.find(identity.issuer, identity.subject);
  }

  async deleteByAccount(custid: string): Promise<number> {
    return (await this.db.query(IDENTITY_SQL.deleteByAccount, { custid })).rowCount;
  }
}
