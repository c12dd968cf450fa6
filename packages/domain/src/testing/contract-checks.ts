/** What a contract case throws when an adapter breaks the contract. */
export class ContractViolation extends Error {}

/** A value with Dates as ISO text and object keys sorted, so that two results compare by content alone. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export function check(condition: boolean, what: string): void {
  if (!condition) throw new ContractViolation(what);
}

export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(canonical(actual));
  const e = JSON.stringify(canonical(expected));
  if (a !== e) throw new ContractViolation(`${what}\n  expected ${e}\n  received ${a}`);
}
