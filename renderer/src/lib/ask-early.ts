/**
 * A list's first page asked for at the click that opens it, so the call runs while the page mounts
 * (mounting a page takes longer than the call; asked from the mounted page, the two add up). The
 * page takes the answer once, within a few seconds of the click; after that, or for any other
 * request, it asks afresh.
 */
const FRESH_MS = 3000;
const early = new Map<string, { at: number; reply: Promise<unknown> }>();
const keyOf = (channel: string, req: unknown) => `${channel}:${JSON.stringify(req)}`;

/** Starts `call(req)` now, kept under the channel and its request for the page that follows. */
export function askEarly<Q, R>(channel: string, call: (req: Q) => Promise<R>, req: Q): void {
  early.set(keyOf(channel, req), { at: performance.now(), reply: call(req) });
}

/** The early answer to the same channel and request if one was asked for just now, else `call(req)`. */
export function takeEarly<Q, R>(channel: string, call: (req: Q) => Promise<R>, req: Q): Promise<R> {
  const key = keyOf(channel, req);
  const e = early.get(key);
  early.delete(key);
  return e && performance.now() - e.at < FRESH_MS ? (e.reply as Promise<R>) : call(req);
}
