import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { pdfKit } from './print-libs';
import { cjkFontPath } from './fonts';

/**
 * Which font prints which character. Every PDF embeds the vendored Noto Sans SC; a character it
 * lacks (CJK Extension B and beyond, e.g. 𠮷 U+20BB7) is taken from the computer's own fonts, found
 * at run time — never from a font the app would have to ship (resources/fonts/README.md says why
 * there is none). Only a character that no font has is printed as 〓 and reported.
 *
 * Order, first that has the glyph wins, so a given computer always prints a character the same way:
 *  1. the primary font;
 *  2. ARCHIVE_ROOM_FALLBACK_FONTS (or configureFallbackFonts): files, `path#PostScriptName` for a
 *     face of a .ttc collection, separated like PATH;
 *  3. Windows: SimSun-ExtB & co. in %WINDIR%\Fonts;
 *  4. elsewhere: fontconfig — of the fonts `fc-list :charset=…` says hold the character, the one
 *     `fc-match -a sans-serif:lang=zh-cn` ranks first (what a Chinese desktop would pick).
 * ARCHIVE_ROOM_SYSTEM_FONTS=off (or `system: false`) skips 3 and 4, for tests that need a fixed set.
 */

/** The part of a fontkit font the print code uses. */
export interface FontkitFont {
  postscriptName: string;
  ascent: number;
  descent: number;
  unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
}

export interface FaceSource {
  file: string;
  /** Selects a face in a .ttc/.otc collection; ignored for a single font. */
  postscriptName?: string;
}

export interface Face extends FaceSource {
  /** Name the face is registered under in a pdfkit document or react-pdf. */
  key: string;
  data: Buffer;
  font: FontkitFont;
}

export interface FallbackConfig {
  files: FaceSource[];
  system: boolean;
}

/** Faces on Windows, in the order tried: a sans face first (matches Noto Sans), then the Song/Ming extension fonts. */
export const WINDOWS_FALLBACKS: { file: string; postscriptName?: string }[] = [
  { file: 'msyh.ttc', postscriptName: 'MicrosoftYaHei' },
  { file: 'simsun.ttc', postscriptName: 'SimSun' },
  { file: 'simsunb.ttf' }, // SimSun-ExtB: Extension B, every Windows since Vista
  { file: 'SimsunExtG.ttf' }, // SimSun-ExtG: Extensions G–H (Windows 11)
  { file: 'mingliub.ttc', postscriptName: 'MingLiU-ExtB' },
];

function parseSources(list: string | undefined): FaceSource[] {
  return (list ?? '')
    .split(delimiter)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const i = s.lastIndexOf('#');
      return i > 0 ? { file: s.slice(0, i), postscriptName: s.slice(i + 1) } : { file: s };
    });
}

const fromEnv = (): FallbackConfig => ({
  files: parseSources(process.env.ARCHIVE_ROOM_FALLBACK_FONTS),
  system: !/^(0|off|false|no)$/i.test(process.env.ARCHIVE_ROOM_SYSTEM_FONTS ?? ''),
});

let config: FallbackConfig | undefined;
let primary: Face | undefined;
const opened = new Map<string, Face | null>();
const byCodePoint = new Map<number, Face | null>();
let fcRanking: string[] | undefined;
let fcMissing = false;

/** Replaces the fallback set (tests, or a setting later); forgets every cached answer. */
export function configureFallbackFonts(c: Partial<FallbackConfig> | null): void {
  config = c ? { ...fromEnv(), ...c } : undefined;
  byCodePoint.clear();
  fcRanking = undefined;
  fcMissing = false;
}

const cfg = (): FallbackConfig => (config ??= fromEnv());

/**
 * Opens a face with the same font loader pdfkit embeds with (its fontkit), through a throw-away
 * document that is never ended. Null when the file is missing or is not a usable font.
 */
function openFace(src: FaceSource, key?: string): Face | null {
  const id = `${src.file}#${src.postscriptName ?? ''}`;
  if (opened.has(id)) return opened.get(id)!;
  let face: Face | null = null;
  try {
    if (existsSync(src.file)) {
      const data = readFileSync(src.file);
      const PDFDocument = pdfKit();
      const doc = new PDFDocument({ autoFirstPage: false });
      doc.registerFont('probe', data, src.postscriptName as string);
      doc.font('probe');
      const font = (doc as unknown as { _font: { font: FontkitFont } })._font.font;
      if (font && typeof font.hasGlyphForCodePoint === 'function') {
        face = { ...src, data, font, key: key ?? `fb-${font.postscriptName || basename(src.file)}` };
      }
    }
  } catch {
    face = null;
  }
  opened.set(id, face);
  return face;
}

/** The vendored Noto Sans SC, read once per process (pdfkit re-reads a path for every document). */
export function primaryFace(): Face {
  if (!primary) {
    const face = openFace({ file: cjkFontPath() }, 'cjk');
    if (!face) throw new Error(`打印字体无法读取 Print font unreadable: ${cjkFontPath()}`);
    primary = face;
  }
  return primary;
}

function staticSources(): FaceSource[] {
  const c = cfg();
  const out = [...c.files];
  if (c.system && process.platform === 'win32') {
    const dir = join(process.env.WINDIR ?? process.env.SystemRoot ?? 'C:\\Windows', 'Fonts');
    out.push(...WINDOWS_FALLBACKS.map((f) => ({ ...f, file: join(dir, f.file) })));
  }
  return out;
}

function fc(args: string[]): string[] {
  if (fcMissing) return [];
  try {
    return execFileSync(args[0], args.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .split('\n')
      .filter(Boolean);
  } catch (e) {
    // No fontconfig on this computer: no system fallback, characters print as 〓.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') fcMissing = true;
    return [];
  }
}

const FC_FORMAT = '--format=%{file}\t%{index}\t%{postscriptname}\n';

function fontconfigFace(cp: number): Face | null {
  const covering = new Map<string, FaceSource>(
    fc(['fc-list', FC_FORMAT, `:charset=${cp.toString(16)}`]).map((line) => {
      const [file, , ps] = line.split('\t');
      return [`${file}\t${ps}`, { file, postscriptName: ps || undefined }];
    }),
  );
  if (!covering.size) return null;
  fcRanking ??= fc(['fc-match', '-a', FC_FORMAT, 'sans-serif:lang=zh-cn']).map((line) => {
    const [file, , ps] = line.split('\t');
    return `${file}\t${ps}`;
  });
  // Ranked first by fontconfig, then any other covering face in a fixed order.
  const order = [...fcRanking.filter((k) => covering.has(k)), ...[...covering.keys()].sort()];
  for (const k of order) {
    const face = openFace(covering.get(k)!);
    if (face?.font.hasGlyphForCodePoint(cp)) return face;
  }
  return null;
}

function resolve(cp: number): Face | null {
  const p = primaryFace();
  if (p.font.hasGlyphForCodePoint(cp)) return p;
  for (const src of staticSources()) {
    const face = openFace(src);
    if (face?.font.hasGlyphForCodePoint(cp)) return face;
  }
  if (cfg().system && process.platform !== 'win32') return fontconfigFace(cp);
  return null;
}

/** The face that prints a code point, or null when no font on this computer has it. */
export function faceFor(cp: number): Face | null {
  let f = byCodePoint.get(cp);
  if (f === undefined) {
    f = resolve(cp);
    byCodePoint.set(cp, f);
  }
  return f;
}
