import { ArgumentsHost, BadRequestException, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import {
  AccountDisabledError, AccountExistsError, AccountNotFoundError, CallerGoneError, DomainError, DomainErrorCode, EmptySecretError, InvalidCustidError, MailLimitExceededError, NotAuthorizedError,
  PassphraseTooLongError, RecipientRequiresAccountError, SecretTooLargeError, SignInNotAllowedError, StorageUnavailableError, UndeliverableRecipientError,
  UnknownSecretError,
} from '@hush/domain';
import { RateLimitedError } from '../rate-limit/rate-limited.error';
import { GenericExceptionFilter } from '../http/errors/generic-exception.filter';
import { BodyBudgetExhaustedError, MalformedRequestError, RequestTooLargeError } from '../http/errors/request-errors';
import { ScopedExceptionFilter } from '../http/errors/scoped-exception.filter';
import { INTENDED_STATUS_HEADER } from '../http/intended-status';
import { V1ExceptionFilter } from './v1-exception.filter';

interface Sent {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Just enough of an express Request, Response and ArgumentsHost for the filter. */
function fakeHost(headersSent = false, path = '/api/v1/share'): { host: ArgumentsHost; sent: Sent } {
  const sent: Sent = { headers: {} };
  const response = {
    headersSent,
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  const request = { method: 'POST', path, url: path, headers: {} };
  const http = { getResponse: () => response, getRequest: () => request, getNext: () => () => undefined };
  const host = { switchToHttp: () => http, getType: () => 'http', getArgs: () => [], getArgByIndex: () => undefined } as unknown as ArgumentsHost;
  return { host, sent };
}

const policy = { ttlDefault: 604_800, ttlMin: 60, ttlMaxAnonymous: 604_800, ttlMaxAccount: 2_592_000, maxPassphraseAttempts: 5, secretMaxBytes: 100_000 };

function send(exception: unknown, strictStatus = false): Sent {
  const { host, sent } = fakeHost();
  new V1ExceptionFilter({ strictStatus, policy }).catch(exception, host);
  return sent;
}

/** Spec §8: one example of every domain error, with the message and intended status it must produce. */
const DOMAIN_ERRORS: Record<DomainErrorCode, { error: DomainError; intended: number; body: Record<string, unknown> }> = {
  [DomainErrorCode.UnknownSecret]: {
    error: new UnknownSecretError('abc123'),
    intended: 404,
    body: { message: 'Unknown secret', secret_key: 'abc123' },
  },
  [DomainErrorCode.NotAuthorized]: { error: new NotAuthorizedError(), intended: 401, body: { message: 'Not authorized' } },
  [DomainErrorCode.AccountDisabled]: { error: new AccountDisabledError('a@example.com'), intended: 401, body: { message: 'Not authorized' } },
  [DomainErrorCode.SignInNotAllowed]: { error: new SignInNotAllowedError('group'), intended: 401, body: { message: 'Not authorized' } },
  [DomainErrorCode.EmptySecret]: { error: new EmptySecretError(), intended: 400, body: { message: 'You did not provide anything to share' } },
  [DomainErrorCode.SecretTooLarge]: {
    error: new SecretTooLargeError(100_000),
    intended: 413,
    body: { message: 'Secret value exceeds the maximum size of 100000 bytes' },
  },
  [DomainErrorCode.PassphraseTooLong]: {
    error: new PassphraseTooLongError(128),
    intended: 400,
    body: { message: 'Passphrase exceeds the maximum length of 128 characters' },
  },
  [DomainErrorCode.MailLimitExceeded]: {
    error: new MailLimitExceededError(1800),
    intended: 429,
    body: { message: 'Rate limit exceeded. Please try again later.' },
  },
  [DomainErrorCode.RecipientRequiresAccount]: {
    error: new RecipientRequiresAccountError(),
    intended: 400,
    body: { message: 'An account is required to send emails.' },
  },
  [DomainErrorCode.UndeliverableRecipient]: {
    error: new UndeliverableRecipientError('nope'),
    intended: 400,
    body: { message: 'Undeliverable email address: nope' },
  },
  [DomainErrorCode.InvalidCustid]: { error: new InvalidCustidError('it is empty'), intended: 400, body: { message: 'Invalid customer id: it is empty' } },
  [DomainErrorCode.AccountExists]: { error: new AccountExistsError('a@b.co'), intended: 400, body: { message: 'Account already exists: a@b.co' } },
  [DomainErrorCode.AccountNotFound]: { error: new AccountNotFoundError('a@b.co'), intended: 404, body: { message: 'No such account: a@b.co' } },
  [DomainErrorCode.StorageUnavailable]: { error: new StorageUnavailableError(), intended: 503, body: { message: 'Service temporarily unavailable' } },
  [DomainErrorCode.CallerGone]: { error: new CallerGoneError(), intended: 499, body: { message: 'Client closed request' } },
};

describe('V1ExceptionFilter (spec §1, §8)', () => {
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('knows an example of every DomainErrorCode', () => {
    expect(Object.keys(DOMAIN_ERRORS).sort()).toEqual([...Object.values(DomainErrorCode)].sort());
    for (const [code, { error }] of Object.entries(DOMAIN_ERRORS)) expect(error.code).toBe(code);
  });

  describe.each(Object.entries(DOMAIN_ERRORS))('%s', (_code, { error, intended, body }) => {
    it(`answers 404 with intended ${intended}`, () => {
      const sent = send(error);
      expect(sent.status).toBe(404);
      expect(sent.headers[INTENDED_STATUS_HEADER.toLowerCase()]).toBe(String(intended));
      expect(sent.body).toEqual(body);
    });

    it(`answers ${intended} itself in strict-status mode`, () => {
      const sent = send(error, true);
      expect(sent.status).toBe(intended);
      expect(sent.headers[INTENDED_STATUS_HEADER.toLowerCase()]).toBe(String(intended));
      expect(sent.body).toEqual(body);
    });

    it('is expected, so it is not logged as an error', () => {
      send(error);
      expect(logged).not.toHaveBeenCalled();
    });
  });

  it('the header is named X-OTS-Intended-Status', () => {
    expect(INTENDED_STATUS_HEADER.toLowerCase()).toBe('x-ots-intended-status');
  });

  describe('rate limiting (RateLimitedError)', () => {
    it('maps to "Rate limit exceeded. Please try again later." with intended 429 and Retry-After', () => {
      const sent = send(new RateLimitedError(17));
      expect(sent).toEqual({ status: 404, headers: { 'x-ots-intended-status': '429', 'retry-after': '17' }, body: { message: 'Rate limit exceeded. Please try again later.' } });
    });

    it('answers 429 itself in strict-status mode', () => {
      const sent = send(new RateLimitedError(60), true);
      expect(sent).toEqual({ status: 429, headers: { 'x-ots-intended-status': '429', 'retry-after': '60' }, body: { message: 'Rate limit exceeded. Please try again later.' } });
    });
  });

  describe('other HttpExceptions', () => {
    it.each([
      ['404 Not Found', 404, 'Not Found', new NotFoundException('Cannot GET /api/v1/nope')],
      ['405 Method Not Allowed', 404, 'Not Found', new HttpException('x', HttpStatus.METHOD_NOT_ALLOWED)],
      ['401 Unauthorized', 401, 'Not authorized', new HttpException('x', HttpStatus.UNAUTHORIZED)],
      ['403 Forbidden', 401, 'Not authorized', new HttpException('x', HttpStatus.FORBIDDEN)],
      ['400 Bad Request', 400, 'Invalid request', new BadRequestException('details that stay private')],
      ['500 Internal Server Error', 500, 'An unexpected error occurred', new HttpException('boom', HttpStatus.INTERNAL_SERVER_ERROR)],
    ])('%s -> intended %i "%s"', (_name, intended, message, exception) => {
      const sent = send(exception);
      expect(sent).toEqual({ status: 404, headers: { 'x-ots-intended-status': String(intended) }, body: { message } });
    });
  });

  describe('transport errors', () => {
    it('a malformed request is intended 400 with its own message', () => {
      expect(send(new MalformedRequestError('Invalid value for parameter: secret'))).toEqual({
        status: 404,
        headers: { 'x-ots-intended-status': '400' },
        body: { message: 'Invalid value for parameter: secret' },
      });
    });

    it('a body too large is intended 413 with the configured maximum', () => {
      expect(send(new RequestTooLargeError(364_000, true), true)).toEqual({
        status: 413,
        headers: { 'x-ots-intended-status': '413' },
        body: { message: 'Secret value exceeds the maximum size of 100000 bytes' },
      });
    });

    it('a parameters body too large is intended 413 naming the body\'s maximum', () => {
      expect(send(new RequestTooLargeError(16_384, false))).toEqual({
        status: 404,
        headers: { 'x-ots-intended-status': '413' },
        body: { message: 'Request body exceeds the maximum size of 16384 bytes' },
      });
    });

    it('a body past the memory budget is intended 503, with Retry-After', () => {
      expect(send(new BodyBudgetExhaustedError(), true)).toEqual({
        status: 503,
        headers: { 'x-ots-intended-status': '503', 'retry-after': '1' },
        body: { message: 'Service temporarily unavailable' },
      });
    });
  });

  describe('anything unexpected', () => {
    it('is intended 500 "An unexpected error occurred", without details in the body', () => {
      const error = new TypeError('Cannot read properties of undefined (reading "value") with "hunter2"');
      const sent = send(error);
      expect(sent).toEqual({ status: 404, headers: { 'x-ots-intended-status': '500' }, body: { message: 'An unexpected error occurred' } });
      expect(send(error, true).status).toBe(500);
    });

    it('is logged, with quoted data redacted', () => {
      send(new Error('duplicate key value violates unique constraint: Key (value)=("hunter2") and \'s3cret\''));
      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0]?.[0]);
      expect(line).toContain('duplicate key value');
      expect(line).not.toContain('hunter2');
      expect(line).not.toContain('s3cret');
    });

    it('handles things that are not errors', () => {
      for (const thrown of [undefined, null, 'a string with a secret', 42]) {
        const sent = send(thrown);
        expect(sent.body).toEqual({ message: 'An unexpected error occurred' });
        expect(sent.headers['x-ots-intended-status']).toBe('500');
      }
      for (const call of logged.mock.calls) expect(String(call[0])).not.toContain('a string with a secret');
    });
  });

  it('does nothing once the response has started', () => {
    const { host, sent } = fakeHost(true);
    new V1ExceptionFilter({ strictStatus: false, policy }).catch(new UnknownSecretError('k'), host);
    expect(sent).toEqual({ headers: {} });
  });
});

describe('ScopedExceptionFilter: v1 errors under /api/v1 only, a generic answer elsewhere', () => {
  const filter = new ScopedExceptionFilter([['/api/v1', new V1ExceptionFilter({ strictStatus: false, policy })]], new GenericExceptionFilter());
  const sendAt = (path: string, exception: unknown): Sent => {
    const { host, sent } = fakeHost(false, path);
    filter.catch(exception, host);
    return sent;
  };
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each(['/api/v1', '/api/v1/secret/abc', '/api/v1/'])('answers %s the v1 way', (path) => {
    expect(sendAt(path, new NotFoundException())).toEqual({ status: 404, headers: { 'x-ots-intended-status': '404' }, body: { message: 'Not Found' } });
  });

  it.each(['/', '/nope', '/api/v1x', '/api/v2/status', '/health/ready'])('answers %s with the real status and no v1 header', (path) => {
    expect(sendAt(path, new NotFoundException(`Cannot GET ${path}`))).toEqual({ status: 404, headers: {}, body: { message: 'Not Found' } });
  });

  it('keeps the status and report of a health check outside v1', () => {
    const report = { status: 'error', error: { database: { status: 'down' } } };
    expect(sendAt('/health/ready', new HttpException(report, 503))).toEqual({ status: 503, headers: {}, body: report });
  });

  it('maps transport errors outside v1 to their status, and the unexpected to a logged 500 without details', () => {
    expect(sendAt('/metrics', new MalformedRequestError())).toEqual({ status: 400, headers: {}, body: { message: 'Invalid request' } });
    expect(sendAt('/metrics', new StorageUnavailableError())).toMatchObject({ status: 503, body: { message: 'Service temporarily unavailable' } });
    expect(sendAt('/metrics', new Error('boom with "hunter2"'))).toEqual({ status: 500, headers: {}, body: { message: 'An unexpected error occurred' } });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).not.toContain('hunter2');
  });
});
