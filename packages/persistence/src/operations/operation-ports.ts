/** Work that one process at a time may do, whatever the number of replicas (the purge). */
export interface ExclusiveLock {
  /** Runs `work` only where the lock is free; undefined when another holder has it (then nothing ran). */
  whileHolding<T>(lockKey: number, work: () => Promise<T>): Promise<T | undefined>;
}

/** Readiness: resolves when the database commits a write in time, rejects when it does not. */
export interface DatabasePing {
  ping(): Promise<void>;
}

/** The schema's migrations. */
export interface Migrator {
  /** Applies pending migrations; returns their names (none when up to date). */
  migrate(): Promise<string[]>;
  /** Every migration this process applied, in order: at start-up (which migrates before any command runs) and since. */
  readonly applied: readonly string[];
  hasPendingMigrations(): Promise<boolean>;
}
