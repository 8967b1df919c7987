import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ParallelSha256 } from './parallel-hash';

/**
 * Streaming authenticated encryption for attachments: AES-256-GCM over fixed-size chunks
 * (the STREAM construction). Each chunk's nonce = 8-byte random prefix ‖ chunk index, and its
 * AAD marks the last chunk, so truncation, reordering or a flipped byte fail authentication —
 * chunk by chunk, with memory flat whatever the file size.
 *
 * File: "ARAT" | version 1 | chunkSize (u32 BE) | noncePrefix (8) | chunks (ciphertext ‖ 16-byte tag)…
 */
const MAGIC = Buffer.from('ARAT');
const HEADER_LEN = 4 + 1 + 4 + 8;
const TAG_LEN = 16;
export const DEFAULT_CHUNK = 1024 * 1024;

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(header: Buffer, index: number, final: boolean): Buffer {
  const a = Buffer.alloc(header.length + 5);
  header.copy(a, 0);
  a.writeUInt32BE(index, header.length);
  a[header.length + 4] = final ? 1 : 0;
  return a;
}

/** Collects input and hands out exact-size pieces without quadratic copying. */
class ChunkBuffer {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  /** The next n bytes as the pieces they arrived in (no copying; the cipher takes them one by one). */
  takeParts(n: number): Buffer[] {
    const out: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const p = this.parts[0];
      if (p.length <= need) {
        out.push(p);
        this.parts.shift();
        need -= p.length;
      } else {
        out.push(p.subarray(0, need));
        this.parts[0] = p.subarray(need);
        need = 0;
      }
    }
    this.length -= n;
    return out;
  }

  take(n: number): Buffer {
    const first = this.parts[0];
    // Common case: the first part alone covers the request, so no copy is needed.
    if (first && first.length >= n) {
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    const all = Buffer.concat(this.parts, this.length);
    const rest = all.subarray(n);
    this.parts = rest.length ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, n);
  }
}

export class EncryptStream extends Transform {
  private readonly header: Buffer;
  private readonly buf = new ChunkBuffer();
  private index = 0;
  private readonly hash = new ParallelSha256();
  size = 0;

  constructor(
    private readonly key: Buffer,
    noncePrefix: Buffer,
    private readonly chunkSize = DEFAULT_CHUNK,
  ) {
    super();
    this.header = Buffer.alloc(HEADER_LEN);
    MAGIC.copy(this.header, 0);
    this.header[4] = 1;
    this.header.writeUInt32BE(chunkSize, 5);
    noncePrefix.copy(this.header, 9);
    this.push(this.header);
  }

  /** SHA-256 of the plaintext, available after 'finish'. */
  digest(): Promise<string> {
    return this.hash.digest();
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const wait = this.hash.update(chunk);
    this.size += chunk.length;
    this.buf.push(chunk);
    // Hold back at least one byte: the last chunk must be sealed as final in _flush.
    while (this.buf.length > this.chunkSize) this.push(this.seal(this.buf.takeParts(this.chunkSize), false));
    if (wait) void wait.then(() => cb());
    else cb();
  }

  _flush(cb: TransformCallback): void {
    this.push(this.seal(this.buf.takeParts(this.buf.length), true));
    cb();
  }

  private seal(plain: Buffer[], final: boolean): Buffer {
    const c = createCipheriv('aes-256-gcm', this.key, nonce(this.header.subarray(9), this.index));
    c.setAAD(aad(this.header, this.index++, final));
    for (const p of plain) this.push(c.update(p));
    c.final();
    return c.getAuthTag();
  }
}

export class DecryptStream extends Transform {
  private header: Buffer | null = null;
  private chunkSize = 0;
  private readonly buf = new ChunkBuffer();
  private index = 0;

  constructor(private readonly key: Buffer) {
    super();
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.buf.push(chunk);
      if (!this.header) {
        if (this.buf.length < HEADER_LEN) return cb();
        const h = this.buf.take(HEADER_LEN);
        if (!h.subarray(0, 4).equals(MAGIC) || h[4] !== 1) throw new Error('not an Archive Room attachment file');
        this.header = Buffer.from(h);
        this.chunkSize = h.readUInt32BE(5);
      }
      while (this.buf.length > this.chunkSize + TAG_LEN) this.open(this.buf.takeParts(this.chunkSize + TAG_LEN), false);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  _flush(cb: TransformCallback): void {
    try {
      if (!this.header || this.buf.length < TAG_LEN) throw new Error('attachment file is truncated');
      this.open(this.buf.takeParts(this.buf.length), true);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  /** Decrypts one sealed chunk from its pieces; its plaintext is released only once the tag holds. */
  private open(sealed: Buffer[], final: boolean): void {
    const h = this.header!;
    const d = createDecipheriv('aes-256-gcm', this.key, nonce(h.subarray(9), this.index));
    d.setAAD(aad(h, this.index++, final));
    // The last 16 bytes are the tag; they may straddle two pieces (only those 16 bytes are copied).
    let body = sealed.reduce((n, p) => n + p.length, 0) - TAG_LEN;
    const tag: Buffer[] = [];
    const plain: Buffer[] = [];
    for (const p of sealed) {
      const useful = Math.max(0, Math.min(p.length, body));
      if (useful) plain.push(d.update(p.subarray(0, useful)));
      if (useful < p.length) tag.push(p.subarray(useful));
      body -= useful;
    }
    d.setAuthTag(Buffer.concat(tag));
    d.final(); // throws before any of this chunk's plaintext is released if anything was changed
    for (const p of plain) this.push(p);
  }
}
