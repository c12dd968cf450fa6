export * from './clock';
export * from './key-generator';
export * from './cipher';
export * from './passphrase-hasher';
export * from './token-hasher';
export * from './secret.repository';
export * from './account.repository';
export * from './secret-events';
