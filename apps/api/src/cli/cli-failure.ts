import { isStorageUnavailable } from '@hush/persistence';

/** A failed command's one line for stderr: the reason, and no more of it than its first line. */
export function cliFailureLine(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const message = isStorageUnavailable(error) ? `cannot reach the database (${detail})` : detail;
  return `hush-admin: ${message.split('\n')[0]}`;
}
