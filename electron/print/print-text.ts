import { primaryFace, type Face } from './font-fallback';
import { planRuns, type Run } from './glyph-check';

/**
 * doc.text for texts that may hold rare characters. When the primary font prints all of a text —
 * nearly always — this is doc.text itself. Otherwise the text is split into runs per font
 * (glyph-check.planRuns) and laid out here, because pdfkit's own `continued` runs centre each
 * fragment on its own and cannot mix fonts in one wrapped line. The layout follows pdfkit's rules
 * for the options the print layouts use: width, height (at least one line), ellipsis on the last
 * line that fits, align, lineGap; CJK breaks between any two characters, Latin between words.
 * Fallback glyphs share the primary font's baseline. The primary font ('cjk') is current afterwards.
 */
export interface TextOptions {
  width?: number;
  height?: number;
  align?: 'left' | 'center' | 'right';
  lineBreak?: boolean;
  ellipsis?: boolean;
  lineGap?: number;
  characterSpacing?: number;
}

type Doc = PDFKit.PDFDocument;
interface Piece {
  face: Face;
  text: string;
  w: number;
}
interface Unit {
  pieces: Piece[];
  w: number;
  /** A space: a break opportunity that is not drawn at the end of a line. */
  space: boolean;
  /** '\n': the line ends here. */
  hard: boolean;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef〓]/u;
// Closing punctuation stays with the character before it (no line may start with it).
const NO_LINE_START = /^[，。、；：？！）》」』】〕”’…·%,.;:?!)\]]$/u;

const internals = (doc: Doc) => doc as unknown as { _fontSize: number; _lineGap?: number; _registeredFonts?: Record<string, unknown> };

function useFace(doc: Doc, face: Face): void {
  const reg = internals(doc)._registeredFonts ?? {};
  if (!reg[face.key]) doc.registerFont(face.key, face.data, face.postscriptName as string);
  doc.font(face.key);
}

function units(doc: Doc, runs: Run[], characterSpacing: number): Unit[] {
  const out: Unit[] = [];
  let word: Unit | null = null;
  const width = (face: Face, text: string) => {
    useFace(doc, face);
    return doc.widthOfString(text, { characterSpacing });
  };
  const push = (u: Unit) => {
    word = null;
    out.push(u);
  };
  for (const run of runs) {
    for (const ch of run.text) {
      if (ch === '\n') {
        push({ pieces: [], w: 0, space: false, hard: true });
      } else if (ch === '\r') {
        continue;
      } else if (/\s/.test(ch)) {
        push({ pieces: [{ face: run.face, text: ch, w: width(run.face, ch) }], w: width(run.face, ch), space: true, hard: false });
      } else if (CJK.test(ch) || run.face.key !== 'cjk') {
        const w = width(run.face, ch);
        const prev = out[out.length - 1];
        if (NO_LINE_START.test(ch) && prev && !prev.space && !prev.hard) {
          prev.pieces.push({ face: run.face, text: ch, w });
          prev.w += w;
          word = null;
        } else push({ pieces: [{ face: run.face, text: ch, w }], w, space: false, hard: false });
      } else {
        const w = width(run.face, ch);
        if (!word) {
          word = { pieces: [], w: 0, space: false, hard: false };
          out.push(word);
        }
        const u: Unit = word;
        const last = u.pieces[u.pieces.length - 1];
        if (last && last.face === run.face) {
          last.text += ch;
          last.w += w;
        } else u.pieces.push({ face: run.face, text: ch, w });
        u.w += w;
      }
    }
  }
  return out;
}

/** Splits a unit wider than a whole line into pieces that fit, character by character. */
function splitWide(u: Unit, max: number): Unit[] {
  const out: Unit[] = [];
  let cur: Unit = { pieces: [], w: 0, space: false, hard: false };
  for (const p of u.pieces) {
    const chars = [...p.text];
    const cw = p.w / chars.length;
    for (const ch of chars) {
      if (cur.w + cw > max && cur.pieces.length) {
        out.push(cur);
        cur = { pieces: [], w: 0, space: false, hard: false };
      }
      const last = cur.pieces[cur.pieces.length - 1];
      if (last && last.face === p.face) {
        last.text += ch;
        last.w += cw;
      } else cur.pieces.push({ face: p.face, text: ch, w: cw });
      cur.w += cw;
    }
  }
  if (cur.pieces.length) out.push(cur);
  return out;
}

function trimEnd(line: Unit[]): Unit[] {
  let end = line.length;
  while (end > 0 && line[end - 1].space) end--;
  return line.slice(0, end);
}

const lineWidth = (line: Unit[]) => line.reduce((s, u) => s + u.w, 0);

function breakLines(all: Unit[], max: number | undefined): Unit[][] {
  const lines: Unit[][] = [];
  let line: Unit[] = [];
  let w = 0;
  for (const u0 of all) {
    if (u0.hard) {
      lines.push(trimEnd(line));
      line = [];
      w = 0;
      continue;
    }
    const parts = max !== undefined && u0.w > max && !u0.space ? splitWide(u0, max) : [u0];
    for (const u of parts) {
      if (max !== undefined && w + u.w > max && line.length && !u.space) {
        lines.push(trimEnd(line));
        line = [];
        w = 0;
      }
      if (u.space && !line.length && lines.length) continue; // no leading space on a wrapped line
      line.push(u);
      w += u.w;
    }
  }
  lines.push(trimEnd(line));
  return lines;
}

function ellipsize(doc: Doc, line: Unit[], max: number, primary: Face): Unit[] {
  useFace(doc, primary);
  const ew = doc.widthOfString('…');
  const out = [...line];
  while (out.length && lineWidth(out) + ew > max) out.pop();
  const trimmed = trimEnd(out);
  return [...trimmed, { pieces: [{ face: primary, text: '…', w: ew }], w: ew, space: false, hard: false }];
}

function layout(doc: Doc, runs: Run[], x: number, opts: TextOptions) {
  const characterSpacing = opts.characterSpacing ?? 0;
  const all = units(doc, runs, characterSpacing);
  const wrap = opts.width !== undefined || opts.lineBreak !== false;
  const max = wrap ? (opts.width ?? doc.page.width - x - doc.page.margins.right) : undefined;
  let lines = breakLines(all, max);
  doc.font('cjk');
  const gap = opts.lineGap ?? internals(doc)._lineGap ?? 0;
  const lh = doc.currentLineHeight(true);
  if (opts.height !== undefined) {
    const fit = Math.max(1, Math.floor((opts.height + gap) / (lh + gap) + 1e-6));
    if (lines.length > fit) {
      const cut = lines.slice(0, fit);
      if (opts.ellipsis && max !== undefined) cut[fit - 1] = ellipsize(doc, [...cut[fit - 1], ...lines[fit]], max, primaryFace());
      lines = cut;
    }
  }
  return { lines, lh, gap, max };
}

/** Draws `text` like doc.text(text, x, y, opts), mixing fonts where rare characters need them. */
export function printText(doc: Doc, text: string, x?: number, y?: number, opts: TextOptions = {}): Doc {
  const runs = planRuns(text);
  if (!runs) return x === undefined ? doc.text(text, opts) : doc.text(text, x, y, opts);
  const x0 = x ?? doc.x;
  let top = y ?? doc.y;
  const { lines, lh, gap, max } = layout(doc, runs, x0, opts);
  doc.font('cjk');
  const ascent = (doc as unknown as { _font: { ascender: number } })._font.ascender;
  const size = internals(doc)._fontSize;
  for (const line of lines) {
    if (opts.height === undefined && top + lh > doc.page.maxY() && top > doc.page.margins.top) {
      // Like pdfkit's own wrapper: a flowing text continues on a new page.
      doc.addPage();
      top = doc.page.margins.top;
    }
    const w = lineWidth(line);
    let cx = x0 + (max !== undefined && opts.align === 'center' ? (max - w) / 2 : max !== undefined && opts.align === 'right' ? max - w : 0);
    const baseline = top + (ascent / 1000) * size;
    for (const u of line) {
      for (const p of u.pieces) {
        useFace(doc, p.face);
        doc.text(p.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: opts.characterSpacing });
        cx += p.w;
      }
    }
    top += lh + gap;
  }
  doc.font('cjk');
  doc.x = x0;
  doc.y = top;
  return doc;
}

/** doc.heightOfString with the same layout printText uses. */
export function textHeight(doc: Doc, text: string, opts: TextOptions = {}): number {
  const runs = planRuns(text);
  if (!runs) return doc.heightOfString(text, opts);
  const { lines, lh, gap } = layout(doc, runs, doc.x, opts);
  doc.font('cjk');
  return lines.length * (lh + gap);
}
