import { DomainError, DomainErrorCode } from './domain-error';

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
