import { Clock } from '../ports';

/** A clock that only moves when told to. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock on instead of waiting. */
  async sleep(milliseconds: number): Promise<void> {
    this.current = new Date(this.current.getTime() + milliseconds);
  }

  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
