import { createHash } from 'node:crypto';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AuditEntry, ListAuditTrail, ListOutbox, OutboxEntry, RetryOutbox } from '@hush/domain';
import { CliOutput } from './cli-output';

const positiveInteger = (value: string, flag: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${flag} must be a whole number above 0`);
  return Number(value);
};

const auditLine = (entry: AuditEntry) => ({
  at: entry.at.toISOString(),
  event: entry.event,
  custid: entry.custid,
  owner: entry.owner,
  secret_ref: entry.secretRef,
  client_address: entry.clientAddress,
  user_agent: entry.userAgent,
  reason: entry.reason,
  event_id: entry.eventId,
});

interface AuditListOptions {
  custid?: string;
  since?: Date;
  limit?: number;
  receipt?: string;
}

@SubCommand({ name: 'list', description: 'The audit trail, oldest first: one JSON object per line' })
export class AuditListCommand extends CommandRunner {
  constructor(private readonly listAudit: ListAuditTrail, private readonly out: CliOutput) {
    super();
  }

  async run(_args: string[], options: AuditListOptions): Promise<void> {
    const entries = await this.listAudit.execute({
      ...(options.custid === undefined ? {} : { custid: options.custid }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      // The trail names a secret by its metadata key's hash, never by the key itself.
      ...(options.receipt === undefined ? {} : { secretRef: createHash('sha256').update(options.receipt, 'utf8').digest('hex') }),
    });
    for (const entry of entries) this.out.line(JSON.stringify(auditLine(entry)));
  }

  @Option({ flags: '--custid <custid>', description: 'Only entries where this account acted or owns the secret' })
  parseCustid(value: string): string {
    return value;
  }

  @Option({ flags: '--since <iso>', description: 'Only entries at or after this time (ISO 8601, e.g. 2026-12-01T00:00:00Z)' })
  parseSince(value: string): Date {
    const since = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(since.getTime())) throw new Error('--since must be an ISO 8601 time, e.g. 2026-12-01T00:00:00Z');
    return since;
  }

  @Option({ flags: '--limit <n>', description: 'At most this many entries (default 1000)' })
  parseLimit(value: string): number {
    return positiveInteger(value, '--limit');
  }

  @Option({ flags: '--receipt <metadata-key>', description: 'Only the story of the secret with this metadata key' })
  parseReceipt(value: string): string {
    return value;
  }
}

@Command({ name: 'audit', description: 'Read the audit trail', subCommands: [AuditListCommand] })
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}

const outboxLine = (entry: OutboxEntry) => ({
  id: entry.id,
  kind: entry.kind,
  event: entry.event,
  destination: entry.destination,
  custid: entry.custid,
  attempts: entry.attempts,
  created: entry.createdAt.toISOString(),
  next_attempt: entry.deadAt ? null : entry.nextAttemptAt.toISOString(),
  dead: entry.deadAt?.toISOString() ?? null,
  last_error: entry.lastError,
  event_id: entry.eventId,
});

@SubCommand({ name: 'list', description: 'Messages waiting for delivery and dead ones, oldest first: one JSON object per line' })
export class OutboxListCommand extends CommandRunner {
  constructor(private readonly listOutbox: ListOutbox, private readonly out: CliOutput) {
    super();
  }

  async run(_args: string[], options: { dead?: boolean; pending?: boolean; limit?: number }): Promise<void> {
    if (options.dead && options.pending) throw new Error('--dead and --pending exclude each other');
    const dead = options.dead ? true : options.pending ? false : undefined;
    const entries = await this.listOutbox.execute({ ...(dead === undefined ? {} : { dead }), ...(options.limit ? { limit: options.limit } : {}) });
    if (entries.length === 0) this.out.note(`No ${dead === true ? 'dead ' : dead === false ? 'pending ' : ''}messages in the outbox`);
    for (const entry of entries) this.out.line(JSON.stringify(outboxLine(entry)));
  }

  @Option({ flags: '--dead', description: 'Only messages that failed for good' })
  parseDead(): boolean {
    return true;
  }

  @Option({ flags: '--pending', description: 'Only messages still being delivered' })
  parsePending(): boolean {
    return true;
  }

  @Option({ flags: '--limit <n>', description: 'At most this many messages (default 1000)' })
  parseLimit(value: string): number {
    return positiveInteger(value, '--limit');
  }
}

@SubCommand({ name: 'retry', arguments: '[ids...]', description: 'Deliver dead messages again (all of them, or those named), with a new retry period' })
export class OutboxRetryCommand extends CommandRunner {
  constructor(private readonly retryOutbox: RetryOutbox, private readonly out: CliOutput) {
    super();
  }

  async run(ids: string[]): Promise<void> {
    for (const id of ids) positiveInteger(id, 'A message id');
    const retried = await this.retryOutbox.execute({ ids });
    this.out.line(`Retrying ${retried} dead message${retried === 1 ? '' : 's'}`);
  }
}

@Command({ name: 'outbox', description: 'Inspect and retry outbox messages (mail, webhooks)', subCommands: [OutboxListCommand, OutboxRetryCommand] })
export class OutboxCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
