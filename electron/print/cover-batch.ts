import type { CoverData, PrintOptions } from '../../shared/domain/print-types';
import { coverTexts, drawCover } from './cover.pdf';
import { findMissingGlyphs, markMissing, MissingGlyphsError, type MissingGlyphs } from './glyph-check';
import { paperPoints } from './paper';
import { newPdf } from './pdf-buffer';

export interface BatchControl {
  /** Called after each cover is drawn (done = covers drawn so far). */
  onProgress?: (done: number, total: number) => void;
  /** Cancel: the promise rejects with an AbortError and no PDF is returned. */
  signal?: AbortSignal;
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

function abortError(signal: AbortSignal): Error {
  const e = new Error('打印已取消 Printing cancelled');
  e.name = 'AbortError';
  (e as Error & { cause?: unknown }).cause = signal.reason;
  return e;
}

/**
 * Many covers (a selection, a building, a grid) into one PDF, one cover per page.
 * Every cover's glyphs are checked before the first page is drawn, so a rare character in cover 399
 * stops the batch at once instead of after the work. Between covers it yields to the event loop,
 * which lets progress reach the UI and a cancel land within one cover.
 */
export async function coverBatchPdf(covers: CoverData[], opts: PrintOptions, ctl: BatchControl = {}): Promise<Buffer> {
  if (!covers.length) throw new RangeError('没有要打印的封面 Nothing to print');
  const { signal, onProgress } = ctl;
  if (signal?.aborted) throw abortError(signal);

  const missing: MissingGlyphs[] = [];
  for (const c of covers) {
    for (const m of findMissingGlyphs(coverTexts(c))) missing.push({ ...m, field: `${c.archiveNo} ${m.field}` });
  }
  if (missing.length && (opts.missingGlyphs ?? 'reject') === 'reject') throw new MissingGlyphsError(missing);
  const mark = missing.length ? markMissing : (s: string) => s;

  const { doc, done } = newPdf({ title: `封面 Covers ×${covers.length}`, size: paperPoints(opts.paper), margin: 0 });
  for (let i = 0; i < covers.length; i++) {
    if (i > 0) doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
    drawCover(doc, covers[i], opts, mark);
    onProgress?.(i + 1, covers.length);
    // Yielding every cover costs ~nothing next to drawing one and keeps cancel responsive.
    await yieldToLoop();
    if (signal?.aborted) {
      // The half-built document is dropped unread: nothing partial reaches the caller.
      doc.removeAllListeners('data');
      throw abortError(signal);
    }
  }
  doc.end();
  return done;
}
