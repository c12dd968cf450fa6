// npm 11 leaves platform-specific optional packages it cannot fetch out of package-lock.json (npm/cli#4828,
// #8320); this machine's registry serves only Linux builds, so `npm ci` then rejects the lock as out of sync.
// Adds each missing optional package at the version its parent pins; other platforms skip it on install.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pinned = new Map();
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) pinned.set(name, { version, dev: entry.dev === true });
}
let output = '';
try {
  execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: 'pipe' });
} catch (error) {
  output = `${error.stdout}${error.stderr}`;
}
const missing = [...output.matchAll(/Missing: (.+?)@\S* from lock file/g)].map((match) => match[1]);
let added = 0;
for (const name of missing) {
  const parent = pinned.get(name);
  const key = `node_modules/${name}`;
  if (!parent || lock.packages[key]) continue;
  lock.packages[key] = { version: parent.version.replace(/^[\^~=]/, ''), ...(parent.dev ? { dev: true } : {}), optional: true };
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform packages; ${missing.length - added} missing ones unresolved`);
