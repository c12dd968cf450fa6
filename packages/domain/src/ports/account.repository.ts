import { Account } from '../account/account';

export interface AccountRepository {
  /** Fails with AccountExistsError when the custid is taken. */
  add(account: Account): Promise<void>;
  findByCustid(custid: string): Promise<Account | null>;
  save(account: Account): Promise<void>;
  list(): Promise<Account[]>;
  count(): Promise<number>;
}
