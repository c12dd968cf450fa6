interface Pending<In, Out> {
  readonly item: In;
  readonly resolve: (result: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a statement is in flight go together in the next one, so a
 * quiet server runs one statement per item and a busy one far fewer. `run` answers each item of a
 * batch in order; if it throws, every item of that batch gets the error.
 */
export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = false;

  constructor(private readonly run: (items: In[]) => Promise<Out[]>) {}

  submit(item: In): Promise<Out> {
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
      try {
        const results = await this.run(batch.map((pending) => pending.item));
        batch.forEach((pending, i) => pending.resolve(results[i] as Out));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.inFlight = false;
  }
}
