export interface Clock {
  now(): Date;
  /** Resolves after the given time; background work rests with it. */
  sleep(milliseconds: number): Promise<void>;
}
