import { NotAuthorizedError } from '../errors';
import { Caller } from './caller';
import { Secret } from './secret';

/**
 * Who may read and burn a receipt. By default only the account that created it; in bearer mode
 * (the reference service's behaviour) whoever holds the metadata key.
 */
export class MetadataAccess {
  constructor(private readonly metadataKeyIsBearer: boolean) {}

  /** Anonymous callers are turned away before any lookup, unless the key alone is enough. */
  assertMayAsk(caller: Caller): void {
    if (!this.metadataKeyIsBearer && caller.kind !== 'account') throw new NotAuthorizedError();
  }

  mayManage(caller: Caller, secret: Secret): boolean {
    if (this.metadataKeyIsBearer) return true;
    return caller.kind === 'account' && secret.isOwnedBy(caller.custid);
  }
}
