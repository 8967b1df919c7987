import type { CoverData, PrintOptions } from '../../shared/domain/print-types';
import type { UnprintableChars } from '../../shared/domain/print-types';
import { coverUnprintable, drawCover } from './cover.pdf';
import { paperPoints } from './paper';
import { newPdf, type PrintedPdf } from './pdf-buffer';

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
 * Many covers (a selection, a building, a grid) into one PDF, one cover per page. A rare character
 * never stops the batch: it prints from a fallback font, or as 〓 when no font has it, and the
 * covers with 〓 are listed in the result. Between covers it yields to the event loop, which lets
 * progress reach the UI and a cancel land within one cover.
 */
export async function coverBatchPdf(covers: CoverData[], opts: PrintOptions, ctl: BatchControl = {}): Promise<PrintedPdf> {
  if (!covers.length) throw new RangeError('没有要打印的封面 Nothing to print');
  const { signal, onProgress } = ctl;
  if (signal?.aborted) throw abortError(signal);
  const unprintable: UnprintableChars[] = [];

  const { doc, done } = await newPdf({ title: `封面 Covers ×${covers.length}`, size: paperPoints(opts.paper), margin: 0 });
  for (let i = 0; i < covers.length; i++) {
    if (i > 0) doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
    drawCover(doc, covers[i], opts);
    const u = coverUnprintable(covers[i]);
    if (u) unprintable.push(u);
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
  return { pdf: await done, unprintable };
}
