import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type AnyDomainError, DomainErrorCode, isDomainError } from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { BodyBudgetExhaustedError, MalformedRequestError, RequestTooLargeError } from '../http/errors/request-errors';
import { describeForLog } from '../observability/describe-error';
import { RateLimitedError } from '../rate-limit/rate-limited.error';
import { CrossSiteRequestError } from './cross-site.guard';
import type { MessageKey } from './i18n/catalogue';
import { PageContext } from './page-context';
import type { PageRenderer } from './page-renderer';
import { receiptPathOf } from './receipt-path';

interface ErrorPage {
  readonly status: number;
  /** `error.N` names the title and body messages; the uniform page has its own. */
  readonly messages: 'unavailable' | 'error.busy' | `error.${400 | 401 | 403 | 404 | 413 | 429 | 500 | 503}`;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly headers?: Readonly<Record<string, string>>;
}

const SIGN_IN = { 'WWW-Authenticate': 'Basic realm="Hush", charset="UTF-8"' };
const page = (status: ErrorPage['status'], extra: Omit<ErrorPage, 'status' | 'messages'> = {}): ErrorPage => ({
  status,
  messages: `error.${status}` as ErrorPage['messages'],
  ...extra,
});

/**
 * Errors of the pages (PAGES.md §3): every failure about a secret is the one uniform 404 page; every
 * other error a page of its own in the visitor's language; never JSON, never a stack trace.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly renderer: PageRenderer,
    private readonly config: Pick<AppConfig, 'web' | 'publicUrl' | 'policy' | 'brand'>,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const request = http.getRequest<Request>();
    const error = this.toPage(exception);
    try {
      this.render(request, response, error);
    } catch (failure) {
      // Never Express's own error page (it shows a stack trace): a bare answer with the right status.
      this.logger.error(describeForLog(failure));
      if (!response.headersSent) response.status(error.status).type('text/plain; charset=utf-8').send(String(error.status));
    }
  }

  private render(request: Request, response: Response, error: ErrorPage): void {
    const context = PageContext.of(request, this.config);
    this.renderer.send(response, context, 'message', {
      status: error.status,
      title: `${error.messages}.title` as MessageKey,
      // Every page path is safe to GET (none changes anything); a burn's is its receipt's.
      switchPath: receiptPathOf(request.path),
      headers: error.headers,
      data: { message: context.t(`${error.messages}.body` as MessageKey, error.params) },
    });
  }

  private toPage(exception: unknown): ErrorPage {
    if (isDomainError(exception)) return this.fromDomainError(exception);
    if (exception instanceof RateLimitedError) {
      return page(429, { params: { seconds: exception.retryAfterSeconds }, headers: { 'Retry-After': String(exception.retryAfterSeconds) } });
    }
    if (exception instanceof CrossSiteRequestError) return page(403);
    if (exception instanceof RequestTooLargeError) return page(413, { params: { max: this.config.policy.secretMaxBytes } });
    if (exception instanceof MalformedRequestError) return page(400);
    if (exception instanceof BodyBudgetExhaustedError) return { status: 503, messages: 'error.busy', headers: { 'Retry-After': '1' } };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND || status === HttpStatus.METHOD_NOT_ALLOWED) return page(404);
      if (status >= 400 && status < 500) return page(400);
    }
    this.logger.error(describeForLog(exception));
    return page(500);
  }

  private fromDomainError(error: AnyDomainError): ErrorPage {
    switch (error.code) {
      case DomainErrorCode.UnknownSecret:
        return { status: 404, messages: 'unavailable' };
      case DomainErrorCode.NotAuthorized:
        return page(401, { headers: SIGN_IN });
      case DomainErrorCode.SecretTooLarge:
        return page(413, { params: { max: error.maxBytes } });
      case DomainErrorCode.StorageUnavailable:
        return page(503);
      case DomainErrorCode.MailLimitExceeded:
        return page(429, { params: { seconds: error.retryAfterSeconds }, headers: { 'Retry-After': String(error.retryAfterSeconds) } });
      case DomainErrorCode.CallerGone:
        // Nobody is left to read it; the access log records the request as closed by the client.
        return { status: 499, messages: 'error.500' };
      // Like NotAuthorized until the sign-in surface answers these with its own page.
      case DomainErrorCode.AccountDisabled:
      case DomainErrorCode.SignInNotAllowed:
        return page(401, { headers: SIGN_IN });
      case DomainErrorCode.EmptySecret:
      case DomainErrorCode.PassphraseTooLong:
      case DomainErrorCode.RecipientRequiresAccount:
      case DomainErrorCode.UndeliverableRecipient:
      case DomainErrorCode.InvalidCustid:
      case DomainErrorCode.AccountExists:
      case DomainErrorCode.AccountNotFound:
        return page(400);
      default:
        return assertUnreachable(error);
    }
  }
}

function assertUnreachable(error: never): never {
  throw new Error(`Unmapped domain error: ${String(error)}`);
}
