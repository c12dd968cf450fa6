module.exports = {
  ...require('../../jest.preset'),
  // test/: the package as another service installs it (npm pack), beside the unit tests in src/.
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
};
