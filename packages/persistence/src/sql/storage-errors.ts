import { DomainError, StorageUnavailableError } from '@hush/domain';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENOENT']);
// 08: connection exception; 57P01-03: server shutting down or starting; 53300: too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)/i;

/** True when the database could not be reached, as opposed to a query that was wrong. */
export function isStorageUnavailable(error: unknown): boolean {
  // Duck-typed: errors raised inside Node's own modules are not always `instanceof` this realm's Error.
  if (typeof error !== 'object' || error === null) return false;
  const { code, cause, message } = error as { code?: unknown; cause?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (cause && cause !== error && isStorageUnavailable(cause)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/** Storage failures reach the core as StorageUnavailableError; anything else stays as it is. */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  return isStorageUnavailable(error) ? new StorageUnavailableError() : error;
}
