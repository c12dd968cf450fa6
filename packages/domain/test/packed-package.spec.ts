import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE_DIR = join(__dirname, '..');
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('@hush/domain as another service gets it (npm pack, installed alone)', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'hush-domain-reuse-'));
    npm(['pack', '--silent', '--pack-destination', folder], PACKAGE_DIR);
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'reuser', private: true }));
    const [tarball] = readdirSync(folder).filter((name) => name.endsWith('.tgz'));
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`], folder);
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('installs with no other @hush package and no runtime dependency', () => {
    expect(readdirSync(join(folder, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@hush']);
    expect(readdirSync(join(folder, 'node_modules', '@hush'))).toEqual(['domain']);
  });

  it('runs the example it ships: a secret shared and revealed once on the in-memory adapters', () => {
    copyFileSync(join(folder, 'node_modules', '@hush', 'domain', 'examples', 'reuse.mjs'), join(folder, 'reuse.mjs'));
    const output = execFileSync(process.execPath, ['reuse.mjs', 'a value from another service'], { cwd: folder, encoding: 'utf8' });
    expect(output).toBe('revealed: a value from another service\n');
  });
});
