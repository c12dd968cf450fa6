import { AccountEventType } from '../account/account-event';
import { AccountNotFoundError } from '../errors';
import { AccountRepository, AuditTrail, Clock, IdentityRepository, NO_SECRET_EVENTS, SecretEvents, SecretRepository, SessionStore } from '../ports';
import { NO_ORIGIN, RequestOrigin, SecretEventType } from '../secret/secret-event';

export interface DeleteAccountInput {
  readonly custid: string;
  readonly origin?: RequestOrigin;
}

export interface DeletedAccount {
  /** Secrets of the account still unread, burned so that no link of theirs opens any more. */
  readonly burned: number;
  readonly sessionsEnded: number;
  readonly identitiesUnlinked: number;
}

const PAGE = 500;

/**
 * Removes an account (`account delete <custid>`): it is disabled first, so it creates nothing more; its unread
 * secrets are burned (each with its `secret.burned` row, reason `account_deleted`), its sessions ended, its
 * provider identities unlinked, and the account row deleted. The audit trail is history and stays, with
 * `account.deleted` added. Run again after a failure, it finishes the job.
 */
export class DeleteAccount {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretRepository,
    private readonly sessions: SessionStore,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
  ) {}

  async execute(input: DeleteAccountInput): Promise<DeletedAccount> {
    const account = await this.accounts.findByCustid(input.custid);
    if (!account) throw new AccountNotFoundError(input.custid);
    const origin = input.origin ?? NO_ORIGIN;
    if (!account.disabled) await this.accounts.save(account.withDisabled(true, this.clock.now()));
    const burned = await this.burnUnread(account.custid, origin);
    const sessionsEnded = await this.sessions.deleteByAccount(account.custid);
    const identitiesUnlinked = await this.identities.deleteByAccount(account.custid);
    await this.accounts.delete(account.custid);
    await this.audit.record({ event: AccountEventType.Deleted, at: this.clock.now(), custid: account.custid, origin, reason: `burned=${burned}` });
    return { burned, sessionsEnded, identitiesUnlinked };
  }

  /** Passes over the account's receipts until one finds nothing left to burn (a recipient's concurrent open wins its race). */
  private async burnUnread(owner: string, origin: RequestOrigin): Promise<number> {
    let burned = 0;
    for (let found = true; found; ) {
      found = false;
      const now = this.clock.now();
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.secrets.listByOwner(owner, now, PAGE, offset);
        for (const secret of page.filter((candidate) => candidate.isRevealableAt(now))) {
          found = true;
          if (await this.secrets.commit(secret.burn(now), { events: [SecretEventType.Burned], actor: owner, origin, reason: 'account_deleted' })) {
            burned += 1;
            this.events.burned();
          }
        }
        if (page.length < PAGE) break;
      }
    }
    return burned;
  }
}
