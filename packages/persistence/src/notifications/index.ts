export * from './change-record-sql';
export * from './postgres-outbox';
export * from './postgres-audit-trail';
export * from './postgres-mail-quota';
