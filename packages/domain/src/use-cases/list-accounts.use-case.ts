import { AccountRepository } from '../ports';

export interface AccountSummary {
  readonly custid: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly notifyOnReveal: boolean;
  readonly locale: string | null;
}

export class ListAccounts {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(): Promise<AccountSummary[]> {
    const accounts = await this.accounts.list();
    return accounts.map(({ custid, disabled, createdAt, notifyOnReveal, locale }) => ({ custid, disabled, createdAt, notifyOnReveal, locale }));
  }
}
