module.exports = {
  ...require('../../jest.preset'),
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  // The suites share one database and truncate it: one file at a time.
  maxWorkers: 1,
  testTimeout: 30_000,
};
