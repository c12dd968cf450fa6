export * from './retry-schedule';
export * from './messages';
export * from './notification-plan';
