/**
 * Runs work for one key at a time, in arrival order; different keys run side by side.
 * Sign-in attempts for one user name go through here, so the throttle is checked after the
 * previous attempt has been counted: thirty attempts sent at once are thirty attempts in a row.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests and the idle sweep). */
  get size(): number {
    return this.tails.size;
  }
}
