import { DomainError, DomainErrorCode } from './domain-error';

/** Unknown, consumed, burned or expired key, a wrong passphrase, or someone else's metadata: one answer for all. */
export class UnknownSecretError extends DomainError {
  readonly code = DomainErrorCode.UnknownSecret;
  constructor(readonly key: string) {
    super('Unknown secret');
  }
}

export class EmptySecretError extends DomainError {
  readonly code = DomainErrorCode.EmptySecret;
  constructor() {
    super('You did not provide anything to share');
  }
}

export class SecretTooLargeError extends DomainError {
  readonly code = DomainErrorCode.SecretTooLarge;
  constructor(readonly maxBytes: number) {
    super(`Secret value exceeds the maximum size of ${maxBytes} bytes`);
  }
}

export class PassphraseTooLongError extends DomainError {
  readonly code = DomainErrorCode.PassphraseTooLong;
  constructor(readonly maxLength: number) {
    super(`Passphrase exceeds the maximum length of ${maxLength} characters`);
  }
}

export class RecipientRequiresAccountError extends DomainError {
  readonly code = DomainErrorCode.RecipientRequiresAccount;
  constructor() {
    super('An account is required to send emails.');
  }
}

export class UndeliverableRecipientError extends DomainError {
  readonly code = DomainErrorCode.UndeliverableRecipient;
  constructor(readonly address: string) {
    super(`Undeliverable email address: ${address}`);
  }
}
