export * from './fixed-clock';
export * from './sequential-key-generator';
export * from './fake-crypto';
export * from './in-memory-secret.repository';
export * from './in-memory-account.repository';
export * from './domain-fixture';
export * from './recording-secret-events';
export * from './secret-repository.contract';
