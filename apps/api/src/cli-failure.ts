import { isStorageUnavailable } from '@hush/persistence';

/** A failed command's one line for stderr: the reason, and no more of it than its first line (an unreachable, read-only or overloaded database alike). */
export function cliFailureLine(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const message = isStorageUnavailable(error) ? `the database cannot serve this now (${detail})` : detail;
  return `hush-admin: ${message.split('\n')[0]}`;
}
