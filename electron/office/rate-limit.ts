/**
 * Requests per client address in a fixed window, checked before anything else the server does
 * (no header parsing beyond the address, no body, no session lookup), so a flood costs it a map
 * lookup per request.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; false when the address is over its limit for this window. */
  take(address: string): boolean {
    const t = this.now();
    let w = this.windows.get(address);
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.prune(t);
      w = { start: t, count: 0 };
      this.windows.set(address, w);
    }
    w.count++;
    return w.count <= this.max;
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
