import {
  AccountDisabledError, AccountExistsError, AccountNotFoundError, InvalidCustidError, NotAuthorizedError, SignInNotAllowedError,
} from './account.errors';
import { DomainError, DomainErrorCode } from './domain-error';
import {
  CallerGoneError, EmptySecretError, MailLimitExceededError, PassphraseTooLongError, RecipientRequiresAccountError, SecretTooLargeError, UndeliverableRecipientError, UnknownSecretError,
} from './secret.errors';
import { StorageUnavailableError } from './storage-unavailable.error';

/** Every error the core raises, so a `switch` on `code` narrows to the class and its data. */
export type AnyDomainError =
  | UnknownSecretError
  | NotAuthorizedError
  | EmptySecretError
  | SecretTooLargeError
  | PassphraseTooLongError
  | RecipientRequiresAccountError
  | UndeliverableRecipientError
  | MailLimitExceededError
  | InvalidCustidError
  | AccountExistsError
  | AccountNotFoundError
  | AccountDisabledError
  | SignInNotAllowedError
  | StorageUnavailableError
  | CallerGoneError;

type Unlisted = Exclude<DomainErrorCode, AnyDomainError['code']>;
/** Fails to compile when a code has no class in AnyDomainError. */
export const EVERY_CODE_HAS_A_CLASS: [Unlisted] extends [never] ? true : Unlisted = true;

export function isDomainError(error: unknown): error is AnyDomainError {
  return error instanceof DomainError;
}
