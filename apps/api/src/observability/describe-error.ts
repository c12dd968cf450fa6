/** Postgres and driver messages may quote the data that failed; keep the shape, drop the data. */
export function describeForLog(error: unknown): string {
  if (typeof error !== 'object' || error === null) return `non-error thrown: ${typeof error}`;
  const { name, code, message, stack } = error as { name?: string; code?: unknown; message?: string; stack?: string };
  const redacted = (message ?? '').replace(/"[^"]*"|'[^']*'/g, '"[redacted]"').slice(0, 300);
  const frames = (stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 8).join('\n');
  return `${name ?? 'Error'}${code ? ` (${String(code)})` : ''}: ${redacted}\n${frames}`;
}
