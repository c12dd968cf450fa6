import { DomainError, DomainErrorCode } from './domain-error';
import type { SignInRefusal } from '../account/sign-in-policy';

export class NotAuthorizedError extends DomainError {
  readonly code = DomainErrorCode.NotAuthorized;
  constructor() {
    super('Not authorized');
  }
}

export class InvalidCustidError extends DomainError {
  readonly code = DomainErrorCode.InvalidCustid;
  constructor(readonly reason: string) {
    super(`Invalid customer id: ${reason}`);
  }
}

export class AccountExistsError extends DomainError {
  readonly code = DomainErrorCode.AccountExists;
  constructor(readonly custid: string) {
    super(`Account already exists: ${custid}`);
  }
}

export class AccountNotFoundError extends DomainError {
  readonly code = DomainErrorCode.AccountNotFound;
  constructor(readonly custid: string) {
    super(`No such account: ${custid}`);
  }
}

/** A disabled account cannot sign in by any route. */
export class AccountDisabledError extends DomainError {
  readonly code = DomainErrorCode.AccountDisabled;
  constructor(readonly custid: string) {
    super(`The account is disabled: ${custid}`);
  }
}

/** The identity provider vouched for this person, but the sign-in rules (ACCOUNTS.md §3) keep them out; nothing was created. */
export class SignInNotAllowedError extends DomainError {
  readonly code = DomainErrorCode.SignInNotAllowed;
  constructor(readonly reason: SignInRefusal) {
    super(`This account may not sign in here: ${reason}`);
  }
}
