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
const ANOTHER_SURFACE = 'A surface never imports another surface';
const SHARED_BASE = 'The shared base (';
const BELOW_ROOT = 'Below the composition root nothing imports it';
const PERSISTENCE_VALUES = "Only the composition root (composition/) and the entry points and root modules (src/*.ts) import @hush/persistence's values";
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

  // 4. Inside apps/api/src: a surface never imports another surface; the shared base imports no surface; nothing
  // below the composition root imports it or an entry point; only the root and the entry points import
  // @hush/persistence's values.
  'api-v1 → pages': { dir: 'apps/api/src/api-v1', code: lines("export * from '../pages/page-renderer';"), errors: [[IMPORTS, ANOTHER_SURFACE]] },
  'pages, two folders down → notifications, cli, api-v1': {
    dir: 'apps/api/src/pages/i18n',
    code: lines("export * from '../../notifications/outbox.worker';", "export * from '../../cli/cli-output';", "export * from '../../api-v1/openapi';"),
    errors: [[IMPORTS, ANOTHER_SURFACE], [IMPORTS, ANOTHER_SURFACE], [IMPORTS, ANOTHER_SURFACE]],
  },
  'notifications → cli, health, scheduling': {
    dir: 'apps/api/src/notifications',
    code: lines("export * from '../cli/cli-output';", "export * from '../health/health.module';", "export * from '../scheduling/purge.scheduler';"),
    errors: [[IMPORTS, ANOTHER_SURFACE], [IMPORTS, ANOTHER_SURFACE], [IMPORTS, ANOTHER_SURFACE]],
  },
  'pages → shared base, tokens, own folder': {
    dir: 'apps/api/src/pages',
    code: lines(
      "export * from '../http/request-origin';",
      "export * from '../i18n/locales';",
      "export * from '../config/app-config';",
      "export * from '../observability/describe-error';",
      "export * from '../tokens';",
      "export * from './page-renderer';",
      "export * from './i18n/catalogue';",
    ),
    errors: [],
  },
  'notifications, two folders down → shared base, own folder': {
    dir: 'apps/api/src/notifications/mail',
    code: lines("export * from '../../i18n/utc-date-format';", "export * from '../webhook.sender';", "export * from './i18n/mail-catalogue';"),
    errors: [],
  },
  'shared base http → api-v1, pages': {
    dir: 'apps/api/src/http',
    code: lines("export * from '../api-v1/v1-exception.filter';", "export * from '../pages/page-renderer';"),
    errors: [[IMPORTS, SHARED_BASE], [IMPORTS, SHARED_BASE]],
  },
  'shared base, two folders down → notifications': {
    dir: 'apps/api/src/http/errors',
    code: lines("export * from '../../notifications/outbox.worker';"),
    errors: [[IMPORTS, SHARED_BASE]],
  },
  'shared base i18n → pages': {
    dir: 'apps/api/src/i18n',
    code: lines("export * from '../pages/i18n/catalogue';"),
    errors: [[IMPORTS, SHARED_BASE]],
  },
  'shared base config → cli': { dir: 'apps/api/src/config', code: lines("export * from '../cli/cli-output';"), errors: [[IMPORTS, SHARED_BASE]] },
  'shared base observability → notifications': {
    dir: 'apps/api/src/observability',
    code: lines("export * from '../notifications/outbox.worker';"),
    errors: [[IMPORTS, SHARED_BASE]],
  },
  'shared base http → shared base, own folder': {
    dir: 'apps/api/src/http',
    code: lines(
      "export * from '../config/app-config';",
      "export * from '../observability/describe-error';",
      "export * from '../rate-limit/rate-limiter';",
      "export * from '../lifecycle/graceful-shutdown';",
      "export * from '../tokens';",
      "export * from './errors/request-errors';",
    ),
    errors: [],
  },
  'shared base, two folders down → shared base': {
    dir: 'apps/api/src/http/errors',
    code: lines("export * from '../../i18n/locales';", "export * from '../intended-status';"),
    errors: [],
  },
  'surface, shared base → composition root, entry point, root module': {
    dir: 'apps/api/src/notifications',
    code: lines("export * from '../composition/message-senders';", "export * from '../app.module';", "export * from '../main';"),
    errors: [[IMPORTS, BELOW_ROOT], [IMPORTS, BELOW_ROOT], [IMPORTS, BELOW_ROOT]],
  },
  'shared base, two folders down → composition root, root module': {
    dir: 'apps/api/src/http/auth',
    code: lines("export * from '../../composition/composition.module';", "export * from '../../surfaces';"),
    errors: [[IMPORTS, BELOW_ROOT], [IMPORTS, BELOW_ROOT]],
  },
  'surface, shared base → @hush/persistence values': {
    dir: 'apps/api/src/cli',
    code: lines(
      "export { isStorageUnavailable } from '@hush/persistence';",
      "import { Database, type RateCounter } from '@hush/persistence';",
      'export type Both = Database | RateCounter;',
    ),
    errors: [[RELATIVE, PERSISTENCE_VALUES], [RELATIVE, PERSISTENCE_VALUES]],
  },
  'shared base rate-limit → @hush/persistence value': {
    dir: 'apps/api/src/rate-limit',
    code: lines("import { PostgresRateCounter } from '@hush/persistence';", 'export const counter = PostgresRateCounter;'),
    errors: [[RELATIVE, PERSISTENCE_VALUES]],
  },
  'surface, shared base → @hush/persistence types': {
    dir: 'apps/api/src/rate-limit',
    code: lines(
      "import type { RateCounter } from '@hush/persistence';",
      "import { type RateHit } from '@hush/persistence';",
      "export type { Database } from '@hush/persistence';",
      'export type Both = RateCounter | RateHit;',
    ),
    errors: [],
  },
  'composition root → surfaces, shared base, @hush/persistence values': {
    dir: 'apps/api/src/composition',
    code: lines(
      "export * from '../notifications/webhook.sender';",
      "export * from '../pages/pages';",
      "export * from '../rate-limit/rate-limiter';",
      "export * from '../tokens';",
      "export { Database } from '@hush/persistence';",
    ),
    errors: [],
  },
  'entry points, root modules → anything in the app, @hush/persistence values': {
    dir: 'apps/api/src',
    code: lines(
      "export * from './composition/composition.module';",
      "export * from './api-v1/api-v1';",
      "export * from './pages/pages';",
      "export { isStorageUnavailable } from '@hush/persistence';",
    ),
    errors: [],
  },

  // 5. Floating and misused promises, awaited non-promises (type-aware), in sources and in api's tests.
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
