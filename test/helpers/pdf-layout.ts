import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrawnBox } from '../../electron/print/drawn-boxes';
import { decodePgm, type Gray } from './png';

/**
 * Geometry and pixels of a printed PDF, from poppler: word boxes (pdftotext -bbox-layout), page
 * rasters (pdftoppm -gray), and the checks the visual tests make on them.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Word extends Box {
  page: number;
  text: string;
}
export interface PageSize {
  w: number;
  h: number;
}

function withPdf<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-layout-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const attr = (tag: string, name: string) => Number(new RegExp(`${name}="([\\d.+-]+)"`).exec(tag)![1]);
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every word pdftotext finds, with its box in points from the page's top-left corner. */
export function pdfWords(pdf: Buffer): { pages: PageSize[]; words: Word[] } {
  const xml = withPdf(pdf, (file) => execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const pages: PageSize[] = [];
  const words: Word[] = [];
  for (const m of xml.matchAll(/<page [^>]*>|<word [^>]*>([^<]*)<\/word>/g)) {
    if (m[0].startsWith('<page')) {
      pages.push({ w: attr(m[0], 'width'), h: attr(m[0], 'height') });
      continue;
    }
    const x0 = attr(m[0], 'xMin');
    const y0 = attr(m[0], 'yMin');
    words.push({ page: pages.length, text: unescape(m[1]), x: x0, y: y0, w: attr(m[0], 'xMax') - x0, h: attr(m[0], 'yMax') - y0 });
  }
  return { pages, words };
}

/** Each page as greyscale pixels at `dpi`. */
export function pdfPagesGray(pdf: Buffer, dpi: number): Gray[] {
  return withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', file, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort((a, b) => Number(/(\d+)\.pgm$/.exec(a)![1]) - Number(/(\d+)\.pgm$/.exec(b)![1]))
      .map((f) => decodePgm(readFileSync(join(dir, f))));
  });
}

/**
 * The ink of a word: pdftotext boxes run from the font's ascent to its descent (1.45 em for Noto
 * Sans SC), so lines set at 1.3–1.4 em touch or overlap a little; a word's glyphs sit in the
 * middle ~1 em. Overprinting moves whole glyphs, far more than this trims.
 */
export function ink(w: Box): Box {
  const dy = w.h * 0.18;
  return { x: w.x + 0.3, y: w.y + dy, w: Math.max(0, w.w - 0.6), h: Math.max(0, w.h - 2 * dy) };
}

const intersects = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: Box, inner: Box, tol = 0.5) =>
  inner.x >= outer.x - tol && inner.y >= outer.y - tol && inner.x + inner.w <= outer.x + outer.w + tol && inner.y + inner.h <= outer.y + outer.h + tol;

/** A thin straight line printed on the page (a frame's side, a table's column rule), in points. */
export interface Rule {
  page: number;
  dir: 'v' | 'h';
  /** x of a vertical rule, y of a horizontal one. */
  at: number;
  from: number;
  to: number;
}

/**
 * The thin vertical and horizontal lines on rendered pages, at least `minMm` long: table and frame
 * rules, found in the pixels because react-pdf leaves no other trace of them. A pixel belongs to a
 * line when it is dark and the pixels 2 px to either side across the line are not both dark, so
 * filled areas (tag blocks) are not lines; text drawn over a line keeps it dark and whole.
 */
export function printedRules(pages: Gray[], dpi: number, minMm = 8): Rule[] {
  const rules: Rule[] = [];
  const pt = 72 / dpi;
  const min = Math.round((minMm / 25.4) * dpi);
  const DARK = 170;
  pages.forEach((img, p) => {
    const { width: W, height: H, data } = img;
    const dark = (x: number, y: number) => x >= 0 && y >= 0 && x < W && y < H && data[y * W + x] < DARK;
    for (let x = 0; x < W; x++) {
      let start = -1;
      for (let y = 0; y <= H; y++) {
        const on = y < H && dark(x, y) && !(dark(x - 2, y) && dark(x + 2, y));
        if (on && start < 0) start = y;
        if (!on && start >= 0) {
          if (y - start >= min) rules.push({ page: p + 1, dir: 'v', at: (x + 0.5) * pt, from: start * pt, to: y * pt });
          start = -1;
        }
      }
    }
    for (let y = 0; y < H; y++) {
      let start = -1;
      for (let x = 0; x <= W; x++) {
        const on = x < W && dark(x, y) && !(dark(x, y - 2) && dark(x, y + 2));
        if (on && start < 0) start = x;
        if (!on && start >= 0) {
          if (x - start >= min) rules.push({ page: p + 1, dir: 'h', at: (y + 0.5) * pt, from: start * pt, to: x * pt });
          start = -1;
        }
      }
    }
  });
  return rules;
}

/** A rule that runs through a word's ink and on past it on both sides: text printed over a line. */
function crossesRule(a: Box, r: Rule): boolean {
  const m = 1;
  if (r.dir === 'v') return r.at > a.x + m && r.at < a.x + a.w - m && r.from < a.y - m && r.to > a.y + a.h + m;
  return r.at > a.y + m && r.at < a.y + a.h - m && r.from < a.x - m && r.to > a.x + a.w + m;
}

const name = (w: Word | DrawnBox) => ('text' in w ? `「${w.text}」` : `[${w.kind}${w.label ? ` ${w.label}` : ''}]`);
const where = (b: Box) => `@${(b.x / (72 / 25.4)).toFixed(1)},${(b.y / (72 / 25.4)).toFixed(1)} mm`;

/**
 * Everything a reader would call a layout fault, as sentences (empty = clean): two words whose ink
 * overlaps; a word on a barcode or QR code (its quiet zone included); two codes on each other; a
 * word or code that crosses a frame's border instead of sitting inside it or clear of it; a word
 * printed across a table or frame line (text that ran out of its cell — pdftotext then often joins
 * it with the next cell's text into one word, so word boxes alone would not show it); anything off
 * the page.
 */
export function layoutFaults(pages: PageSize[], words: Word[], drawn: DrawnBox[], rules: Rule[] = []): string[] {
  const faults: string[] = [];
  for (let p = 1; p <= pages.length; p++) {
    const ws = words.filter((w) => w.page === p);
    const codes = drawn.filter((d) => d.page === p && d.kind !== 'frame');
    const frames = drawn.filter((d) => d.page === p && d.kind === 'frame');
    const page = { x: 0, y: 0, w: pages[p - 1].w, h: pages[p - 1].h };
    for (let i = 0; i < ws.length; i++) {
      const a = ink(ws[i]);
      for (let j = i + 1; j < ws.length; j++) if (intersects(a, ink(ws[j]))) faults.push(`p${p}: ${name(ws[i])} overlaps ${name(ws[j])} ${where(a)}`);
      for (const c of codes) if (intersects(a, c)) faults.push(`p${p}: ${name(ws[i])} lies on ${name(c)} ${where(a)}`);
      if (!contains(page, a)) faults.push(`p${p}: ${name(ws[i])} runs off the page ${where(a)}`);
      for (const r of rules) {
        // Bars of a barcode are lines too; words near them are checked against the code's box above.
        if (
          r.page !== p ||
          codes.some((c) =>
            intersects(c, {
              x: r.dir === 'v' ? r.at : r.from,
              y: r.dir === 'v' ? r.from : r.at,
              w: r.dir === 'v' ? 0.1 : r.to - r.from,
              h: r.dir === 'v' ? r.to - r.from : 0.1,
            }),
          )
        )
          continue;
        if (crossesRule(a, r)) faults.push(`p${p}: ${name(ws[i])} is printed across a ${r.dir === 'v' ? 'vertical' : 'horizontal'} line ${where(a)}`);
      }
    }
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) if (intersects(codes[i], codes[j])) faults.push(`p${p}: ${name(codes[i])} overlaps ${name(codes[j])}`);
      if (!contains(page, codes[i])) faults.push(`p${p}: ${name(codes[i])} runs off the page`);
    }
    for (const f of frames) {
      for (const item of [...ws.map((w) => ({ box: ink(w), w })), ...codes.map((c) => ({ box: c as Box, w: c }))]) {
        if (intersects(f, item.box) && !contains(f, item.box))
          faults.push(
            `p${p}: ${name(item.w)} crosses the border of a frame ${where(f)} ${(f.w / (72 / 25.4)).toFixed(1)}×${(f.h / (72 / 25.4)).toFixed(1)} mm`,
          );
      }
    }
  }
  return faults;
}

export interface ImageDiff {
  /** Pixels that differ by more than `threshold` from every pixel around them in the other image. */
  differing: number;
  ratio: number;
  /** White where equal, black where different: for a person to look at. */
  mask: Gray;
}

/**
 * Compares two renderings pixel by pixel, forgiving anti-aliasing: a pixel counts as different only
 * if no pixel within one pixel of it in the other image is within `threshold` grey levels, in both
 * directions. A word that moved, appeared or vanished shows; rasteriser noise along edges does not.
 */
export function diffGray(a: Gray, b: Gray, threshold = 64): ImageDiff {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`image size differs: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  const { width: W, height: H } = a;
  const mask = new Uint8Array(W * H).fill(255);
  const near = (img: Gray, x: number, y: number, v: number) => {
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= H) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx >= 0 && xx < W && Math.abs(img.data[yy * W + xx] - v) <= threshold) return true;
      }
    }
    return false;
  };
  let differing = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (Math.abs(a.data[i] - b.data[i]) <= threshold) continue;
      if (!near(b, x, y, a.data[i]) || !near(a, x, y, b.data[i])) {
        differing++;
        mask[i] = 0;
      }
    }
  }
  return { differing, ratio: differing / (W * H), mask: { width: W, height: H, data: mask } };
}
