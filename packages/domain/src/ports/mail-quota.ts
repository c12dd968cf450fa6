export interface MailAdmission {
  readonly admitted: boolean;
  /** Seconds until the exhausted budget starts again (0 when admitted). */
  readonly retryAfterSeconds: number;
}

/** Budgets against harassment (NOTIFICATIONS.md §1): the mailBudgets of each mail. */
export interface MailQuota {
  /** Counts one mail from `custid` to `mailbox` (a mailboxKey); not admitted, and counted nowhere, when any budget is spent. */
  admit(custid: string, mailbox: string): Promise<MailAdmission>;
}
