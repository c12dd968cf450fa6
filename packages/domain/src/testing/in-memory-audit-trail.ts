import { AuditEntry, AuditQuery, AuditTrail } from '../ports';

/** Audit entries in an array; `entries` are added by the test, standing in for writes' ChangeRecords. */
export class InMemoryAuditTrail implements AuditTrail {
  readonly entries: (AuditEntry & { readonly metadataExpiresAt: Date })[] = [];

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    return this.entries
      .filter((entry) => query.custid === undefined || entry.custid === query.custid || entry.owner === query.custid)
      .filter((entry) => query.secretRef === undefined || entry.secretRef === query.secretRef)
      .filter((entry) => query.since === undefined || entry.at >= query.since)
      .slice(0, query.limit);
  }

  async deleteExpired(before: Date, limit: number): Promise<number> {
    const old = this.entries.filter((entry) => entry.metadataExpiresAt < before).slice(0, limit);
    for (const entry of old) this.entries.splice(this.entries.indexOf(entry), 1);
    return old.length;
  }
}
