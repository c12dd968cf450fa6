import { Outbox, OutboxEntry } from '../ports';

export interface ListOutboxInput {
  /** Only dead messages (true), only pending ones (false), or both. */
  readonly dead?: boolean;
  readonly limit?: number;
}

/** What waits for delivery and what gave up (`outbox list`), oldest first. */
export class ListOutbox {
  constructor(private readonly outbox: Outbox) {}

  execute(input: ListOutboxInput): Promise<OutboxEntry[]> {
    return this.outbox.list({ ...(input.dead === undefined ? {} : { dead: input.dead }), limit: input.limit ?? 1000 });
  }
}
