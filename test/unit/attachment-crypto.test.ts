import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DecryptStream, EncryptStream } from '../../electron/vault/attachment-crypto';

const key = randomBytes(32);

/** Feeds `data` in pieces of random size, so chunk boundaries never line up with the input. */
function pieces(data: Buffer, seed: number): Readable {
  const out: Buffer[] = [];
  let x = seed;
  for (let i = 0; i < data.length;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (x % 97);
    out.push(data.subarray(i, i + n));
    i += n;
  }
  return Readable.from(out);
}

async function collect(src: Readable, t: NodeJS.ReadWriteStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(src, t, new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) }));
  return Buffer.concat(chunks);
}

describe('attachment stream encryption (chunked AES-256-GCM)', () => {
  it.each([0, 1, 63, 64, 65, 64 * 3 + 5, 1000])('round-trips %i bytes whatever the piece sizes', async (size) => {
    const plain = randomBytes(size);
    const enc = new EncryptStream(key, randomBytes(8), 64);
    const sealed = await collect(pieces(plain, size + 1), enc);
    expect(await collect(pieces(sealed, size + 7), new DecryptStream(key))).toEqual(plain);
  });

  it('refuses a flipped byte, a cut-off end, a dropped chunk and a wrong key', async () => {
    const plain = randomBytes(64 * 4 + 10);
    const sealed = await collect(Readable.from([plain]), new EncryptStream(key, randomBytes(8), 64));
    const header = 17;
    const flipped = Buffer.from(sealed);
    flipped[header + 70] ^= 1;
    const cut = sealed.subarray(0, header + 2 * (64 + 16));
    const dropped = Buffer.concat([sealed.subarray(0, header), sealed.subarray(header + 80)]);
    for (const bad of [flipped, cut, dropped]) {
      await expect(collect(Readable.from([bad]), new DecryptStream(key))).rejects.toThrow();
    }
    await expect(collect(Readable.from([sealed]), new DecryptStream(randomBytes(32)))).rejects.toThrow();
  });
});
