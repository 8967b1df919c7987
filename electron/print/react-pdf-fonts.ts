/**
 * One place that sets react-pdf up for Chinese: the vendored Noto Sans SC, the computer's own
 * fonts as fallbacks for rare characters (a .ttc collection face is opened by its PostScript name,
 * which react-pdf 4 passes to fontkit), and a hyphenation callback that lets CJK text wrap. react-pdf only breaks
 * lines between the "syllables" this callback returns; Chinese has no spaces, so without it a
 * whole sentence is one unbreakable word and runs off the page.
 *
 * It is also the only place that loads @react-pdf/renderer at run time, through a real dynamic
 * import(). The package is ESM-only and its dependency @react-pdf/hyphenate exports only an
 * "import" condition: under tsx in CommonJS mode (the CLI and the web host) a static import
 * becomes require() and fails with ERR_PACKAGE_PATH_NOT_EXPORTED — at start-up, for whoever
 * imports a PDF module. Elsewhere, import only types from the package.
 */
import type * as ReactPdfModule from '@react-pdf/renderer';
import type { Face } from './font-fallback';
import { fallbackFacesFor, printable } from './glyph-check';
import { cjkFontPath } from './fonts';
import { loadPrintLibs } from './print-libs';

export type ReactPdf = typeof ReactPdfModule;

export const CJK_FAMILY = 'NotoSansSC';

// Han (incl. Extension B+ such as 𠮷), kana, hangul, CJK punctuation and full-width forms.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
// Closing punctuation stays on the line of the character before it (no line may start with it).
const NO_LINE_START = /^[，。、；：？！）》」』】〕”’…·%,.;:?!)\]]$/u;

/**
 * Splits a "word" into break units: each CJK character on its own, runs of other characters
 * (archive numbers, Latin words, digits) kept whole. Each unit is followed by '' — react-pdf
 * treats an empty syllable as zero-width glue, a break point without a printed hyphen.
 */
export function splitForWrap(word: string): string[] {
  if (!CJK.test(word)) return withGlue(breakLongRun(word));
  const units: string[] = [];
  let run = '';
  for (const ch of word) {
    if (CJK.test(ch)) {
      if (run) units.push(run);
      run = '';
      if (NO_LINE_START.test(ch) && units.length) units[units.length - 1] += ch;
      else units.push(ch);
    } else if (NO_LINE_START.test(ch) && !run && units.length) {
      units[units.length - 1] += ch;
    } else {
      run += ch;
    }
  }
  if (run) units.push(run);
  return withGlue(units.flatMap(breakLongRun));
}

const withGlue = (units: string[]): string[] => units.flatMap((u, i) => (i < units.length - 1 ? [u, ''] : [u]));

/**
 * A date range such as "2012-03-01—2014-11-30" is one unbreakable word to react-pdf and ran out of
 * its table cell into the next column. Dashes and slashes between the parts are break points.
 */
function breakLongRun(u: string): string[] {
  if (u.length <= 12 || !/[—–/]/.test(u)) return [u];
  return u.split(/(?<=[—–/])/).filter(Boolean);
}

let loading: Promise<ReactPdf> | undefined;

/** Loads react-pdf and registers the font family and the CJK wrap rule, once per process. */
export function loadReactPdf(): Promise<ReactPdf> {
  // prepareForPdf's glyph checks open faces through pdfkit: loaded beside react-pdf.
  loading ??= Promise.all([import('@react-pdf/renderer'), loadPrintLibs()]).then(([pdf]) => {
    pdf.Font.register({ family: CJK_FAMILY, src: cjkFontPath() });
    pdf.Font.registerHyphenationCallback(splitForWrap);
    return pdf;
  });
  return loading;
}

const registered = new Set<string>();

function strings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
}

function mapStrings<T>(v: T): T {
  if (typeof v === 'string') return printable(v) as T;
  if (Array.isArray(v)) return v.map(mapStrings) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x)])) as T;
  }
  return v;
}

/**
 * Readies a document's data for react-pdf: every string with characters that no font has gets 〓
 * in their place, and the font stack (primary, then each fallback face the data needs, registered
 * once) goes on the page style — react-pdf then picks, per character, the first font that has it.
 */
export async function prepareForPdf<T>(data: T): Promise<{ data: T; fontFamily: string[] }> {
  const pdf = await loadReactPdf();
  const texts: string[] = [];
  strings(data, texts);
  const faces: Face[] = fallbackFacesFor(texts);
  for (const f of faces) {
    if (registered.has(f.key)) continue;
    pdf.Font.register({ family: f.key, src: f.file, ...(f.postscriptName ? { postscriptName: f.postscriptName } : {}) });
    registered.add(f.key);
  }
  return { data: mapStrings(data), fontFamily: [CJK_FAMILY, ...faces.map((f) => f.key)] };
}
