import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Histogram } from 'prom-client';
import { INTENDED_STATUS_HEADER } from '../http/errors/v1-exception.filter';

/** Nest's not-found handler is itself a catch-all route: a request that ends there matched nothing. */
const CATCH_ALL = new Set(['{/*splat}', '/{*splat}', '*', '/*']);

/** The matched route's pattern (`/api/v1/secret/:key`), never the path itself, which holds keys. */
export function routePattern(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !CATCH_ALL.has(path) ? path : 'unmatched';
}

/** Times every request; the status label is the intended one, so v1 errors are not all "404". */
export function httpMetrics(histogram: Histogram): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = histogram.startTimer();
    response.once('finish', () => {
      const intended = response.getHeader(INTENDED_STATUS_HEADER);
      stop({ method: request.method, route: routePattern(request), status_code: String(intended ?? response.statusCode) });
    });
    next();
  };
}
