/**
 * A list's first page asked for at the click that opens it, so the call runs while the page mounts
 * (mounting a page takes longer than the call; asked from the mounted page, the two add up). The
 * page takes the answer once, within a few seconds of the click; after that, or for any other
 * request, it asks afresh.
 */
const FRESH_MS = 3000;
const early = new Map<string, { at: number; reply: Promise<unknown> }>();

/** Starts `call` now, kept under `key` (the channel and its request) for the page that follows. */
export function askEarly<T>(key: string, call: () => Promise<T>): void {
  early.set(key, { at: performance.now(), reply: call() });
}

/** The early answer for `key` if one was asked for just now, else `call()`. */
export function takeEarly<T>(key: string, call: () => Promise<T>): Promise<T> {
  const e = early.get(key);
  early.delete(key);
  return e && performance.now() - e.at < FRESH_MS ? (e.reply as Promise<T>) : call();
}
