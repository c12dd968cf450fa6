import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type AnyDomainError, DomainErrorCode, isDomainError } from '@hush/domain';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { describeForLog } from '../observability/describe-error';
import { RateLimitedError } from '../rate-limit/rate-limited.error';
import { BodyBudgetExhaustedError, MalformedRequestError, RequestTooLargeError } from '../http/errors/request-errors';
import { INTENDED_STATUS_HEADER } from '../http/intended-status';

const RATE_LIMITED_MESSAGE = 'Rate limit exceeded. Please try again later.';
const UNEXPECTED_MESSAGE = 'An unexpected error occurred';

interface WireError {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

const wire = (status: number, message: string, extra: Record<string, unknown> = {}): WireError => ({ status, body: { message, ...extra } });
const secretTooLarge = (maxBytes: number) => wire(413, `Secret value exceeds the maximum size of ${maxBytes} bytes`);

function assertUnreachable(error: never): never {
  throw new Error(`Unmapped domain error: ${String(error)}`);
}

/** The v1 texts of spec §8, one per domain error code; the compiler fails when a code is added and not mapped. */
function fromDomainError(error: AnyDomainError): WireError {
  switch (error.code) {
    case DomainErrorCode.UnknownSecret:
      return wire(404, 'Unknown secret', { secret_key: error.key });
    case DomainErrorCode.NotAuthorized:
      return wire(401, 'Not authorized');
    case DomainErrorCode.EmptySecret:
      return wire(400, 'You did not provide anything to share');
    case DomainErrorCode.SecretTooLarge:
      return secretTooLarge(error.maxBytes);
    case DomainErrorCode.PassphraseTooLong:
      return wire(400, `Passphrase exceeds the maximum length of ${error.maxLength} characters`);
    case DomainErrorCode.RecipientRequiresAccount:
      return wire(400, 'An account is required to send emails.');
    case DomainErrorCode.UndeliverableRecipient:
      return wire(400, `Undeliverable email address: ${error.address}`);
    case DomainErrorCode.MailLimitExceeded:
      return { ...wire(429, RATE_LIMITED_MESSAGE), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
    case DomainErrorCode.InvalidCustid:
      return wire(400, `Invalid customer id: ${error.reason}`);
    case DomainErrorCode.AccountExists:
      return wire(400, `Account already exists: ${error.custid}`);
    case DomainErrorCode.AccountNotFound:
      return wire(404, `No such account: ${error.custid}`);
    case DomainErrorCode.AccountDisabled:
    case DomainErrorCode.SignInNotAllowed:
      return wire(401, 'Not authorized');
    case DomainErrorCode.StorageUnavailable:
      return wire(503, 'Service temporarily unavailable');
    case DomainErrorCode.CallerGone:
      // Never delivered (the connection is closed); nginx's 499 names the case wherever it is recorded.
      return wire(499, 'Client closed request');
    default:
      return assertUnreachable(error);
  }
}

function fromHttpException(error: HttpException): WireError {
  const status = error.getStatus();
  if (status === HttpStatus.NOT_FOUND || status === HttpStatus.METHOD_NOT_ALLOWED) return wire(404, 'Not Found');
  if (status === HttpStatus.UNAUTHORIZED || status === HttpStatus.FORBIDDEN) return wire(401, 'Not authorized');
  if (status >= 400 && status < 500) return wire(400, 'Invalid request');
  return wire(500, UNEXPECTED_MESSAGE);
}

/**
 * Errors of the v1 API (spec §1, §8), for requests under /api/v1: HTTP 404 with `{"message": …}` and
 * the intended status in X-OTS-Intended-Status, or the intended status itself in strict mode.
 */
@Catch()
export class V1ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly config: Pick<AppConfig, 'strictStatus' | 'policy'>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const { status, body, headers = {} } = this.toWire(exception);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response
      .status(this.config.strictStatus ? status : HttpStatus.NOT_FOUND)
      .setHeader(INTENDED_STATUS_HEADER, String(status))
      .json(body);
  }

  private toWire(exception: unknown): WireError {
    if (isDomainError(exception)) return fromDomainError(exception);
    if (exception instanceof RateLimitedError) return { ...wire(429, RATE_LIMITED_MESSAGE), headers: { 'Retry-After': String(exception.retryAfterSeconds) } };
    if (exception instanceof MalformedRequestError) return wire(400, exception.message);
    if (exception instanceof RequestTooLargeError) {
      return exception.carriesSecret ? secretTooLarge(this.config.policy.secretMaxBytes) : wire(413, `Request body exceeds the maximum size of ${exception.maxBytes} bytes`);
    }
    if (exception instanceof BodyBudgetExhaustedError) return { ...wire(503, 'Service temporarily unavailable'), headers: { 'Retry-After': '1' } };
    if (exception instanceof HttpException) return fromHttpException(exception);
    this.logger.error(describeForLog(exception));
    return wire(500, UNEXPECTED_MESSAGE);
  }
}
