const base = require('./jest.config');

/**
 * The embedded PostgreSQL's pass (`npm run test:storage`): the contract and reliability tiers minus the suites
 * whose subject is HTTP itself (framing, bodies, slow clients, Basic parsing, headers and metrics, the SMTP client), which the
 * storage under them cannot change, and the suites that bring their own PostgreSQL; the PostgreSQL pass runs every suite.
 */
const HTTP_ONLY = ['transport', 'slow-clients', 'auth', 'operability', 'body-memory', 'smtp-mailer'].map((name) => `/${name}\\.e2e-spec\\.ts$`);
/** Suites that start a PostgreSQL cluster of their own (Patroni), whatever the tests' database is. */
const OWN_DATABASE = ['patroni-failover'].map((name) => `/${name}\\.e2e-spec\\.ts$`);

module.exports = {
  ...base,
  projects: base.projects.map((project) =>
    ['contract', 'reliability'].includes(project.displayName) ? { ...project, testPathIgnorePatterns: ['/node_modules/', ...HTTP_ONLY, ...OWN_DATABASE] } : project,
  ),
};
