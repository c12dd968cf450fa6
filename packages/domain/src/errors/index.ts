export * from './domain-error';
export * from './secret.errors';
export * from './account.errors';
export * from './storage-unavailable.error';
export * from './any-domain-error';
