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

/** Replaces the results section of the README with this run's figures. */
export function writeIntoReadme(markdown: string): void {
  const path = join(__dirname, '..', '..', '..', 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  writeFileSync(path, `${readme.slice(0, start + START.length)}\n${markdown}\n${readme.slice(end)}`);
}
