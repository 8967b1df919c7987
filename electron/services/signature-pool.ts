import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditEntryRecord } from '../db/entities/audit-entry.entity';
import { auditSignBody } from './audit-grants';

/**
 * Ed25519 checks of a whole page of entries, spread over worker threads (verification is ~80 µs an
 * entry: the cost of a full verify). Inline source, so the bundled app and plain Node run the same.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map();
parentPort.on('message', ({ id, items }) => {
  const out = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const [body, sig, pub] = items[i];
    if (!pub || !sig) continue;
    let k = keys.get(pub);
    if (!k) { k = createPublicKey({ key: Buffer.concat([SPKI, Buffer.from(pub, 'base64')]), format: 'der', type: 'spki' }); keys.set(pub, k); }
    try { out[i] = verify(null, Buffer.from(body, 'utf8'), k, Buffer.from(sig, 'base64')) ? 1 : 0; } catch { out[i] = 0; }
  }
  parentPort.postMessage({ id, out }, [out.buffer]);
});
`;

export class SignaturePool {
  private readonly workers: Worker[];
  private next = 0;
  private readonly waiting = new Map<number, (out: Uint8Array) => void>();

  constructor(size = Math.max(1, Math.min(8, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
        this.waiting.get(id)?.(out);
        this.waiting.delete(id);
      });
      // Not unref'd: a check in flight must keep the process alive (close() ends the workers).
      return w;
    });
  }

  /** One flag per row: does its signature hold under the key its signer id names (`publicOf`)? */
  async check(rows: AuditEntryRecord[], publicOf: (signer: string) => string | undefined): Promise<boolean[]> {
    const items = rows.map((r) => [auditSignBody(r), r.sig, r.signer ? publicOf(r.signer) : undefined] as const);
    const per = Math.ceil(items.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((w, i) => {
        const slice = items.slice(i * per, (i + 1) * per);
        if (slice.length === 0) return Promise.resolve(new Uint8Array(0));
        const id = this.next++;
        return new Promise<Uint8Array>((resolve) => {
          this.waiting.set(id, resolve);
          w.postMessage({ id, items: slice });
        });
      }),
    );
    return parts.flatMap((p) => Array.from(p, (x) => x === 1));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
