import { Account, AccountExistsError, AccountRepository } from '@hush/domain';
import { DataSource, Repository } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { PostgresClient } from '../sql/postgres-client';

const UNIQUE_VIOLATION = '23505';

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

  async findByCustid(custid: string): Promise<Account | null> {
    const entity = await this.db.run(() => this.repository.findOneBy({ custid }));
    return entity ? toDomain(entity) : null;
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
