import { AccountAuditRecord, AuditEntry, AuditQuery, AuditTrail } from '../ports';

/** Audit entries in an array: account events as recorded; secrets' are added by the test, standing in for writes' ChangeRecords. */
export class InMemoryAuditTrail implements AuditTrail {
  readonly entries: (AuditEntry & { readonly metadataExpiresAt: Date })[] = [];
  private recorded = 0;

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    return this.entries
      .filter((entry) => query.custid === undefined || entry.custid === query.custid || entry.owner === query.custid)
      .filter((entry) => query.secretRef === undefined || entry.secretRef === query.secretRef)
      .filter((entry) => query.since === undefined || entry.at >= query.since)
      .slice(0, query.limit);
  }

  async record(entry: AccountAuditRecord): Promise<void> {
    this.recorded += 1;
    this.entries.push({
      eventId: `00000000-0000-4000-8000-${this.recorded.toString(16).padStart(12, '0')}`,
      at: entry.at,
      event: entry.event,
      custid: entry.custid,
      owner: entry.custid,
      secretRef: null,
      clientAddress: entry.origin.clientAddress,
      userAgent: entry.origin.userAgent,
      reason: entry.reason ?? null,
      metadataExpiresAt: entry.at,
    });
  }

  async deleteExpired(before: Date, limit: number): Promise<number> {
    const old = this.entries.filter((entry) => entry.metadataExpiresAt < before).slice(0, limit);
    for (const entry of old) this.entries.splice(this.entries.indexOf(entry), 1);
    return old.length;
  }
}
