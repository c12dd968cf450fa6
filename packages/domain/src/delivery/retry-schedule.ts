export interface RetryScheduleSettings {
  /** The wait after the first failed attempt; it doubles after each further one. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** How long after its creation a message is still retried (at least 24 hours by NOTIFICATIONS.md §3). */
  readonly horizonMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetryScheduleSettings = Object.freeze({
  firstDelayMs: 5_000,
  maxDelayMs: 60 * 60_000,
  horizonMs: 25 * 60 * 60_000,
});

/** Exponential backoff with jitter, so that receivers coming back are not met by every retry at once. */
export class RetrySchedule {
  constructor(
    readonly settings: RetryScheduleSettings = DEFAULT_RETRY_SCHEDULE,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait after `attempts` failed attempts: half the exponential step, plus up to as much again at random. */
  delayAfter(attempts: number): number {
    const step = Math.min(this.settings.maxDelayMs, this.settings.firstDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(step / 2 + (step / 2) * this.random());
  }
}
