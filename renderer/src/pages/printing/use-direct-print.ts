import { useState } from 'react';
import type { Result } from '../../../../shared/errors';
import type { PrintFailure } from './PrintError';

/** Items printed with 〓 where no font on the computer has the character. */
export type Unprintable = { subject: string; chars: string[] };
export type PdfOut = { fileName: string; dataBase64: string; pages: number; unprintable?: Unprintable[] };

/** One-shot PDFs (building cover, spine, sheet, labels, calibration): busy flag, failure, and the result handed to the page's preview. */
export function useDirectPrint(onPdf: (title: string, pdf: PdfOut) => void) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PrintFailure | null>(null);
  const run = async (title: string, call: () => Promise<Result<PdfOut>>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    const r = await call();
    setBusy(false);
    if (r.ok) return onPdf(title, r.value);
    setFailure({ error: r.error });
  };
  return { busy, failure, run };
}
