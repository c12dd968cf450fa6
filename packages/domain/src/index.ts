export * from './errors';
export * from './secret';
export * from './account/account';
export * from './ports';
export * from './use-cases';
