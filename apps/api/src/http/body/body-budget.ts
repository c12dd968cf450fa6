/**
 * The memory all request bodies being read may hold together, reserved when a request's headers arrive
 * and given back when its response ends. A body over `smallBytes` may only use the first half, so a flood
 * of large bodies always leaves the other half to small ones (ordinary shares, reveals, page forms).
 */
export class BodyBudget {
  private held = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly smallBytes: number,
  ) {}

  get heldBytes(): number {
    return this.held;
  }

  /** Reserves `bytes`, or answers false, reserving nothing, when they do not fit. */
  tryReserve(bytes: number): boolean {
    const ceiling = bytes > this.smallBytes ? this.totalBytes / 2 : this.totalBytes;
    if (this.held + bytes > ceiling) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }
}
