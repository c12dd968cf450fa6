import { DomainError, DomainErrorCode } from './domain-error';

/** Raised by storage adapters when the database cannot be reached or does not answer in time; callers may retry later. */
export class StorageUnavailableError extends DomainError {
  readonly code = DomainErrorCode.StorageUnavailable;
  constructor() {
    super('The database cannot be reached or did not answer in time');
  }
}
