import { crc32, deflateSync, inflateSync } from 'node:zlib';

/**
 * 8-bit greyscale PNG, written and read with node:zlib alone — the visual tests' reference images.
 * No PNG package is installed (pngjs, pixelmatch are not in node_modules) and this is all they need:
 * one colour type (0), one bit depth (8), no interlace. The reader undoes all five row filters, so
 * it also reads files that other tools re-saved in the same format.
 */
export interface Gray {
  width: number;
  height: number;
  /** width × height bytes, row-major, 0 = black. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

export function encodeGrayPng(img: Gray): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((img.width + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    // Filter 2 (Up): page images are mostly rows like the one above, which deflates well.
    const o = y * (img.width + 1);
    raw[o] = 2;
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      const up = y ? img.data[(y - 1) * img.width + x] : 0;
      raw[o + 1 + x] = (v - up) & 0xff;
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function decodeGrayPng(buf: Buffer): Gray {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length;) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    const body = buf.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 0 || body[12] !== 0)
        throw new Error(`only 8-bit greyscale, non-interlaced PNGs are read here (depth ${body[8]}, colour type ${body[9]})`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (width + 1)];
    const row = raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    for (let x = 0; x < width; x++) {
      const a = x ? data[y * width + x - 1] : 0;
      const b = y ? data[(y - 1) * width + x] : 0;
      const c = x && y ? data[(y - 1) * width + x - 1] : 0;
      let p: number;
      if (f === 0) p = 0;
      else if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`bad PNG row filter ${f}`);
      data[y * width + x] = (row[x] + p) & 0xff;
    }
  }
  return { width, height, data };
}

/** Reads a binary PGM (P5, maxval 255) as pdftoppm -gray writes it. */
export function decodePgm(buf: Buffer): Gray {
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'));
  if (!m) throw new Error('not an 8-bit binary PGM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { width, height, data: new Uint8Array(buf.subarray(m[0].length, m[0].length + width * height)) };
}
