import { Account, AccountExistsError, AccountRepository } from '@hush/domain';
import { DataSource, Repository } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { PostgresClient } from '../sql/postgres-client';

const UNIQUE_VIOLATION = '23505';

export const ACCOUNT_SQL = {
  findByCustid: 'SELECT custid, token_hash, disabled, created_at, updated_at FROM hush_account WHERE custid = $1',
} as const;

interface AccountRow {
  custid: string;
  token_hash: string;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}

function toDomain(entity: AccountEntity): Account {
  return Account.restore({
    custid: entity.custid,
    tokenHash: entity.tokenHash,
    disabled: entity.disabled,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  });
}

function toEntity(account: Account): AccountEntity {
  return Object.assign(new AccountEntity(), {
    custid: account.custid,
    tokenHash: account.tokenHash,
    disabled: account.disabled,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  });
}

export class TypeormAccountRepository implements AccountRepository {
  private readonly repository: Repository<AccountEntity>;

  constructor(
    dataSource: DataSource,
    private readonly db: PostgresClient,
  ) {
    this.repository = dataSource.getRepository(AccountEntity);
  }

  async add(account: Account): Promise<void> {
    await this.db.run(async () => {
      try {
        await this.repository.insert(toEntity(account));
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (code === UNIQUE_VIOLATION) throw new AccountExistsError(account.custid);
        throw error;
      }
    });
  }

  /** On every authenticated request, so a prepared statement rather than the query builder. */
  async findByCustid(custid: string): Promise<Account | null> {
    const { rows } = await this.db.query<AccountRow>('hush_account_by_custid', ACCOUNT_SQL.findByCustid, [custid]);
    const row = rows[0];
    return row
      ? Account.restore({ custid: row.custid, tokenHash: row.token_hash, disabled: row.disabled, createdAt: row.created_at, updatedAt: row.updated_at })
      : null;
  }

  async save(account: Account): Promise<void> {
    await this.db.run(() => this.repository.save(toEntity(account)));
  }

  async list(): Promise<Account[]> {
    const entities = await this.db.run(() => this.repository.find({ order: { custid: 'ASC' } }));
    return entities.map(toDomain);
  }

  count(): Promise<number> {
    return this.db.run(() => this.repository.count());
  }
}
