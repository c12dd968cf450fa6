import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Row = readonly (string | number)[];

function cell(value: string | number): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  return Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function table(header: Row, rows: Row[]): string {
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Where the results live: the block between the markers is this run's, the rest of the file is written by hand. */
export const RESULTS_PATH = join(__dirname, '..', '..', '..', 'docs', 'performance.md');

/** Replaces the results block of docs/performance.md with this run's figures. */
export function writeResults(markdown: string): void {
  const page = readFileSync(RESULTS_PATH, 'utf8');
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/performance.md has no ${START} … ${END} section`);
  writeFileSync(RESULTS_PATH, `${page.slice(0, start + START.length)}\n${markdown}\n${page.slice(end)}`);
}
