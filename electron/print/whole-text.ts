/**
 * Values that must stay whole when printed small — a 档号 on a box spine or a label: they shrink
 * first, and wrap only after a separator ("XF-2024-" / "D30-0001"), never inside a run of letters
 * or digits, so the number read off the shelf is the number in the register.
 */
const SEPARATOR = /[-/._·\s－／—]/u;

/** The value cut after each separator; joined they give the value back. */
export function separatorPieces(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    cur += ch;
    if (SEPARATOR.test(ch)) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur || !out.length) out.push(cur);
  return out;
}

/** Greedy lines no wider than `max`, broken only after separators; null when one piece alone is wider. */
export function wrapAtSeparators(s: string, max: number, width: (t: string) => number): string[] | null {
  const lines: string[] = [];
  let line = '';
  for (const p of separatorPieces(s)) {
    if (width(p.trimEnd()) > max) return null;
    if (line && width((line + p).trimEnd()) > max) {
      lines.push(line.trimEnd());
      line = p.trimStart();
    } else line += p;
  }
  lines.push(line.trimEnd());
  return lines;
}

export interface WholeFit {
  size: number;
  lines: string[];
}

/**
 * The layout of `values` (each printed on its own line(s)) in a box of widthPt × heightPt with the
 * current font: one line per value at the largest size from `max` down to `minOneLine`; failing
 * that, wrapped at separators at the largest size down to `minWrapped`; failing that, one line per
 * value at whatever size fits the width (never a broken value, never an ellipsis).
 */
export function fitWhole(
  doc: PDFKit.PDFDocument,
  values: string[],
  widthPt: number,
  heightPt: number,
  sizes: { max: number; minOneLine: number; minWrapped: number },
): WholeFit {
  const lh = (size: number) => doc.fontSize(size).currentLineHeight(true);
  const w = (size: number) => (t: string) => doc.fontSize(size).widthOfString(t);
  for (let size = sizes.max; size >= sizes.minOneLine - 1e-9; size -= 0.5) {
    if (values.every((v) => w(size)(v) <= widthPt) && values.length * lh(size) <= heightPt) return { size, lines: values };
  }
  for (let size = sizes.minOneLine; size >= sizes.minWrapped - 1e-9; size -= 0.5) {
    const wrapped = values.map((v) => wrapAtSeparators(v, widthPt, w(size)));
    if (wrapped.every((l) => l !== null)) {
      const lines = wrapped.flat() as string[];
      if (lines.length * lh(size) <= heightPt) return { size, lines };
    }
  }
  const widest = Math.max(...values.map(w(1)));
  const size = Math.min(sizes.minWrapped, widthPt / widest, heightPt / (values.length * lh(1)));
  return { size, lines: values };
}
