import { MailAdmission, MailQuota } from '../ports';

/** Counts every admission; refuses once `limit` mails were admitted to one account or address. */
export class InMemoryMailQuota implements MailQuota {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit = 3) {}

  async admit(custid: string, address: string): Promise<MailAdmission> {
    const keys = [`account:${custid}`, `recipient:${address.toLowerCase()}`];
    const hits = keys.map((key) => {
      const count = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, count);
      return count;
    });
    const admitted = hits.every((count) => count <= this.limit);
    return { admitted, retryAfterSeconds: admitted ? 0 : 3600 };
  }
}
