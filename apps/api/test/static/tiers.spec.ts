import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const TEST_ROOT = join(__dirname, '..');
const TIERS: Record<string, RegExp> = { browser: /\.e2e-spec\.ts$/, contract: /\.e2e-spec\.ts$/, reliability: /\.e2e-spec\.ts$/, static: /\.spec\.ts$/ };

function specFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return /\.(e2e-)?spec\.ts$/.test(entry.name) ? [relative(TEST_ROOT, path)] : [];
  });
}

describe('test tiers', () => {
  it('every test file lives in a tier folder whose jest project runs it', () => {
    const files = specFiles(TEST_ROOT);
    expect(files.length).toBeGreaterThan(10);
    const strays = files.filter((file) => {
      const [tier] = file.split('/');
      const pattern = tier === undefined ? undefined : TIERS[tier];
      return !pattern?.test(file);
    });
    expect(strays).toEqual([]);
  });
});
