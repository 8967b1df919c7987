import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { subKey } from '../vault/envelope';
import type { TableChunk } from './table-copy';

/**
 * `archive.rows`: an archive's tables as a logical snapshot (a PostgreSQL archive's backup), each
 * chunk sealed on its own with AES-256-GCM under a sub-key of the vault key, so no resident's data
 * is ever in the clear on disk or in the .arbak.
 *
 *   magic  8 bytes  "ARROWS\n" 0x01
 *   frame* u32 BE length, then iv (12) | tag (16) | ciphertext of one JSON chunk
 *
 * The frame's number is its additional data, so frames cannot be dropped, repeated or reordered
 * unnoticed; the last frame is {"end":true,"counts":{table:rows}}, so a cut file is noticed too.
 */
const MAGIC = Buffer.from('ARROWS\n\x01', 'latin1');
const KEY_PURPOSE = 'backup-rows';
const MAX_FRAME = 256 * 1024 * 1024;

export class RowsFileError extends Error {}

const aad = (n: number) => Buffer.from(`archive.rows/${n}`, 'utf8');

/** Writes the chunks into `path` (created, owner-only); returns the rows per table. */
export async function writeRowsFile(path: string, vaultKey: Buffer, chunks: AsyncIterable<TableChunk>): Promise<Record<string, number>> {
  const key = subKey(vaultKey, KEY_PURPOSE);
  const fh = await open(path, 'wx', 0o600);
  const counts: Record<string, number> = {};
  let n = 0;
  let pos = 0;
  const put = async (b: Buffer) => {
    await fh.write(b, 0, b.length, pos);
    pos += b.length;
  };
  const frame = async (obj: unknown) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad(n++));
    const ct = Buffer.concat([c.update(Buffer.from(JSON.stringify(obj), 'utf8')), c.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(12 + 16 + ct.length);
    await put(Buffer.concat([len, iv, c.getAuthTag(), ct]));
  };
  try {
    await put(MAGIC);
    for await (const chunk of chunks) {
      counts[chunk.table] = (counts[chunk.table] ?? 0) + chunk.rows.length;
      await frame(chunk);
    }
    await frame({ end: true, counts });
    await fh.sync();
    return counts;
  } finally {
    key.fill(0);
    await fh.close();
  }
}

/** Reads the chunks back, checking every frame; throws RowsFileError for anything out of place. */
export async function* readRowsFile(path: string, vaultKey: Buffer): AsyncGenerator<TableChunk> {
  const key = subKey(vaultKey, KEY_PURPOSE);
  const fh = await open(path, 'r');
  try {
    const total = (await fh.stat()).size;
    let pos = 0;
    const take = async (size: number): Promise<Buffer> => {
      if (pos + size > total) throw new RowsFileError('archive.rows is cut short');
      const b = Buffer.alloc(size);
      await fh.read(b, 0, size, pos);
      pos += size;
      return b;
    };
    if (!(await take(MAGIC.length)).equals(MAGIC)) throw new RowsFileError('archive.rows has no valid header');
    const seen: Record<string, number> = {};
    for (let n = 0; ; n++) {
      const len = (await take(4)).readUInt32BE(0);
      if (len < 28 || len > MAX_FRAME) throw new RowsFileError('archive.rows has a malformed frame');
      const f = await take(len);
      let obj: TableChunk & { end?: true; counts?: Record<string, number> };
      try {
        const d = createDecipheriv('aes-256-gcm', key, f.subarray(0, 12));
        d.setAAD(aad(n));
        d.setAuthTag(f.subarray(12, 28));
        obj = JSON.parse(Buffer.concat([d.update(f.subarray(28)), d.final()]).toString('utf8'));
      } catch {
        throw new RowsFileError(`archive.rows frame ${n} does not open`);
      }
      if (obj.end) {
        if (pos !== total) throw new RowsFileError('archive.rows has bytes after its end');
        const want = obj.counts ?? {};
        for (const t of new Set([...Object.keys(want), ...Object.keys(seen)]))
          if ((want[t] ?? 0) !== (seen[t] ?? 0)) throw new RowsFileError(`archive.rows count of ${t} differs`);
        return;
      }
      if (typeof obj.table !== 'string' || !Array.isArray(obj.columns) || !Array.isArray(obj.rows))
        throw new RowsFileError('archive.rows has a malformed chunk');
      seen[obj.table] = (seen[obj.table] ?? 0) + obj.rows.length;
      yield obj;
    }
  } finally {
    key.fill(0);
    await fh.close();
  }
}
