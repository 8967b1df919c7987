import PDFDocument from 'pdfkit';
import { cjkFontPath } from './fonts';

/**
 * Rare characters (CJK Extension B and beyond, e.g. 𠮷 U+20BB7) that Noto Sans SC lacks would print
 * as empty boxes. The check asks the very font the PDFs embed — through pdfkit's own fontkit
 * object, so there is one font loader and one answer — before anything is drawn.
 */
interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
}

let cached: FontkitFont | undefined;

function font(): FontkitFont {
  if (!cached) {
    // A throw-away document is the public way to get pdfkit to open the font; it is never ended.
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont('cjk', cjkFontPath());
    doc.font('cjk');
    cached = (doc as unknown as { _font: { font: FontkitFont } })._font.font;
  }
  return cached;
}

/** Characters that need no glyph: line breaks and tabs are layout, not ink. */
const LAYOUT = /[\n\r\t]/;

export function missingInText(text: string): string[] {
  const f = font();
  const out = new Set<string>();
  for (const ch of text) {
    if (LAYOUT.test(ch)) continue;
    if (!f.hasGlyphForCodePoint(ch.codePointAt(0)!)) out.add(ch);
  }
  return [...out];
}

export interface MissingGlyphs {
  field: string;
  chars: string[];
  /** U+XXXX per character, for the message and the log. */
  codePoints: string[];
}

/** Per field, the characters the print font cannot draw; empty when everything prints. */
export function findMissingGlyphs(texts: Record<string, string | null | undefined>): MissingGlyphs[] {
  const out: MissingGlyphs[] = [];
  for (const [field, text] of Object.entries(texts)) {
    if (!text) continue;
    const chars = missingInText(text);
    if (chars.length) out.push({ field, chars, codePoints: chars.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`) });
  }
  return out;
}

/** Thrown before drawing so the caller can tell the user which field holds which character. */
export class MissingGlyphsError extends Error {
  readonly code = 'PRINT_MISSING_GLYPHS';
  constructor(readonly missing: MissingGlyphs[]) {
    super(
      `打印字体缺少以下字符 The print font lacks these characters: ` +
        missing.map((m) => `${m.field}: ${m.chars.join('')} (${m.codePoints.join(', ')})`).join('; '),
    );
    this.name = 'MissingGlyphsError';
  }
}

/** 〓 (geta mark) is the typesetter's sign for "character missing here": visible, hand-fillable. */
export const MISSING_MARK = '〓';

export function markMissing(text: string): string {
  const f = font();
  let out = '';
  for (const ch of text) out += LAYOUT.test(ch) || f.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : MISSING_MARK;
  return out;
}

/**
 * The policy every layout applies to its texts: reject (throw with the list) or mark with 〓.
 * Returns a function that makes a text printable under the chosen policy.
 */
export function glyphGuard(texts: Record<string, string | null | undefined>, policy: 'reject' | 'mark' = 'reject'): (s: string) => string {
  const missing = findMissingGlyphs(texts);
  if (!missing.length) return (s) => s;
  if (policy === 'reject') throw new MissingGlyphsError(missing);
  return markMissing;
}
