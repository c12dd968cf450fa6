import { InvalidCustidError, UndeliverableRecipientError } from '../errors';
import { ANONYMOUS_CUSTID } from '../secret/caller';
import { isDeliverableAddress } from '../secret/recipient';

export interface AccountProps {
  readonly custid: string;
  readonly tokenHash: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Mail the custid (an address) when one of its secrets is revealed, burned by policy or expires unread. */
  readonly notifyOnReveal: boolean;
  /** The language of mails about its secrets; null means the service's default. */
  readonly locale: string | null;
}

const MAX_CUSTID_LENGTH = 254;

/** An API user. The token itself is never kept, only its hash. */
export class Account {
  private constructor(private readonly props: AccountProps) {}

  static create(custid: string, tokenHash: string, now: Date): Account {
    Account.assertValidCustid(custid);
    return new Account({ custid, tokenHash, disabled: false, createdAt: now, updatedAt: now, notifyOnReveal: false, locale: null });
  }

  static restore(props: AccountProps): Account {
    return new Account({ ...props });
  }

  static isValidCustid(custid: string): boolean {
    try {
      Account.assertValidCustid(custid);
      return true;
    } catch {
      return false;
    }
  }

  /** A custid is the Basic-auth user name, so it cannot hold a colon, whitespace or control characters. */
  static assertValidCustid(custid: string): void {
    if (custid.length === 0) throw new InvalidCustidError('it is empty');
    if (custid.length > MAX_CUSTID_LENGTH) throw new InvalidCustidError(`it is longer than ${MAX_CUSTID_LENGTH} characters`);
    if (/[\s:\p{Cc}]/u.test(custid)) throw new InvalidCustidError('it contains a colon, whitespace or a control character');
    if (custid === ANONYMOUS_CUSTID) throw new InvalidCustidError(`"${ANONYMOUS_CUSTID}" is reserved`);
  }

  get custid(): string { return this.props.custid; }
  get tokenHash(): string { return this.props.tokenHash; }
  get disabled(): boolean { return this.props.disabled; }
  get createdAt(): Date { return this.props.createdAt; }
  get updatedAt(): Date { return this.props.updatedAt; }
  get notifyOnReveal(): boolean { return this.props.notifyOnReveal; }
  get locale(): string | null { return this.props.locale; }

  withToken(tokenHash: string, now: Date): Account {
    return new Account({ ...this.props, tokenHash, updatedAt: now });
  }

  withDisabled(disabled: boolean, now: Date): Account {
    return new Account({ ...this.props, disabled, updatedAt: now });
  }

  /** Notices go to the custid itself, so only an account named by an e-mail address can have them. */
  withRevealNotices(on: boolean, now: Date): Account {
    if (on && !isDeliverableAddress(this.props.custid)) {
      throw new UndeliverableRecipientError(
        this.props.custid,
        `Reveal notices are mailed to the account's name, and "${this.props.custid}" is not an e-mail address: only an account named by its owner's address can have them`,
      );
    }
    return new Account({ ...this.props, notifyOnReveal: on, updatedAt: now });
  }

  withLocale(locale: string | null, now: Date): Account {
    return new Account({ ...this.props, locale, updatedAt: now });
  }
}
