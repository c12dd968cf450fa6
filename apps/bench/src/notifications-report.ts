import type { Figures, NotificationsOutcome } from './notifications-price';
import { table, type Row } from './report';

/** The commit before issue 13 (audit trail and outbox): what the comparison measures against unless told otherwise. */
export const DEFAULT_BASELINE = '9e21f8a';

const cell = (figures: Figures) => `${figures.opsPerSec.toFixed(0)}/s, p50 ${figures.p50Ms.toFixed(0)} ms, p99 ${figures.p99Ms.toFixed(0)} ms`;
const count = (value: number) => (Number.isFinite(value) ? value.toLocaleString('en') : '–');

export interface NotificationsRun {
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
}

/** The docs/performance.md paragraph and table of the audit trail and outbox's price, or why it was not measured. */
export function notificationsMarkdown(outcome: NotificationsOutcome, run: NotificationsRun): string {
  if (!outcome.ok) return `Price of the audit trail and outbox: not measured in this run (${outcome.reason}).`;
  const { price } = outcome;
  const baseline = price.rev === DEFAULT_BASELINE ? 'before issue 13' : price.rev;
  const rows: Row[] = price.operations.map((operation) => [
    operation.name,
    cell(operation.baseline),
    cell(operation.current),
    `${(operation.current.opsPerSec / operation.baseline.opsPerSec).toFixed(2)}`,
  ]);
  const during = price.operations
    .map((o) => {
      const after = o.undrained > 0 ? `${count(o.undrained)} still pending ${o.drainSeconds.toFixed(0)} s after` : `all delivered ${o.drainSeconds.toFixed(0)} s after`;
      return `${o.name} ${count(o.deliveredDuring)} of ${count(o.events)} (${count(o.pendingAfter)} left at its end, ${after})`;
    })
    .join('; ');
  const types = Object.entries(price.receiver.byType)
    .map(([type, n]) => `${count(n)} \`${type}\``)
    .join(', ');
  const errors = price.operations.reduce((sum, o) => sum + o.errors, 0);
  return [
    `Price of the audit trail and outbox: share, reveal and share+reveal at ${run.connections} connections on the server built from \`${price.rev}\` (${price.commit.slice(0, 7)}, ${baseline}) and on this one with the audit trail on and a webhook configured (\`WEBHOOK_URL\` pointing at a receiver the bench runs, which answers 204 at once), so that every event also writes an outbox message that the worker delivers, signed, while the load runs; medians of ${run.rounds} interleaved ${run.seconds} s runs each, every run on a freshly created database (\`apps/bench/src/notifications-price.ts\`). A share+reveal pair counts once.`,
    '',
    table(['operation', `baseline (${baseline})`, 'audit + outbox', 'ratio'], rows),
    '',
    `Webhooks: the receiver got ${count(price.receiver.received)} signed POSTs, ${count(price.receiver.unique)} distinct events (${types || 'none'}; ${count(price.receiver.badSignatures)} bad signatures), for the ${count(price.events)} events the current server's runs wrote (the reveal runs' secrets, made in-process, have their audit rows but no messages); ${count(price.undelivered)} left undelivered and ${count(price.dead)} given up at their end. Delivered while a run lasted (medians): ${during}. Errors over all runs: ${errors}.`,
  ].join('\n');
}
