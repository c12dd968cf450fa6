import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, SecretTooLargeError } from '@hush/domain';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { describeForLog } from '../../observability/describe-error';
import { MalformedRequestError, RequestTooLargeError } from './request-errors';

export const INTENDED_STATUS_HEADER = 'X-OTS-Intended-Status';
export const RATE_LIMITED_MESSAGE = 'Rate limit exceeded. Please try again later.';
const UNEXPECTED_MESSAGE = 'An unexpected error occurred';

interface WireError {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const wire = (status: number, message: string, extra: Record<string, unknown> = {}): WireError => ({ status, body: { message, ...extra } });

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped domain error code: ${String(code)}`);
}

function fromDomainError(error: DomainError): WireError {
  const code = error.code;
  switch (code) {
    case DomainErrorCode.UnknownSecret:
      return wire(404, error.message, { secret_key: (error as DomainError & { key: string }).key });
    case DomainErrorCode.NotAuthorized:
      return wire(401, error.message);
    case DomainErrorCode.EmptySecret:
    case DomainErrorCode.PassphraseTooLong:
    case DomainErrorCode.RecipientRequiresAccount:
    case DomainErrorCode.UndeliverableRecipient:
    case DomainErrorCode.InvalidCustid:
    case DomainErrorCode.AccountExists:
      return wire(400, error.message);
    case DomainErrorCode.AccountNotFound:
      return wire(404, error.message);
    case DomainErrorCode.SecretTooLarge:
      return wire(413, error.message);
    case DomainErrorCode.StorageUnavailable:
      return wire(503, error.message);
    default:
      return assertUnreachable(code);
  }
}

function fromHttpException(error: HttpException): WireError {
  const status = error.getStatus();
  if (status === HttpStatus.NOT_FOUND || status === HttpStatus.METHOD_NOT_ALLOWED) return wire(404, 'Not Found');
  if (status === HttpStatus.TOO_MANY_REQUESTS) return wire(429, RATE_LIMITED_MESSAGE);
  if (status === HttpStatus.UNAUTHORIZED || status === HttpStatus.FORBIDDEN) return wire(401, 'Not authorized');
  if (status >= 400 && status < 500) return wire(400, 'Invalid request');
  return wire(500, UNEXPECTED_MESSAGE);
}

function isOutsideV1(host: ArgumentsHost): boolean {
  return !host.switchToHttp().getRequest<Request>().path.startsWith('/api/v1');
}

/**
 * The one place errors become wire responses (spec §1, §8): HTTP 404 with `{"message": …}` and the
 * intended status in X-OTS-Intended-Status, or the intended status itself in strict mode.
 */
@Catch()
export class V1ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly config: Pick<AppConfig, 'strictStatus' | 'policy'>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof HttpException && isOutsideV1(host) && exception.getStatus() !== HttpStatus.NOT_FOUND) {
      // Health checks and the like keep their own status and body (terminus answers 503 with its report).
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const { status, body } = this.toWire(exception);
    response
      .status(this.config.strictStatus ? status : HttpStatus.NOT_FOUND)
      .setHeader(INTENDED_STATUS_HEADER, String(status))
      .json(body);
  }

  private toWire(exception: unknown): WireError {
    if (exception instanceof DomainError) return fromDomainError(exception);
    if (exception instanceof MalformedRequestError) return wire(400, exception.message);
    if (exception instanceof RequestTooLargeError) return wire(413, new SecretTooLargeError(this.config.policy.secretMaxBytes).message);
    if (exception instanceof HttpException) return fromHttpException(exception);
    this.logger.error(describeForLog(exception));
    return wire(500, UNEXPECTED_MESSAGE);
  }
}
