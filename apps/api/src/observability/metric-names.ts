export const METRIC = {
  httpDuration: 'http_request_duration_seconds',
  created: 'hush_secrets_created_total',
  revealed: 'hush_secrets_revealed_total',
  burned: 'hush_secrets_burned_total',
  passphraseFailures: 'hush_passphrase_failures_total',
  purgedRows: 'hush_purged_rows_total',
  deliveries: 'hush_outbox_deliveries_total',
  outboxBacklog: 'hush_outbox_backlog',
  outboxDead: 'hush_outbox_dead',
  outboxOldestAge: 'hush_outbox_oldest_age_seconds',
} as const;
