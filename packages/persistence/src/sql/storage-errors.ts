import { DomainError, StorageUnavailableError } from '@hush/domain';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENOENT']);
// 08: connection; 57P01-03, 57P05: shutdown, start-up, idle session ended; 53000-53300: out of resources, disk, memory, connections; 25006: read-only (a standby, or a leader still promoting).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1235]|53[0-3]00|25006)$/;
// The last three: what a standby says in recovery, some without a SQLSTATE of their own (55000, XX000).
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)|in a read-only transaction|recovery is in progress|during recovery/i;
// 57014 query_canceled: what statement_timeout raises.
const TIMEOUT_CODES = new Set(['57014', 'ETIMEDOUT']);
// pg's query_timeout, pg-pool's and pg's connection timeouts.
const TIMEOUT_MESSAGE = /Query read timeout|timeout exceeded when trying to connect|due to connection timeout/i;

interface ErrorShape {
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly message?: unknown;
}

/** Whether `test` holds for the error or any error in its `cause` chain (duck-typed: errors from Node's own modules are not always `instanceof` this realm's Error). */
function anyInChain(error: unknown, test: (shape: ErrorShape) => boolean, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const shape = error as ErrorShape;
  return test(shape) || (shape.cause !== error && anyInChain(shape.cause, test, depth + 1));
}

/** True when the database did not answer in time: a statement, a query or a connection timed out. */
export function isStorageTimeout(error: unknown): boolean {
  return anyInChain(
    error,
    ({ code, message }) => (typeof code === 'string' && TIMEOUT_CODES.has(code)) || (typeof message === 'string' && TIMEOUT_MESSAGE.test(message)),
  );
}

/** True when the database could not be reached, did not answer in time, or cannot take a write now, as opposed to a query that was wrong. */
export function isStorageUnavailable(error: unknown): boolean {
  if (isStorageTimeout(error)) return true;
  return anyInChain(
    error,
    ({ code, message }) =>
      (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) ||
      (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)),
  );
}

/** Storage failures reach the core as StorageUnavailableError; anything else stays as it is. */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  return isStorageUnavailable(error) ? new StorageUnavailableError() : error;
}
