import { Account } from '../account/account';
import { AccountExistsError } from '../errors';
import { AccountRepository } from '../ports';

export class InMemoryAccountRepository implements AccountRepository {
  private readonly rows = new Map<string, Account>();

  async add(account: Account): Promise<void> {
    if (this.rows.has(account.custid)) throw new AccountExistsError(account.custid);
    this.rows.set(account.custid, account);
  }

  async findByCustid(custid: string): Promise<Account | null> {
    return this.rows.get(custid) ?? null;
  }

  async findByCustidIgnoringCase(custid: string): Promise<Account[]> {
    const lower = custid.toLowerCase();
    return [...this.rows.values()].filter((account) => account.custid.toLowerCase() === lower);
  }

  /** Whether the account opted in to reveal notices, read at once (a write's notices are decided in its step). */
  notifiesOnReveal(custid: string): boolean {
    return this.rows.get(custid)?.notifyOnReveal ?? false;
  }

  async save(account: Account): Promise<void> {
    this.rows.set(account.custid, account);
  }

  async delete(custid: string): Promise<boolean> {
    return this.rows.delete(custid);
  }

  async list(): Promise<Account[]> {
    return [...this.rows.values()].sort((a, b) => a.custid.localeCompare(b.custid));
  }

  async count(): Promise<number> {
    return this.rows.size;
  }
}
