export interface MailAdmission {
  readonly admitted: boolean;
  /** Seconds until the exhausted budget starts again (0 when admitted). */
  readonly retryAfterSeconds: number;
}

/** Budgets against harassment (NOTIFICATIONS.md §1): mails per account per day, per recipient per hour. */
export interface MailQuota {
  /** Counts one mail from `custid` to `address`; not admitted when either budget is spent. */
  admit(custid: string, address: string): Promise<MailAdmission>;
}
