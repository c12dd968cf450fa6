const preset = require('../../jest.preset');

/** The test database (PGlite, or DATABASE_URL): set up once per run, only when a tier that needs it runs. */
const withDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/**
 * One jest project per tier; `jest` runs them all, `jest --selectProjects <name>` one. In the test:*
 * scripts `--config` ends the list of project names, so that arguments appended after `--` (file
 * patterns, -t) reach jest as such and are not read as more project names.
 */
module.exports = {
  projects: [
    // Unit tests next to the code: no server, no database.
    { ...preset, displayName: 'unit', rootDir: __dirname, roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    // Checks of files in the repository (Docker files, lint rules): no server, no database.
    { ...preset, displayName: 'static', rootDir: __dirname, roots: ['<rootDir>/test/static'], testMatch: ['**/*.spec.ts'] },
    // The HTTP contract through the real app (supertest), the CLI and the server as binaries.
    { ...preset, ...withDatabase, displayName: 'contract', rootDir: __dirname, roots: ['<rootDir>/test/contract'], testMatch: ['**/*.e2e-spec.ts'] },
    // Chromium (Debian's, driven by playwright-core) against the app on a real port: flows, keyboard, axe.
    { ...preset, ...withDatabase, displayName: 'browser', rootDir: __dirname, roots: ['<rootDir>/test/browser'], testMatch: ['**/*.e2e-spec.ts'] },
    // Several server processes under load, killed, cut off from the database; scaled by HUSH_SOAK_ROUNDS.
    { ...preset, ...withDatabase, displayName: 'reliability', rootDir: __dirname, roots: ['<rootDir>/test/reliability'], testMatch: ['**/*.e2e-spec.ts'] },
  ],
  // Global options (jest reads them here, not per project).
  // The suites share one database: one file at a time.
  maxWorkers: 1,
  testTimeout: 60_000,
};
