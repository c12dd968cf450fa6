import { Account } from '../account/account';

export interface AccountRepository {
  /** Fails with AccountExistsError when the custid is taken. */
  add(account: Account): Promise<void>;
  findByCustid(custid: string): Promise<Account | null>;
  /** Every account whose custid equals `custid` ignoring case (an e-mail that finds its account however it is spelt). */
  findByCustidIgnoringCase(custid: string): Promise<Account[]>;
  save(account: Account): Promise<void>;
  /** Removes the account row; false when there was none. */
  delete(custid: string): Promise<boolean>;
  list(): Promise<Account[]>;
  count(): Promise<number>;
}
