const HOUR = 3_600;
const DAY = 86_400;

/** NOTIFICATIONS.md §1; a limit of 0 is off. */
export interface MailQuotaLimits {
  readonly perAccountPerDay: number;
  readonly perRecipientPerHour: number;
}

export interface MailBudget {
  /** Names what is counted: an account, a mailbox, or one account's mail to one mailbox. */
  readonly key: string;
  readonly seconds: number;
  readonly limit: number;
}

/** What one account may spend of a mailbox's hourly budget: half, rounded up, so one sender never leaves the others nothing. */
export function senderShareOf(perRecipientPerHour: number): number {
  return Math.ceil(perRecipientPerHour / 2);
}

/** The budgets one mail from `custid` to `mailbox` (a mailboxKey) spends; every one must admit it. */
export function mailBudgets(limits: MailQuotaLimits, custid: string, mailbox: string): MailBudget[] {
  const budgets: MailBudget[] = [
    { key: `account:${custid}`, seconds: DAY, limit: limits.perAccountPerDay },
    { key: `recipient:${mailbox}`, seconds: HOUR, limit: limits.perRecipientPerHour },
    { key: `sender-recipient:${JSON.stringify([custid, mailbox])}`, seconds: HOUR, limit: senderShareOf(limits.perRecipientPerHour) },
  ];
  return budgets.filter((budget) => budget.limit > 0);
}
