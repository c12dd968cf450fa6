/**
 * Reads a v1 parameter as an integer the way the reference service does (Ruby's `to_i`): leading
 * digits count, anything else is 0. `undefined` means the parameter was absent or empty.
 */
export function readInteger(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : 0;
  if (typeof raw !== 'string') return 0;
  const match = /^\s*([+-]?\d+)/.exec(raw);
  if (!match?.[1]) return 0;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : 0;
}
