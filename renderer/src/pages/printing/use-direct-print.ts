import { useState } from 'react';
import type { Result } from '../../../../shared/errors';
import { isMissingGlyphs, type PrintFailure } from './PrintError';

export type PdfOut = { fileName: string; dataBase64: string; pages: number };

/**
 * One-shot PDFs (building cover, spine, sheet, labels, calibration): busy flag, failure with the
 * "mark and print" retry, and the result handed to the page's preview.
 */
export function useDirectPrint(onPdf: (title: string, pdf: PdfOut) => void) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PrintFailure | null>(null);
  const run = async (title: string, call: (mark: boolean) => Promise<Result<PdfOut>>, mark = false): Promise<void> => {
    setBusy(true);
    setFailure(null);
    const r = await call(mark);
    setBusy(false);
    if (r.ok) return onPdf(title, r.value);
    setFailure({ error: r.error, markAndRetry: isMissingGlyphs(r.error, mark) ? () => void run(title, call, true) : undefined });
  };
  return { busy, failure, run };
}
