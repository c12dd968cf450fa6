import { StorageUnavailableError } from '@hush/domain';
import { isStorageTimeout, isStorageUnavailable } from './storage-errors';

export interface StorageCircuitOptions {
  /** How long the probe may take before the storage counts as hung; while it does, also how often it is probed again. */
  readonly probeTimeoutMs: number;
  /** Told when the circuit opens (true) or closes (false). */
  readonly onChange?: (open: boolean) => void;
}

export class ProbeTimeoutError extends Error {
  constructor(ms: number) {
    super(`The database did not commit a write within ${ms} ms`);
  }
}

/**
 * Fails fast while the storage is known to hang. A query that times out starts the probe (a write; one
 * at a time); when the probe does not commit within its timeout either, the circuit opens: queries are
 * refused at once instead of each waiting out its own timeout, and the probe runs again every
 * probeTimeoutMs until a write commits (a late one too) or the server answers with an error, which
 * closes it. A single slow query whose probe commits in time opens nothing; an unreachable server
 * (refused at once) needs no circuit.
 */
export class StorageCircuit {
  private open = false;
  /** The probe's verdict while its write is still running (a verdict may come before the write ends). */
  private probing: Promise<void> | null = null;
  private retry: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly options: StorageCircuitOptions,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  /** Before each query: refuses at once while the storage is known to hang. */
  assertClosed(): void {
    if (this.open) throw new StorageUnavailableError();
  }

  /** A query timed out: find out, in the background, whether the storage hangs. */
  noteTimeout(): void {
    this.check().catch(() => undefined);
  }

  /**
   * Resolves when the probe commits within its timeout; rejects otherwise (ProbeTimeoutError, or the
   * probe's own error). While a probe runs, callers share its verdict instead of starting another.
   */
  check(): Promise<void> {
    if (this.probing) return this.probing;
    const write = this.probe();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeoutError(this.options.probeTimeoutMs)), this.options.probeTimeoutMs);
    });
    const verdict = Promise.race([write, timeout]).finally(() => clearTimeout(timer));
    verdict.then(
      () => this.setOpen(false),
      (error: unknown) => this.learn(error),
    );
    this.probing = verdict;
    // A write that ends after its verdict still tells whether the storage answers again.
    write
      .then(
        () => this.setOpen(false),
        (error: unknown) => this.learn(error),
      )
      .finally(() => {
        if (this.probing === verdict) this.probing = null;
      });
    return verdict;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.retry);
  }

  /** A timeout opens; an error the server answered with (the probe's own SQL failing) closes: a refused connection tells nothing. */
  private learn(error: unknown): void {
    if (error instanceof ProbeTimeoutError || isStorageTimeout(error)) this.setOpen(true);
    else if (!isStorageUnavailable(error)) this.setOpen(false);
  }

  private setOpen(open: boolean): void {
    if (this.stopped || open === this.open) return;
    this.open = open;
    clearInterval(this.retry);
    if (open) {
      this.retry = setInterval(() => this.noteTimeout(), this.options.probeTimeoutMs);
      this.retry.unref();
    }
    this.options.onChange?.(open);
  }
}
