/** One counted call, under its key. */
export interface RateHit {
  readonly key: string;
}

export interface RateCount {
  /** Calls counted under the key in the current window, this one included. */
  readonly hits: number;
  /** Seconds until the window ends and the counts start again (at least 1). */
  readonly resetsInSeconds: number;
}

/** Fixed-window call counters (one window length per counter), shared by whoever shares the store. */
export interface RateCounter {
  hit(hit: RateHit): Promise<RateCount>;
  /** Forgets counters of windows that have ended. */
  prune(): Promise<void>;
}
