import type { Response } from 'supertest';

/**
 * The Onetime Secret v1 wire contract as the tests state it, literally (not imported from the app,
 * so a change on the server side cannot change what the tests expect).
 */

/** Spec §1: in the default mode every error is HTTP 404; its real meaning is in this header. */
export const INTENDED_STATUS = 'x-ots-intended-status';
export const JSON_UTF8 = 'application/json; charset=utf-8';

/** Exact response bodies of the errors the spec names (§8). */
export const UNAVAILABLE = '{"message":"Service temporarily unavailable"}';
export const UNEXPECTED = '{"message":"An unexpected error occurred"}';
export const UNKNOWN = (key: string): string => JSON.stringify({ message: 'Unknown secret', secret_key: key });

/**
 * Spec §1/§8: a v1 error in the default (non-strict) mode: HTTP 404, JSON in UTF-8, the intended
 * status in its header, and exactly `{"message":…}` (then `extra`'s fields, in that order) as the body.
 */
export function expectV1Error(res: Response, intended: number, message: string, extra: Record<string, unknown> = {}): void {
  expect({ status: res.status, intended: res.headers[INTENDED_STATUS], contentType: res.headers['content-type'] }).toEqual({
    status: 404,
    intended: String(intended),
    contentType: JSON_UTF8,
  });
  expect(res.text).toBe(JSON.stringify({ message, ...extra }));
}

/** Spec §1/§2: the answer to bad or missing credentials, whatever the endpoint. */
export function expectNotAuthorized(res: Response): void {
  expectV1Error(res, 401, 'Not authorized');
}

/** Spec §5/§8: an unknown key, a foreign key, a burned or revealed secret all look the same. */
export function expectUnknownSecret(res: Response, key: string): void {
  expectV1Error(res, 404, 'Unknown secret', { secret_key: key });
}

/** The status, body text and intended status of a response, to compare in one go. */
export const wire = (res: Response) => ({ status: res.status, text: res.text, intended: res.headers[INTENDED_STATUS] as string | undefined });
