import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The .arbak container: a deliberately small format, so a backup can be checked and restored
 * without extra tools and a truncated file is always detected.
 *
 *   magic    8 bytes  "ARBAK\n" 0x01 0x00   (format version 1)
 *   entry*   u32 BE header length, header JSON {"name","size"} (UTF-8), then `size` raw bytes
 *   end      u32 BE 0
 *
 * Entries: archive.db (the SQLCipher file, still encrypted), keyring.json (wrapped keys only),
 * attachments/<id>.enc (already encrypted), and last manifest.json (hashes + HMAC). Nothing in
 * the container is plaintext resident data.
 */
export const MAGIC = Buffer.from('ARBAK\n\x01\x00', 'latin1');
const CHUNK = 1 << 20;
const MAX_HEADER = 4096;

export class ContainerError extends Error {}

export class ContainerWriter {
  private pos = 0;
  private constructor(private readonly fh: FileHandle) {}

  static async create(path: string): Promise<ContainerWriter> {
    const w = new ContainerWriter(await open(path, 'wx', 0o600));
    await w.write(MAGIC);
    return w;
  }

  private async write(b: Buffer): Promise<void> {
    await this.fh.write(b, 0, b.length, this.pos);
    this.pos += b.length;
  }

  private async header(name: string, size: number): Promise<void> {
    const h = Buffer.from(JSON.stringify({ name, size }), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(h.length);
    await this.write(Buffer.concat([len, h]));
  }

  async addBuffer(name: string, data: Buffer): Promise<{ size: number; sha256: string }> {
    await this.header(name, data.length);
    await this.write(data);
    return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** Streams a file in; null when it vanished meanwhile (an attachment destroyed during the backup). */
  async addFile(name: string, path: string): Promise<{ size: number; sha256: string } | null> {
    let src: FileHandle;
    try {
      src = await open(path, 'r');
    } catch {
      return null;
    }
    try {
      const size = (await src.stat()).size;
      await this.header(name, size);
      const hash = createHash('sha256');
      const buf = Buffer.alloc(CHUNK);
      let left = size;
      while (left > 0) {
        const { bytesRead } = await src.read(buf, 0, Math.min(CHUNK, left), size - left);
        if (bytesRead === 0) throw new ContainerError(`${name} shrank while being copied`);
        const part = buf.subarray(0, bytesRead);
        hash.update(part);
        await this.write(part);
        left -= bytesRead;
      }
      return { size, sha256: hash.digest('hex') };
    } finally {
      await src.close();
    }
  }

  /** End marker, fsync, close: only then may the file be renamed to its final name. */
  async finish(): Promise<number> {
    await this.write(Buffer.alloc(4));
    await this.fh.sync();
    await this.fh.close();
    return this.pos;
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

export interface EntrySink {
  /** Called per chunk of an entry; return nothing. */
  data(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
}

/**
 * Reads every entry in order; `sinkFor` decides what to do with each (null = only hash it).
 * Returns the SHA-256 and size of every entry. Throws ContainerError for a bad magic, a malformed
 * header, a truncated entry, a missing end marker or bytes after it.
 */
export async function readContainer(
  path: string,
  sinkFor: (name: string, size: number) => Promise<EntrySink | null> | EntrySink | null,
): Promise<Map<string, { size: number; sha256: string }>> {
  const fh = await open(path, 'r');
  const out = new Map<string, { size: number; sha256: string }>();
  try {
    const total = (await fh.stat()).size;
    let pos = 0;
    const readExact = async (n: number): Promise<Buffer> => {
      if (pos + n > total) throw new ContainerError('truncated backup file');
      const b = Buffer.alloc(n);
      const { bytesRead } = await fh.read(b, 0, n, pos);
      if (bytesRead !== n) throw new ContainerError('truncated backup file');
      pos += n;
      return b;
    };
    if (!(await readExact(MAGIC.length)).equals(MAGIC)) throw new ContainerError('not an Archive Room backup');
    for (;;) {
      const len = (await readExact(4)).readUInt32BE(0);
      if (len === 0) break;
      if (len > MAX_HEADER) throw new ContainerError('malformed entry header');
      let h: { name?: unknown; size?: unknown };
      try {
        h = JSON.parse((await readExact(len)).toString('utf8'));
      } catch {
        throw new ContainerError('malformed entry header');
      }
      if (typeof h.name !== 'string' || typeof h.size !== 'number' || !Number.isSafeInteger(h.size) || h.size < 0 || out.has(h.name)) {
        throw new ContainerError('malformed entry header');
      }
      if (pos + h.size > total) throw new ContainerError('truncated backup file');
      const sink = await sinkFor(h.name, h.size);
      const hash = createHash('sha256');
      let left = h.size;
      while (left > 0) {
        const part = await readExact(Math.min(CHUNK, left));
        hash.update(part);
        if (sink) await sink.data(part);
        left -= part.length;
      }
      if (sink) await sink.end();
      out.set(h.name, { size: h.size, sha256: hash.digest('hex') });
    }
    if (pos !== total) throw new ContainerError('unexpected bytes after the end of the backup');
    return out;
  } finally {
    await fh.close();
  }
}
