import type { UnprintableChars } from '../../shared/domain/print-types';
import { faceFor, primaryFace, type Face } from './font-fallback';

/**
 * Rare characters never stop a print job. Each character prints from the first font that has it
 * (font-fallback.ts); one that no font on this computer has prints as 〓 — the typesetter's mark
 * for "character missing here", visible and easy to write in by hand — and is reported, so the
 * keeper knows which covers to complete. Nothing is dropped silently.
 */

/** 〓 (geta mark), drawn from the primary font. */
export const MISSING_MARK = '〓';

/** Line breaks and tabs are layout, not ink. */
const LAYOUT = /[\n\r\t]/;
/**
 * Default-ignorable code points (variation selectors of a name's exact glyph form, zero-width
 * joiners, soft hyphens …) have no ink of their own; fonts without them would draw a box.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const PLAIN = /^[\x20-\x7e\n\r\t]*$/;

/** A stretch of text that one face draws; 〓 for an unprintable character is drawn by the primary face. */
export interface Run {
  face: Face;
  text: string;
}

/** Characters of `text` that no font can print, each once, in order of appearance. */
export function unprintableChars(text: string | null | undefined): string[] {
  if (!text || PLAIN.test(text)) return [];
  const out = new Set<string>();
  for (const ch of text) {
    if (LAYOUT.test(ch) || IGNORABLE.test(ch)) continue;
    if (!faceFor(ch.codePointAt(0)!)) out.add(ch);
  }
  return [...out];
}

export const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The report line item for one printed thing (a cover's 档号, "楼栋封皮 5栋" …), or null when all prints. */
export function unprintableIn(subject: string, texts: Iterable<string | null | undefined>): UnprintableChars | null {
  const chars = new Set<string>();
  for (const t of texts) for (const ch of unprintableChars(t)) chars.add(ch);
  return chars.size ? { subject, chars: [...chars] } : null;
}

/** The text as it will print: unprintable characters become 〓, ignorable ones vanish. */
export function printable(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = '';
  for (const ch of text) {
    if (IGNORABLE.test(ch)) continue;
    out += LAYOUT.test(ch) || faceFor(ch.codePointAt(0)!) ? ch : MISSING_MARK;
  }
  return out;
}

/**
 * Splits text into runs per face. Null when the primary font prints all of it as it is (the
 * common case, drawn by pdfkit directly).
 */
export function planRuns(text: string): Run[] | null {
  if (PLAIN.test(text)) return null;
  const p = primaryFace();
  let simple = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (IGNORABLE.test(ch) || (!LAYOUT.test(ch) && faceFor(cp) !== p)) {
      simple = false;
      break;
    }
  }
  if (simple) return null;
  const runs: Run[] = [];
  for (const ch of text) {
    if (IGNORABLE.test(ch)) continue;
    const f = LAYOUT.test(ch) ? p : faceFor(ch.codePointAt(0)!);
    const face = f ?? p;
    const s = f ? ch : MISSING_MARK;
    const last = runs[runs.length - 1];
    if (last && last.face === face) last.text += s;
    else runs.push({ face, text: s });
  }
  return runs;
}

/** The fallback faces a set of texts needs (for react-pdf, which registers them as families). */
export function fallbackFacesFor(texts: Iterable<string>): Face[] {
  const p = primaryFace();
  const faces = new Map<string, Face>();
  for (const t of texts) {
    if (PLAIN.test(t)) continue;
    for (const ch of t) {
      const f = faceFor(ch.codePointAt(0)!);
      if (f && f !== p) faces.set(f.key, f);
    }
  }
  return [...faces.values()];
}
