interface Pending<In, Out> {
  readonly item: In;
  readonly resolve: (result: Out) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitDeadlineError extends Error {
  constructor(ms: number) {
    super(`The statement did not answer within ${ms} ms`);
  }
}

/**
 * Group commit: items that arrive while a statement is in flight go together in the next one, so a
 * quiet server runs one statement per item and a busy one far fewer. `run` answers each item of a
 * batch in order; if it throws, every item of that batch gets the error.
 *
 * With a deadline, a statement that outlives it fails its batch and every item queued behind it, and
 * until it ends new items fail at once: nothing waits out a hung statement, and no second one is sent.
 */
export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = false;
  private stalled = false;

  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly deadlineMs = Number.POSITIVE_INFINITY,
  ) {}

  submit(item: In): Promise<Out> {
    if (this.stalled) return Promise.reject(new GroupCommitDeadlineError(this.deadlineMs));
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const deadline = Number.isFinite(this.deadlineMs) ? setTimeout(() => this.stall(batch), this.deadlineMs) : undefined;
      try {
        const results = await this.run(batch.map((pending) => pending.item));
        batch.forEach((pending, i) => pending.resolve(results[i] as Out));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      } finally {
        clearTimeout(deadline);
        this.stalled = false;
      }
    }
    this.inFlight = false;
  }

  private stall(batch: Pending<In, Out>[]): void {
    this.stalled = true;
    const error = new GroupCommitDeadlineError(this.deadlineMs);
    for (const pending of [...batch, ...this.queue]) pending.reject(error);
    this.queue = [];
  }
}
