import { Account, AccountExistsError, AccountRepository } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

const UNIQUE_VIOLATION = '23505';

interface AccountRow {
  custid: string;
  token_hash: string;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  notify_on_reveal: boolean;
  locale: string | null;
}

type AccountColumn = keyof AccountRow;
const COLUMNS = 'custid, token_hash, disabled, created_at, updated_at, notify_on_reveal, locale';
const VALUES = ':custid, :token_hash, :disabled, :created_at, :updated_at, :notify_on_reveal, :locale';

export const ACCOUNT_SQL = {
  insert: statement<AccountColumn>('hush_account_insert', `INSERT INTO hush_account (${COLUMNS}) VALUES (${VALUES})`),
  save: statement<AccountColumn>(
    'hush_account_save',
    `INSERT INTO hush_account (${COLUMNS}) VALUES (${VALUES}) ON CONFLICT (custid) DO UPDATE
      SET token_hash = EXCLUDED.token_hash, disabled = EXCLUDED.disabled, updated_at = EXCLUDED.updated_at,
        notify_on_reveal = EXCLUDED.notify_on_reveal, locale = EXCLUDED.locale`,
  ),
  findByCustid: statement<'custid'>('hush_account_by_custid', `SELECT ${COLUMNS} FROM hush_account WHERE custid = :custid`),
  findByCustidIgnoringCase: statement<'custid'>(
    'hush_account_by_custid_ignoring_case',
    `SELECT ${COLUMNS} FROM hush_account WHERE lower(custid) = lower(:custid) ORDER BY custid`,
  ),
  list: statement('hush_account_list', `SELECT ${COLUMNS} FROM hush_account ORDER BY custid`),
  delete: statement<'custid'>('hush_account_delete', 'DELETE FROM hush_account WHERE custid = :custid'),
  count: statement('hush_account_count', 'SELECT count(*)::int AS count FROM hush_account'),
} as const;

const toRow = (account: Account): AccountRow => ({
  custid: account.custid,
  token_hash: account.tokenHash,
  disabled: account.disabled,
  created_at: account.createdAt,
  updated_at: account.updatedAt,
  notify_on_reveal: account.notifyOnReveal,
  locale: account.locale,
});

const toAccount = (row: AccountRow): Account =>
  Account.restore({
    custid: row.custid,
    tokenHash: row.token_hash,
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    notifyOnReveal: row.notify_on_reveal,
    locale: row.locale,
  });

/** AccountRepository on PostgreSQL (or PGlite), in plain SQL run as prepared statements on the pool. */
export class PostgresAccountRepository implements AccountRepository {
  constructor(private readonly db: PostgresClient) {}

  async add(account: Account): Promise<void> {
    try {
      await this.db.query(ACCOUNT_SQL.insert, toRow(account));
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new AccountExistsError(account.custid);
      throw error;
    }
  }

  async findByCustid(custid: string): Promise<Account | null> {
    const { rows } = await this.db.query<AccountRow, 'custid'>(ACCOUNT_SQL.findByCustid, { custid });
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async findByCustidIgnoringCase(custid: string): Promise<Account[]> {
    return (await this.db.query<AccountRow, 'custid'>(ACCOUNT_SQL.findByCustidIgnoringCase, { custid })).rows.map(toAccount);
  }

  async save(account: Account): Promise<void> {
    await this.db.query(ACCOUNT_SQL.save, toRow(account));
  }

  async delete(custid: string): Promise<boolean> {
    return (await this.db.query(ACCOUNT_SQL.delete, { custid })).rowCount > 0;
  }

  async list(): Promise<Account[]> {
    return (await this.db.query<AccountRow>(ACCOUNT_SQL.list)).rows.map(toAccount);
  }

  async count(): Promise<number> {
    return (await this.db.query<{ count: number }>(ACCOUNT_SQL.count)).rows[0]?.count ?? 0;
  }
}
