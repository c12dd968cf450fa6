module.exports = {
  ...require('../../jest.preset'),
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
};
