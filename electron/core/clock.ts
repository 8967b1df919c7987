/** Injected time, so idle locks, due dates and retention are testable. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** System time plus an adjustable offset: used by tests and the web host's test hooks. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
