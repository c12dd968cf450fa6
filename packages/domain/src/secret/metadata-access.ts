import { NotAuthorizedError } from '../errors';
import { Caller } from './caller';
import { Secret } from './secret';

/** How a surface lets a caller reach a receipt. */
export interface ReceiptAccessOptions {
  /**
   * The metadata key alone opens a receipt that has no owner (an anonymous share), and an owned one
   * asks its account to sign in (NotAuthorizedError) instead of looking unknown. The pages work so.
   */
  readonly ownerlessByKey?: boolean;
}

/**
 * Who may read and burn a receipt. By default only the account that created it; in bearer mode
 * (the reference service's behaviour) whoever holds the metadata key.
 */
export class MetadataAccess {
  constructor(private readonly metadataKeyIsBearer: boolean) {}

  /** Anonymous callers are turned away before any lookup, unless the key alone may be enough. */
  assertMayAsk(caller: Caller, options: ReceiptAccessOptions = {}): void {
    if (!this.metadataKeyIsBearer && !options.ownerlessByKey && caller.kind !== 'account') throw new NotAuthorizedError();
  }

  mayManage(caller: Caller, secret: Secret, options: ReceiptAccessOptions = {}): boolean {
    if (this.metadataKeyIsBearer) return true;
    if (options.ownerlessByKey && secret.owner === null) return true;
    return caller.kind === 'account' && secret.isOwnedBy(caller.custid);
  }

  /** Whether a caller who may not manage this receipt should be asked to sign in rather than told it is unknown. */
  shouldSignIn(caller: Caller, secret: Secret, options: ReceiptAccessOptions = {}): boolean {
    return Boolean(options.ownerlessByKey) && caller.kind === 'anonymous' && secret.owner !== null;
  }
}
