import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainErrorCode, isDomainError } from '@hush/domain';
import type { Response } from 'express';
import { describeForLog } from '../../observability/describe-error';
import { BodyBudgetExhaustedError, MalformedRequestError, RequestTooLargeError } from './request-errors';

/**
 * Errors outside the v1 API (health, docs, unknown paths): the real status with a small JSON
 * body. Health checks keep terminus' report; a path is never echoed (paths can hold keys).
 */
@Catch()
export class GenericExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const { status, body } = this.toResponse(exception);
    response.status(status).json(body);
  }

  private toResponse(exception: unknown): { status: number; body: unknown } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND || status === HttpStatus.METHOD_NOT_ALLOWED) return { status: 404, body: { message: 'Not Found' } };
      return { status, body: exception.getResponse() };
    }
    if (exception instanceof MalformedRequestError) return { status: 400, body: { message: exception.message } };
    if (exception instanceof RequestTooLargeError) return { status: 413, body: { message: exception.message } };
    if (exception instanceof BodyBudgetExhaustedError) return { status: 503, body: { message: exception.message } };
    if (isDomainError(exception) && exception.code === DomainErrorCode.StorageUnavailable) {
      return { status: 503, body: { message: 'Service temporarily unavailable' } };
    }
    this.logger.error(describeForLog(exception));
    return { status: 500, body: { message: 'An unexpected error occurred' } };
  }
}
