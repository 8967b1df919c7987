/**
 * One place that sets react-pdf up for Chinese: the bundled Noto Sans SC (TTF; react-pdf cannot
 * read TTC collections) and a hyphenation callback that lets CJK text wrap. react-pdf only breaks
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
import { cjkFontPath } from './fonts';

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
  if (!CJK.test(word)) return [word];
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
  return units.flatMap((u, i) => (i < units.length - 1 ? [u, ''] : [u]));
}

let loading: Promise<ReactPdf> | undefined;

/** Loads react-pdf and registers the font family and the CJK wrap rule, once per process. */
export function loadReactPdf(): Promise<ReactPdf> {
  loading ??= import('@react-pdf/renderer').then((pdf) => {
    pdf.Font.register({ family: CJK_FAMILY, src: cjkFontPath() });
    pdf.Font.registerHyphenationCallback(splitForWrap);
    return pdf;
  });
  return loading;
}
