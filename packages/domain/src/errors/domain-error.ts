export const DomainErrorCode = {
  UnknownSecret: 'UNKNOWN_SECRET',
  NotAuthorized: 'NOT_AUTHORIZED',
  EmptySecret: 'EMPTY_SECRET',
  SecretTooLarge: 'SECRET_TOO_LARGE',
  PassphraseTooLong: 'PASSPHRASE_TOO_LONG',
  RecipientRequiresAccount: 'RECIPIENT_REQUIRES_ACCOUNT',
  UndeliverableRecipient: 'UNDELIVERABLE_RECIPIENT',
  MailLimitExceeded: 'MAIL_LIMIT_EXCEEDED',
  InvalidCustid: 'INVALID_CUSTID',
  AccountExists: 'ACCOUNT_EXISTS',
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  AccountDisabled: 'ACCOUNT_DISABLED',
  SignInNotAllowed: 'SIGNIN_NOT_ALLOWED',
  StorageUnavailable: 'STORAGE_UNAVAILABLE',
  CallerGone: 'CALLER_GONE',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/**
 * Base of every error the core raises. Adapters decide what to say by `code` and the error's data;
 * `message` is an English description for logs and operators, not a text of any wire protocol.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
