module.exports = {
  ...require('../../jest.preset'),
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The suites share one database: one file at a time.
  maxWorkers: 1,
  testTimeout: 60_000,
};
