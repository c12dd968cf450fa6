export * from './test-database';
export * from './read-only-database';
export * from './pgbouncer';
export * from './free-port';
