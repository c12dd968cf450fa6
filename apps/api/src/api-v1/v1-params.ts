import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { MalformedRequestError } from '../http/errors/request-errors';

export type V1Params = Readonly<Record<string, unknown>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Query string and body merged; the body wins on a clash (spec §1). */
export const Params = createParamDecorator((_data: unknown, context: ExecutionContext): V1Params => {
  const request = context.switchToHttp().getRequest<Request>();
  const query = isPlainObject(request.query) ? request.query : {};
  const body: unknown = request.body;
  return { ...query, ...(isPlainObject(body) ? body : {}) };
});

/** A scalar parameter as a string; numbers and booleans from JSON are taken as their text; a repeated one, the last. */
export function stringParam(params: V1Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.at(-1);
  throw new MalformedRequestError(`Invalid value for parameter: ${name}`);
}

/** A list parameter, sent as `name` or `name[]`, once or repeated, or comma-free JSON array. */
export function listParam(params: V1Params, name: string): string[] {
  const values = [params[name], params[`${name}[]`]].flatMap((value): unknown[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    if (isPlainObject(value)) return Object.values(value);
    return [value];
  });
  if (!values.every((value) => typeof value === 'string')) throw new MalformedRequestError(`Invalid value for parameter: ${name}`);
  return values as string[];
}
