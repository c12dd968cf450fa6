import { MailAdmission, MailQuota } from '../ports';
import { mailBudgets, MailQuotaLimits } from '../secret/mail-budget';

/** The same budgets as PostgreSQL's, in one window that never ends; a number sets both limits. */
export class InMemoryMailQuota implements MailQuota {
  private readonly counts = new Map<string, number>();
  private readonly limits: MailQuotaLimits;

  constructor(limits: MailQuotaLimits | number = 3) {
    this.limits = typeof limits === 'number' ? { perAccountPerDay: limits, perRecipientPerHour: limits } : limits;
  }

  admit(custid: string, mailbox: string): Promise<MailAdmission> {
    const budgets = mailBudgets(this.limits, custid, mailbox);
    const spent = budgets.filter((budget) => (this.counts.get(budget.key) ?? 0) >= budget.limit);
    if (spent.length > 0) return Promise.resolve({ admitted: false, retryAfterSeconds: Math.max(...spent.map((budget) => budget.seconds)) });
    for (const { key } of budgets) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return Promise.resolve({ admitted: true, retryAfterSeconds: 0 });
  }
}
