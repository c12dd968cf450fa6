import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname; // the repository root
const readManifest = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Layer rules (docs/develop/architecture.md, "Layer rules"). The workspaces and their entry points come from the package.json files:
// an entry point is a key of `exports` (or the bare name of a package with only `main`).
const workspaceGlobs = readManifest('.').workspaces; // ['packages/*', 'apps/*']
const workspaces = workspaceGlobs.flatMap((glob) => {
  const parent = glob.replace(/\/\*$/, '');
  return readdirSync(join(root, parent))
    .filter((name) => existsSync(join(root, parent, name, 'package.json')))
    .map((name) => {
      const { name: packageName, exports, main } = readManifest(`${parent}/${name}`);
      const hasSubpaths = typeof exports === 'object' && Object.keys(exports).every((key) => key.startsWith('.'));
      const subpaths = hasSubpaths ? Object.keys(exports) : exports || main ? ['.'] : [];
      const entries = subpaths.map((subpath) => (subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`));
      return { parent, name: packageName, entries };
    });
});
const entries = workspaces.flatMap((workspace) => workspace.entries);
const apps = workspaces.filter((workspace) => workspace.parent === 'apps').map((workspace) => workspace.name);
const anyOf = (names) => `(?:${names.map(escape).join('|')})`;

const entryPointsOnly = {
  regex: `^@hush/(?!${anyOf(entries.map((entry) => entry.slice('@hush/'.length)))}$)`,
  caseSensitive: true,
  message: `Import a Hush package only through an entry point its package.json exports declares (${entries.join(', ')}), never its src/ or dist/.`,
};
const noApps = {
  regex: `^${anyOf(apps)}(?:/|$)`,
  caseSensitive: true,
  message: `A package never imports an app (${apps.join(', ')}).`,
};
const noBench = { regex: '^@hush/bench(?:/|$)', caseSensitive: true, message: 'Nothing imports the bench.' };

const frameworkImports = [
  '@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg-*', 'express', 'class-validator', 'class-transformer', '@electric-sql/*',
];
const domainImports = (hush) => [
  { group: frameworkImports, message: 'The domain is framework-free.' },
  { regex: `^(?:node:|${anyOf(builtinModules)}$)`, caseSensitive: true, message: 'The domain does not use Node built-ins.' },
  { regex: hush, caseSensitive: true, message: 'The domain imports no other Hush package: its files import each other relatively (a spec may also import @hush/domain/testing).' },
];

// A relative import may not climb out of its package: a file k folders below its package root climbs at most k
// levels. One block per depth, with the same options everywhere, so these use @typescript-eslint's copy of
// no-restricted-imports: a rule's options are replaced, not merged, by a later block, and the per-package blocks
// below set the core rule.
const MAX_DEPTH = 8; // files deeper than this are held to this many levels
const relativeDepthBlocks = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
  const folders = '*/'.repeat(depth);
  return {
    files: workspaceGlobs.map((glob) => `${glob}/${depth === MAX_DEPTH ? `${folders}**/` : folders}*.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{
        regex: `^(?:\\.\\./){${depth}}\\.\\.(?:/|$)`,
        message: "A relative import may not leave its package: import the other package by name, through an entry point.",
      }] }],
    },
  };
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Type-aware: every linted file belongs to its package's tsconfig.json; another package's types come from
    // its dist/*.d.ts.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  ...relativeDepthBlocks,
  {
    files: ['packages/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [entryPointsOnly, noApps] }] },
  },
  {
    files: ['apps/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [entryPointsOnly, noBench] }] },
  },
  {
    // The domain is reused by other services: it must not reach a framework, the ORM, Node, the environment or
    // another Hush package. Its specs may also import its own test helpers by name.
    files: ['packages/domain/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainImports('^@hush/') }] },
  },
  {
    files: ['packages/domain/src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainImports('^@hush/(?!domain/testing$)') }] },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['packages/domain/src/**/*.spec.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain never reads process or process.env.' }],
      'no-restricted-syntax': ['error', { selector: 'Decorator', message: 'No decorators in the domain.' }],
    },
  },
);
