import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ESLint, Linter } from 'eslint';

/**
 * The layer rules of eslint.config.mjs (docs/develop/architecture.md, "Layer rules"), proven to fail: each probe is a small file
 * written into a package's sources, linted as `npm run lint` lints it, and deleted again. Every place that
 * holds a violating probe also holds a clean one, so the rules cannot pass by linting nothing.
 */
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const PROBE = `__layer_rule_probe_${process.pid}`;

interface Probe {
  /** Where the probe goes, relative to the repository root; the file name is added. */
  readonly dir: string;
  readonly suffix?: string;
  readonly code: string;
  /** The errors expected, in source order: rule and part of the message. Empty for a clean probe. */
  readonly errors: ReadonlyArray<readonly [rule: string, message: string]>;
}

const IMPORTS = 'no-restricted-imports';
const RELATIVE = '@typescript-eslint/no-restricted-imports';
const NOT_AN_ENTRY = 'only through an entry point its package.json exports declares';
const LEAVES_PACKAGE = 'A relative import may not leave its package';
const DOMAIN_HUSH = 'The domain imports no other Hush package';
const lines = (...code: string[]) => `${code.join('\n')}\n`;

const PROBES: Record<string, Probe> = {
  // 1. The domain imports no other Hush package, framework, ORM or Node built-in; no process, no decorators.
  'domain → @hush/crypto': { dir: 'packages/domain/src', code: lines("export * from '@hush/crypto';"), errors: [[IMPORTS, DOMAIN_HUSH]] },
  'domain, own module': { dir: 'packages/domain/src', code: lines("export * from './errors';"), errors: [] },
  'domain testing/ → @hush/persistence/testing': {
    dir: 'packages/domain/src/testing',
    code: lines("export * from '@hush/persistence/testing';"),
    errors: [[IMPORTS, DOMAIN_HUSH]],
  },
  'domain testing/, own module': { dir: 'packages/domain/src/testing', code: lines("export * from './fixed-clock';"), errors: [] },
  'domain spec → @hush/persistence/testing': {
    dir: 'packages/domain/src',
    suffix: '.spec',
    code: lines("export * from '@hush/persistence/testing';"),
    errors: [[IMPORTS, DOMAIN_HUSH]],
  },
  'domain spec, own test helpers': {
    dir: 'packages/domain/src',
    suffix: '.spec',
    code: lines("export * from './testing';", "export * from '@hush/domain/testing';"),
    errors: [],
  },
  'domain → framework, ORM, Node, process, decorator': {
    dir: 'packages/domain/src',
    code: lines(
      "export * from '@nestjs/common';",
      "export * from 'typeorm';",
      "export * from 'node:crypto';",
      "export * from 'fs/promises';",
      'export const url = process.env.DATABASE_URL;',
      'declare const Injectable: () => ClassDecorator;',
      '@Injectable() export class Service {}',
    ),
    errors: [
      [IMPORTS, 'framework-free'],
      [IMPORTS, 'framework-free'],
      [IMPORTS, 'Node built-ins'],
      [IMPORTS, 'Node built-ins'],
      ['no-restricted-globals', 'never reads process'],
      ['no-restricted-syntax', 'No decorators'],
    ],
  },

  // 2. No package imports an app; nothing imports the bench.
  'persistence → @hush/api': {
    dir: 'packages/persistence/src',
    code: lines("export * from '@hush/api/reference-kit';"),
    errors: [[IMPORTS, 'A package never imports an app']],
  },
  'crypto → @hush/bench': {
    dir: 'packages/crypto/src',
    code: lines("export * from '@hush/bench';"),
    errors: [[IMPORTS, NOT_AN_ENTRY], [IMPORTS, 'A package never imports an app']],
  },
  'persistence → @hush/domain, @hush/crypto': {
    dir: 'packages/persistence/src',
    code: lines("export * from '@hush/domain';", "export * from '@hush/crypto';"),
    errors: [],
  },
  'api → @hush/bench': {
    dir: 'apps/api/src',
    code: lines("export * from '@hush/bench';"),
    errors: [[IMPORTS, NOT_AN_ENTRY], [IMPORTS, 'Nothing imports the bench']],
  },

  // 3. Only declared entry points; no relative path out of the package.
  'bench → src/, dist/, undeclared subpath, another package by relative path': {
    dir: 'apps/bench/src',
    code: lines(
      "export * from '@hush/domain/src/secret/secret';",
      "export * from '@hush/persistence/dist/index';",
      "export * from '@hush/crypto/testing';",
      "export * from '../../api/dist/main';",
    ),
    errors: [[IMPORTS, NOT_AN_ENTRY], [IMPORTS, NOT_AN_ENTRY], [IMPORTS, NOT_AN_ENTRY], [RELATIVE, LEAVES_PACKAGE]],
  },
  'bench → declared entry points, own files': {
    dir: 'apps/bench/src',
    code: lines(
      "export { PrototypeStableExpressAdapter } from '@hush/api/reference-kit';",
      "export * from '@hush/domain/testing';",
      "export * from '@hush/persistence/testing';",
      "export * from './reference/bare-nest.module';",
    ),
    errors: [],
  },
  'api → domain sources by relative path': {
    dir: 'apps/api/src',
    code: lines("export * from '../../../packages/domain/src/secret/secret';"),
    errors: [[RELATIVE, LEAVES_PACKAGE]],
  },
  'api, two folders down → three levels up': {
    dir: 'apps/api/src/http',
    code: lines("export * from '../../../bench/src/server';"),
    errors: [[RELATIVE, LEAVES_PACKAGE]],
  },
  'api, two folders down → two levels up': {
    dir: 'apps/api/src/http',
    code: lines("export * from '../config/app-config';", "import '../../package.json';"),
    errors: [],
  },

  // 4. Floating and misused promises, awaited non-promises (type-aware), in sources and in api's tests.
  'crypto: floating, misused and non-thenable': {
    dir: 'packages/crypto/src',
    code: lines(
      'async function work(): Promise<void> {}',
      'export function floating(): void { work(); }',
      'export function misused(items: string[]): void { items.forEach(async () => { await work(); }); }',
      'export async function notThenable(): Promise<number> { return await 1; }',
    ),
    errors: [
      ['@typescript-eslint/no-floating-promises', 'Promises must be awaited'],
      ['@typescript-eslint/no-misused-promises', 'Promise returned in function argument where a void return was expected'],
      ['@typescript-eslint/await-thenable', 'Unexpected `await` of a non-Promise'],
    ],
  },
  'crypto: awaited, deliberately voided': {
    dir: 'packages/crypto/src',
    code: lines(
      'async function work(): Promise<void> {}',
      'export async function awaited(items: string[]): Promise<void> { for (const _ of items) await work(); }',
      'export function fireAndForget(): void { void work(); }',
    ),
    errors: [],
  },
  'api test: floating promise': {
    dir: 'apps/api/test/static',
    code: lines('async function work(): Promise<void> {}', 'export function floating(): void { work(); }'),
    errors: [['@typescript-eslint/no-floating-promises', 'Promises must be awaited']],
  },
  'api test: awaited': {
    dir: 'apps/api/test/static',
    code: lines('async function work(): Promise<void> {}', 'export async function awaited(): Promise<void> { await work(); }'),
    errors: [],
  },
};

/**
 * ESLint's Node API in a child process: jest's module sandbox cannot run the dynamic import by which ESLint
 * loads eslint.config.mjs (it would need --experimental-vm-modules).
 */
const LINT_FILES = `
const { ESLint } = require('eslint');
const [cwd, ...files] = process.argv.slice(1);
new ESLint({ cwd }).lintFiles(files).then((results) => process.stdout.write(JSON.stringify(results)));
`;

async function lintFiles(files: string[]): Promise<ESLint.LintResult[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT_FILES, ROOT, ...files], { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as ESLint.LintResult[];
}

const probePath = (name: string) => {
  const { dir, suffix = '' } = PROBES[name] as Probe;
  return join(ROOT, dir, `${PROBE}_${Object.keys(PROBES).indexOf(name)}${suffix}.ts`);
};

describe('layer rules (eslint.config.mjs)', () => {
  const results = new Map<string, Linter.LintMessage[] | undefined>();

  beforeAll(async () => {
    const files = Object.keys(PROBES).map((name) => [name, probePath(name)] as const);
    try {
      for (const [name, file] of files) writeFileSync(file, (PROBES[name] as Probe).code);
      // The repository's own configuration, type-aware like `npm run lint`. One run for all probes: the
      // TypeScript programs are built once per package.
      const linted = await lintFiles(files.map(([, file]) => file));
      for (const [name, file] of files) results.set(name, linted.find((result) => result.filePath === file)?.messages);
    } finally {
      for (const [, file] of files) rmSync(file, { force: true });
    }
  }, 300_000);

  it.each(Object.keys(PROBES))('%s', (name) => {
    const { errors } = PROBES[name] as Probe;
    const messages = results.get(name);
    expect(messages).toBeDefined();
    expect(messages?.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }))).toEqual(
      errors.map(([ruleId, message]) => ({ ruleId, severity: 2, message: expect.stringContaining(message) })),
    );
  });
});
