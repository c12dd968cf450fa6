export type Release = () => void;

interface Slots {
  running: number;
  readonly waiting: ((release: Release) => void)[];
}

/** Per key, at most `concurrent` holders at once and `queued` more waiting in turn; a key with neither is forgotten. */
export class KeyedSemaphore {
  private readonly keys = new Map<string, Slots>();

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {
    if (!Number.isInteger(concurrent) || concurrent < 1) throw new RangeError('KeyedSemaphore: concurrent must be a positive integer');
    if (!Number.isInteger(queued) || queued < 0) throw new RangeError('KeyedSemaphore: queued must be a whole number');
  }

  /** Resolves to the slot's release once one is free, or at once to null when the key's queue is full. */
  acquire(key: string): Promise<Release | null> {
    let slots = this.keys.get(key);
    if (slots === undefined) {
      slots = { running: 0, waiting: [] };
      this.keys.set(key, slots);
    }
    if (slots.running < this.concurrent) {
      slots.running += 1;
      return Promise.resolve(this.releaser(key, slots));
    }
    if (slots.waiting.length >= this.queued) return Promise.resolve(null);
    const { waiting } = slots;
    return new Promise((resolve) => waiting.push(resolve));
  }

  /** Keys with a holder or a waiter. */
  get activeKeys(): number {
    return this.keys.size;
  }

  private releaser(key: string, slots: Slots): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      // The slot passes straight to the next in line, so a newcomer cannot overtake those waiting.
      if (next !== undefined) next(this.releaser(key, slots));
      else if (--slots.running === 0) this.keys.delete(key);
    };
  }
}
