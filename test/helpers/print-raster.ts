import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Checks on printed PDFs with the real tools: poppler (pdftotext, pdftoppm, pdfinfo) and zbar.
 * Pixels are read from pdftoppm's PPM output (a 3-line header and raw RGB), which needs no PNG
 * decoder package; zbarimg reads the PNG rendering as the brief asks.
 */
const root = mkdtempSync(join(tmpdir(), 'print-test-'));
let n = 0;
export const cleanupPrintTmp = (): void => rmSync(root, { recursive: true, force: true });

function save(pdf: Buffer): { dir: string; file: string } {
  const dir = join(root, String(++n));
  execFileSync('mkdir', ['-p', dir]);
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return { dir, file };
}

export function text(pdf: Buffer, page?: number): string {
  const { file } = save(pdf);
  return execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
}

export const squash = (s: string): string => s.replace(/\s+/g, '');

/** Fonts embedded in the PDF, from pdffonts: base names without the subset tag ("NotoSansSC-Regular"). */
export function embeddedFonts(pdf: Buffer): string[] {
  const { file } = save(pdf);
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''));
}

export function pages(pdf: Buffer): { count: number; widthPt: number; heightPt: number } {
  const { file } = save(pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  return { count: Number(/Pages:\s+(\d+)/.exec(info)![1]), widthPt: Number(size[1]), heightPt: Number(size[2]) };
}

/** zbarimg on `pdftoppm -r 150 -png` of each page: [{ page, type: 'QR-Code' | 'CODE-128', data }]. */
export function barcodes(pdf: Buffer, dpi = 150): { page: number; type: string; data: string }[] {
  const { dir, file } = save(pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'p')]);
  const out: { page: number; type: string; data: string }[] = [];
  const pngs = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  pngs.forEach((png, i) => {
    let txt = '';
    try {
      txt = execFileSync('zbarimg', ['--quiet', '--nodbus', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      /* exit 4: no symbol on this page */
    }
    for (const line of txt.split('\n').filter(Boolean)) {
      const k = line.indexOf(':');
      out.push({ page: i + 1, type: line.slice(0, k), data: line.slice(k + 1) });
    }
  });
  return out;
}

export interface Raster {
  width: number;
  height: number;
  dpi: number;
  /** RGB at a position in millimetres from the page's top-left corner. */
  at(xMm: number, yMm: number): [number, number, number];
}

/** One page rendered to RGB pixels (PPM) at `dpi`. */
export function raster(pdf: Buffer, page = 1, dpi = 150): Raster {
  const { dir, file } = save(pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'r')]);
  const buf = readFileSync(join(dir, 'r.ppm'));
  // Header: "P6\n<w> <h>\n255\n" then w*h*3 bytes.
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
  const width = Number(m[1]);
  const height = Number(m[2]);
  const off = m[0].length;
  const px = dpi / 25.4;
  return {
    width,
    height,
    dpi,
    at(xMm, yMm) {
      const x = Math.round(xMm * px);
      const y = Math.round(yMm * px);
      const i = off + (y * width + x) * 3;
      return [buf[i], buf[i + 1], buf[i + 2]];
    },
  };
}

export function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Largest channel difference between two colours. */
export const colourDistance = (a: number[], b: number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

/**
 * The first `bits` data bits of a QR matrix (row-major, 1 = dark), read the way a decoder does:
 * format information → mask pattern → unmask the bottom-right 2-module column pair upward.
 * The first 12 bits always sit in rows size-1…size-6 of the two rightmost columns, clear of
 * function patterns for every version, so this tiny reader suffices to see the mode indicator.
 */
export function qrLeadingBits(pixs: number[], size: number, bits = 12): string {
  const get = (x: number, y: number) => pixs[y * size + x] & 1;
  let fmt = 0;
  for (let x = 0; x <= 8; x++) if (x !== 6) fmt = (fmt << 1) | get(x, 8);
  for (let y = 7; y >= 0; y--) if (y !== 6) fmt = (fmt << 1) | get(8, y);
  // Nearest valid format word (BCH(15,5), XOR mask 0x5412) gives the mask pattern.
  let best = { d: 99, mask: -1 };
  for (let data = 0; data < 32; data++) {
    let rem = data << 10;
    for (let i = 14; i >= 10; i--) if (rem & (1 << i)) rem ^= 0x537 << (i - 10);
    const word = ((data << 10) | rem) ^ 0x5412;
    let d = 0;
    for (let v = word ^ fmt; v; v &= v - 1) d++;
    if (d < best.d) best = { d, mask: data & 7 };
  }
  const masks: ((x: number, y: number) => boolean)[] = [
    (x, y) => (x + y) % 2 === 0,
    (_x, y) => y % 2 === 0,
    (x) => x % 3 === 0,
    (x, y) => (x + y) % 3 === 0,
    (x, y) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
    (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
    (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
    (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
  ];
  let out = '';
  for (let y = size - 1; out.length < bits; y--) {
    for (const x of [size - 1, size - 2]) out += String(get(x, y) ^ (masks[best.mask](x, y) ? 1 : 0));
  }
  return out.slice(0, bits);
}

/**
 * zbarimg on one rectangle of a page (mm from the top-left). zbar's QR locator misses some codes
 * when a page holds a grid of many, so label sheets are checked label by label.
 */
export function barcodesIn(pdf: Buffer, page: number, box: { x: number; y: number; w: number; h: number }, dpi = 150): string[] {
  const { dir, file } = save(pdf);
  const px = (mm: number) => String(Math.round((mm * dpi) / 25.4));
  execFileSync('pdftoppm', [
    '-r',
    String(dpi),
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    '-x',
    px(box.x),
    '-y',
    px(box.y),
    '-W',
    px(box.w),
    '-H',
    px(box.h),
    '-singlefile',
    file,
    join(dir, 'crop'),
  ]);
  try {
    const txt = execFileSync('zbarimg', ['--quiet', '--nodbus', join(dir, 'crop.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return txt.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
