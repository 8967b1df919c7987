import type { ServerResponse } from 'node:http';
import type { Channel } from '../../shared/contract/channel';

/** At most this many event streams per address (a PC has a few windows open, not hundreds). */
const PER_ADDRESS = 16;

interface Listener {
  clientId: string;
  address: string;
  res: ServerResponse;
}

/**
 * Server-sent events: after a write in an area, every client with an open session hears
 * `event: change` with `{"area":"lending"}` — the area's name, never data — and reloads what it
 * shows of that area through the ordinary, permission-checked channels.
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly beat: NodeJS.Timeout;

  constructor(private readonly isOpen: (clientId: string) => boolean) {
    // A comment line now and then keeps proxies and idle timers from closing a quiet stream,
    // and ends the streams of clients whose session locked or ended.
    this.beat = setInterval(() => this.send(': keep-alive\n\n'), 15_000);
    this.beat.unref();
  }

  get size(): number {
    return this.listeners.size;
  }

  open(clientId: string, address: string, res: ServerResponse, headers: Record<string, string>): boolean {
    if ([...this.listeners].filter((l) => l.address === address).length >= PER_ADDRESS) return false;
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.write(': open\n\n');
    const l: Listener = { clientId, address, res };
    this.listeners.add(l);
    res.on('close', () => this.listeners.delete(l));
    return true;
  }

  broadcast(area: string): void {
    this.send(`event: change\ndata: ${JSON.stringify({ area })}\n\n`);
  }

  closeAll(): void {
    clearInterval(this.beat);
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
  }

  private send(text: string): void {
    for (const l of this.listeners) {
      if (!this.isOpen(l.clientId)) {
        this.listeners.delete(l);
        l.res.end();
      } else l.res.write(text);
    }
  }
}

/**
 * The area a successful call changed, or null for reads: sign-in and session calls, polls, and
 * channels whose permission only reads or views.
 */
export function changedArea(name: string, ch: Channel | undefined): string | null {
  if (!ch || ch.passive || ch.access === 'public' || ch.access === 'session') return null;
  if (/\.(read|view)$/.test(ch.access)) return null;
  return name.split('.')[0];
}
