import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import multer from 'multer';
import type { AppConfig } from '../config/app-config';
import { PARAMETERS_BODY_LIMIT, secretBodyLimit } from '../config/body-limits';
import { BodyBudget } from './body/body-budget';
import { type BodyRule, bodyRules } from './body/body-rules';
import { BodyBudgetExhaustedError, BodyNotAcceptedError, MalformedRequestError, RequestTooLargeError } from './errors/request-errors';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

function isTooLarge(error: { status?: number; type?: string; code?: string }): boolean {
  // body-parser answers too many form parameters with 413 too, but that is a malformed request, not a large one.
  if (error.type === 'parameters.too.many') return false;
  return error.status === 413 || error.type === 'entity.too.large' || error.code === 'LIMIT_FIELD_VALUE' || error.code === 'LIMIT_PART_COUNT';
}

/** Parser failures become the contract's errors instead of the parsers' own HTML or stack traces. */
function guarded(parser: RequestHandler, tooLarge: () => Error): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) =>
    parser(request, response, (error?: unknown) => {
      if (!error) return next();
      next(isTooLarge(error as object) ? tooLarge() : new MalformedRequestError());
    });
}

/** Multer has no limit on a whole body: one without Content-Length (chunked) is counted as it arrives, and let go past the limit. */
function counted(parser: RequestHandler, maxBytes: number, tooLarge: () => Error): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.headers['content-length'] !== undefined || !request.is('multipart')) {
      void parser(request, response, next);
      return;
    }
    let bytes = 0;
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      request.off('data', count);
      next(error);
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        request.unpipe();
        finish(tooLarge());
      }
    };
    request.on('data', count);
    void parser(request, response, finish);
  };
}

function parsersFor(rule: BodyRule): RequestHandler[] {
  const limit = rule.maxBytes;
  const tooLarge = () => new RequestTooLargeError(limit, rule.carriesSecret);
  const parsers = [
    ...(rule.accepts === 'api' ? [express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] })] : []),
    express.urlencoded({ extended: true, limit, parameterLimit: 1000 }),
    counted(multer({ limits: { fieldSize: limit, fields: 1000, files: 0, parts: 1000 } }).none(), limit, tooLarge),
  ];
  return parsers.map((parser) => guarded(parser, tooLarge));
}

function runAll(handlers: readonly RequestHandler[], request: Request, response: Response, done: NextFunction): void {
  const step = (index: number) => (error?: unknown) => {
    const handler = handlers[index];
    if (error !== undefined || !handler) return done(error);
    void handler(request, response, step(index + 1));
  };
  step(0)();
}

/** A body to read: a positive Content-Length, or chunks. */
function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * Reads a body only on the routes that take one (spec §1, PAGES.md), up to what the route accepts, within
 * a budget for all bodies together; any other body is refused unread. Before routing, so also for 404s.
 */
export function bodyParsers(config: Pick<AppConfig, 'policy' | 'http' | 'web'>): RequestHandler {
  const budget = new BodyBudget(config.http.bodyMemoryBytes, PARAMETERS_BODY_LIMIT);
  const rules = bodyRules({ secretBytes: secretBodyLimit(config.policy.secretMaxBytes), parametersBytes: PARAMETERS_BODY_LIMIT, pages: config.web.pages })
    .map((rule) => ({ ...rule, parsers: parsersFor(rule) }));

  return (request: Request, response: Response, next: NextFunction) => {
    const rule = request.method === 'POST' ? rules.find(({ path }) => path.test(request.path)) : undefined;
    const body = hasBody(request);
    if (!rule) return next(body ? new BodyNotAcceptedError() : undefined);
    if (rule.accepts === 'form' && (rule.formRequired || body) && !request.is(FORM_TYPES)) return next(new MalformedRequestError('A form body is required'));
    // An empty form (Content-Length: 0) is still parsed, to `{}`; a request without framing has no body at all.
    if (!body && request.headers['content-length'] === undefined) return next();
    const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
    if (declared !== undefined && declared > rule.maxBytes) return next(new RequestTooLargeError(rule.maxBytes, rule.carriesSecret));
    // Chunks, or a compressed body the parsers inflate, may come to the route's limit whatever was declared.
    const encoded = (request.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
    const reserved = declared === undefined || encoded ? rule.maxBytes : declared;
    if (!budget.tryReserve(reserved)) {
      // Closed rather than drained: reading and dropping a flood's bodies costs memory too (about 45 MB in the hold test).
      response.setHeader('Connection', 'close');
      return next(new BodyBudgetExhaustedError());
    }
    response.once('close', () => budget.release(reserved));
    runAll(rule.parsers, request, response, next);
  };
}
