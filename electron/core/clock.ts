/** Injected time, so idle locks, due dates and retention are testable. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** System time plus an adjustable offset: used by tests and the web host's test hooks. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  /** Set when frozen: time stands at this instant (plus advance()s), so screenshots match to the minute. */
  private frozenAt: number | null = null;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return (this.frozenAt ?? this.base.now()) + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Jumps to an instant; frozen, it stays there until the next set or advance. */
  set(ms: number, freeze = false): void {
    this.frozenAt = freeze ? ms : null;
    this.offsetMs = freeze ? 0 : ms - this.base.now();
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
