import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { INTENDED_STATUS_HEADER } from './intended-status';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Nest's not-found handler is itself a catch-all route: a request that ends there matched nothing. */
const CATCH_ALL = new Set(['{/*splat}', '/{*splat}', '*', '/*']);

/** The matched route's pattern (`/api/v1/secret/:key`), never the path itself, which holds keys. */
export function routePattern(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !CATCH_ALL.has(path) ? path : 'unmatched';
}

/**
 * Per request: an id (a valid X-Request-Id is honoured, and always echoed), its duration in the
 * histogram with the intended status, and one log line with method, route pattern and status only
 * (paths hold keys, query strings may hold secrets). One listener does all three, which costs less than
 * pino-http plus a separate metrics middleware (docs/develop/libraries.md has the figures).
 */
export function observeRequests(logger: Logger, histogram: Histogram): RequestHandler {
  const logs = logger.isLevelEnabled('info');
  return (request: Request, response: Response, next: NextFunction) => {
    const start = performance.now();
    const given = request.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    response.setHeader('X-Request-Id', id);
    response.once('close', () => {
      const route = routePattern(request);
      const seconds = (performance.now() - start) / 1000;
      const req = { id, method: request.method };
      if (!response.writableFinished) {
        if (logs) logger.info({ req, route, responseTime: seconds * 1000 }, 'request aborted');
        return;
      }
      histogram.observe({ method: request.method, route, status_code: String(response.getHeader(INTENDED_STATUS_HEADER) ?? response.statusCode) }, seconds);
      const entry = { req, res: { statusCode: response.statusCode }, route, responseTime: seconds * 1000 };
      // 503 says the database (or memory) cannot serve now: an outage the operator expects to pass, not a fault.
      if (response.statusCode === 503) logger.warn(entry, 'request errored');
      else if (response.statusCode >= 500) logger.error(entry, 'request errored');
      else if (logs) logger.info(entry, 'request completed');
    });
    next();
  };
}
