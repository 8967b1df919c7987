import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 on a second core. Fixity hashing and AES-GCM each run near 1–2 GB/s; done one after
 * the other they halve ingest speed, so large files hash in a worker while the main thread
 * encrypts. Small inputs stay inline (a worker round-trip costs more than it saves).
 */
const WORKER_SRC = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'u') { let h = jobs.get(m.id); if (!h) { h = createHash('sha256'); jobs.set(m.id, h); } h.update(new Uint8Array(m.b)); parentPort.postMessage({ id: m.id, ack: m.b.byteLength }); }
  else if (m.t === 'e') { const h = jobs.get(m.id) ?? createHash('sha256'); jobs.delete(m.id); parentPort.postMessage({ id: m.id, hex: h.digest('hex') }); }
  else if (m.t === 'x') { jobs.delete(m.id); }
});`;

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (hex: string) => void>();
const acks = new Map<number, (n: number) => void>();

function shared(): Worker {
  if (!worker) {
    worker = new Worker(WORKER_SRC, { eval: true });
    worker.unref();
    worker.on('message', (m: { id: number; hex?: string; ack?: number }) => {
      if (m.ack !== undefined) return acks.get(m.id)?.(m.ack);
      waiting.get(m.id)?.(m.hex!);
      waiting.delete(m.id);
      acks.delete(m.id);
    });
    worker.on('error', () => (worker = null));
  }
  return worker;
}

const INLINE_LIMIT = 4 * 1024 * 1024;
/** Bytes posted but not yet hashed; past this the producer waits, so memory stays flat. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

export class ParallelSha256 {
  private inline: ReturnType<typeof createHash> | null = createHash('sha256');
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private id = 0;
  private inFlight = 0;
  private drained: (() => void) | null = null;

  /** Resolves at once unless the worker is behind, in which case the caller should wait. */
  update(chunk: Buffer): Promise<void> | undefined {
    if (this.inline) {
      // Keep the first few MiB local; only big files move to the worker.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes <= INLINE_LIMIT) return undefined;
      this.inline = null;
      this.id = nextId++;
      acks.set(this.id, (n) => {
        this.inFlight -= n;
        if (this.inFlight <= MAX_IN_FLIGHT / 2 && this.drained) {
          this.drained();
          this.drained = null;
        }
      });
      for (const p of this.pending.splice(0)) this.send(p);
    } else {
      this.send(chunk);
    }
    return this.inFlight > MAX_IN_FLIGHT ? new Promise<void>((r) => (this.drained = r)) : undefined;
  }

  async digest(): Promise<string> {
    if (this.inline) {
      for (const p of this.pending) this.inline.update(p);
      return this.inline.digest('hex');
    }
    return new Promise((resolve) => {
      waiting.set(this.id, resolve);
      shared().postMessage({ t: 'e', id: this.id });
    });
  }

  private send(chunk: Buffer): void {
    this.inFlight += chunk.length;
    const copy = new Uint8Array(chunk.length);
    copy.set(chunk);
    shared().postMessage({ t: 'u', id: this.id, b: copy.buffer }, [copy.buffer]);
  }
}
