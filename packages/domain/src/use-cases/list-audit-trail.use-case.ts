import { AuditEntry, AuditQuery, AuditTrail } from '../ports';

export const AUDIT_LIST_DEFAULT_LIMIT = 1000;

/** The audit trail, oldest first, filtered by account, secret and time (`audit list`). */
export class ListAuditTrail {
  constructor(private readonly audit: AuditTrail) {}

  execute(query: Partial<AuditQuery>): Promise<AuditEntry[]> {
    return this.audit.list({ ...query, limit: query.limit ?? AUDIT_LIST_DEFAULT_LIMIT });
  }
}
