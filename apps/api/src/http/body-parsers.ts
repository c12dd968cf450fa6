import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import multer from 'multer';
import { MalformedRequestError, RequestTooLargeError } from './errors/request-errors';

/** Room for the largest secret after URL-encoding (up to 3 bytes per byte), plus the other parameters. */
export function bodyLimitFor(secretMaxBytes: number): number {
  return secretMaxBytes * 3 + 64 * 1024;
}

function isTooLarge(error: { status?: number; type?: string; code?: string }): boolean {
  // body-parser answers too many form parameters with 413 too, but that is a malformed request, not a large one.
  if (error.type === 'parameters.too.many') return false;
  return error.status === 413 || error.type === 'entity.too.large' || error.code === 'LIMIT_FIELD_VALUE' || error.code === 'LIMIT_PART_COUNT';
}

/** Parser failures become the contract's errors instead of the parsers' own HTML or stack traces. */
function guarded(parser: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) =>
    parser(request, response, (error?: unknown) => {
      if (!error) return next();
      next(isTooLarge(error as object) ? new RequestTooLargeError() : new MalformedRequestError());
    });
}

/** Form, multipart and JSON bodies (spec §1); an empty JSON body is not an error. */
export function bodyParsers(secretMaxBytes: number): RequestHandler[] {
  const limit = bodyLimitFor(secretMaxBytes);
  return [
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ extended: true, limit, parameterLimit: 1000 }),
    multer({ limits: { fieldSize: limit, fields: 1000, files: 0, parts: 1000 } }).none(),
  ].map(guarded);
}
