export * from './errors';
export * from './secret';
export * from './account/account';
export * from './ports';
export * from './use-cases';
export * from './composition/create-use-cases';
export * from './delivery';
