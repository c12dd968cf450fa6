import { RetrySchedule } from '../delivery/retry-schedule';
import { Outbox } from '../ports';

export interface RetryOutboxInput {
  /** Message ids; absent means every dead message. */
  readonly ids?: readonly string[];
}

/** Gives dead messages another full retry horizon, starting now (`outbox retry`); returns how many. */
export class RetryOutbox {
  constructor(
    private readonly outbox: Outbox,
    private readonly schedule: RetrySchedule,
  ) {}

  execute(input: RetryOutboxInput): Promise<number> {
    return this.outbox.retry(input.ids && input.ids.length > 0 ? input.ids : 'all-dead', this.schedule.settings.horizonMs);
  }
}
