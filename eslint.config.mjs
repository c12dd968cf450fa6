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
/** The files `depth` folders below a folder (held to MAX_DEPTH levels below a package root, deeper ones too). */
const filesAt = (folder, depth, maxDepth = MAX_DEPTH) => `${folder}/${'*/'.repeat(depth)}${depth === maxDepth ? '**/' : ''}*.ts`;
const leavesPackage = (depth) => ({
  regex: `^(?:\\.\\./){${depth}}\\.\\.(?:/|$)`,
  message: "A relative import may not leave its package: import the other package by name, through an entry point.",
});
const relativeDepthBlocks = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
  files: workspaceGlobs.map((glob) => filesAt(glob, depth)),
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [leavesPackage(depth)] }] },
}));

// Inside apps/api/src (docs/develop/architecture.md, "Layer rules"): each surface in its folder over a shared base;
// the composition root (composition/) and the entry points and root modules (the files directly in src/) above them,
// the injection tokens (src/tokens.ts) below. Every folder of src/ is placed here, or lint stops.
const API_SRC = 'apps/api/src';
const API_SURFACES = ['api-v1', 'pages', 'notifications', 'cli', 'health', 'scheduling', 'signin' /* sign-in pages and SSO, next */];
const API_BASE = ['http', 'i18n', 'config', 'observability', 'rate-limit', 'lifecycle', 'runtime'];
const API_COMPOSITION = 'composition';
const apiEntries = readdirSync(join(root, API_SRC), { withFileTypes: true });
const unplaced = apiEntries.filter((entry) => entry.isDirectory() && ![...API_SURFACES, ...API_BASE, API_COMPOSITION].includes(entry.name));
if (unplaced.length > 0) {
  throw new Error(`eslint.config.mjs: place ${unplaced.map((entry) => `${API_SRC}/${entry.name}/`).join(', ')} among API_SURFACES or API_BASE`);
}
const apiRootFiles = apiEntries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'tokens.ts').map((entry) => entry.name.slice(0, -3));
/** A relative import from `depth` folders below src/ (0: a file of src/ itself) that reaches one of `names` in src/. */
const reachesApi = (depth, names, exact = false) => `^${depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`}${anyOf(names)}${exact ? '$' : '(?:/|$)'}`;
const apiNeverAbove = (depth) => ({
  regex: `(?:${reachesApi(depth, [API_COMPOSITION])})|(?:${reachesApi(depth, apiRootFiles, true)})`,
  caseSensitive: true,
  message: 'Below the composition root nothing imports it or an entry point or root module (src/*.ts): take what it binds by injection, through src/tokens.ts.',
});
const apiLayerPatterns = (folder, depth) =>
  API_SURFACES.includes(folder)
    ? [{
        regex: reachesApi(depth, API_SURFACES.filter((surface) => surface !== folder)),
        caseSensitive: true,
        message: `A surface never imports another surface (${API_SURFACES.join(', ')}): what two share goes down into the shared base (${API_BASE.join(', ')}).`,
      }, apiNeverAbove(depth)]
    : [{
        regex: reachesApi(depth, API_SURFACES),
        caseSensitive: true,
        message: `The shared base (${API_BASE.join(', ')}, src/tokens.ts) imports no surface (${API_SURFACES.join(', ')}).`,
      }, apiNeverAbove(depth)];
const persistenceValues = {
  regex: '^@hush/persistence(?:/|$)',
  allowTypeImports: true,
  message: "Only the composition root (composition/) and the entry points and root modules (src/*.ts) import @hush/persistence's values; elsewhere its types at most.",
};
// Per folder of src/ and per depth below it: both rules' options are replaced, not merged, by a later block, so each
// block repeats the app-wide patterns (entry points only, no bench; a relative import stays in its package).
const apiLayerBlocks = [...API_SURFACES, ...API_BASE].flatMap((folder) =>
  Array.from({ length: MAX_DEPTH - 1 }, (_, below) => ({
    files: [filesAt(`${API_SRC}/${folder}`, below, MAX_DEPTH - 2)],
    rules: {
      'no-restricted-imports': ['error', { patterns: [entryPointsOnly, noBench, ...apiLayerPatterns(folder, below + 1)] }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [leavesPackage(below + 2), persistenceValues] }],
    },
  })),
);
apiLayerBlocks.push({
  files: [`${API_SRC}/tokens.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: [entryPointsOnly, noBench, ...apiLayerPatterns('tokens', 0)] }],
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [leavesPackage(1), persistenceValues] }],
  },
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
  ...apiLayerBlocks,
);
