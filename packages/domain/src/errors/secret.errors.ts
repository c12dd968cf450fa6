import { DomainError, DomainErrorCode } from './domain-error';

/** Unknown, consumed, burned or expired key, a wrong passphrase, or someone else's metadata: one answer for all. */
export class UnknownSecretError extends DomainError {
  readonly code = DomainErrorCode.UnknownSecret;
  /** The key the caller asked with, if any. */
  constructor(readonly key?: string) {
    super('No such secret, or it is gone');
  }
}

export class EmptySecretError extends DomainError {
  readonly code = DomainErrorCode.EmptySecret;
  constructor() {
    super('The secret is empty');
  }
}

export class SecretTooLargeError extends DomainError {
  readonly code = DomainErrorCode.SecretTooLarge;
  constructor(readonly maxBytes: number) {
    super(`The secret is larger than ${maxBytes} bytes`);
  }
}

export class PassphraseTooLongError extends DomainError {
  readonly code = DomainErrorCode.PassphraseTooLong;
  constructor(readonly maxLength: number) {
    super(`The passphrase is longer than ${maxLength} characters`);
  }
}

export class RecipientRequiresAccountError extends DomainError {
  readonly code = DomainErrorCode.RecipientRequiresAccount;
  constructor() {
    super('Only an account may name recipients');
  }
}

export class UndeliverableRecipientError extends DomainError {
  readonly code = DomainErrorCode.UndeliverableRecipient;
  constructor(readonly address: string, message = 'A recipient address is not deliverable') {
    super(message);
  }
}

/** Too many mails from one account today, or to one address this hour: nothing is stored. */
export class MailLimitExceededError extends DomainError {
  readonly code = DomainErrorCode.MailLimitExceeded;
  constructor(readonly retryAfterSeconds: number) {
    super('The mail budget of this account or recipient is spent');
  }
}

/** The caller went away before a reveal was claimed, so the claim was not made: the value stays for whoever asks next. */
export class CallerGoneError extends DomainError {
  readonly code = DomainErrorCode.CallerGone;
  constructor() {
    super('The caller went away before the secret was claimed');
  }
}
