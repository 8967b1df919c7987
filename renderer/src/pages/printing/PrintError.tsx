import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';

export interface PrintFailure {
  error: AppErrorShape;
  /** Present when the failure is the font lacking characters: print again with 〓 marks. */
  markAndRetry?: () => void;
}

/**
 * The server refuses missing rare characters with a MISSING_GLYPHS error naming them (and no field
 * issues, which would point at a bad request instead). Only a 'reject' run can be retried marked.
 */
export function isMissingGlyphs(e: AppErrorShape, markedAlready: boolean): boolean {
  return !markedAlready && e.code === 'MISSING_GLYPHS';
}

export function PrintError({ failure }: { failure: PrintFailure | null }) {
  const { t } = useTranslation();
  if (!failure) return null;
  const glyphs = !!failure.markAndRetry;
  return (
    <Alert type={glyphs ? 'warning' : 'error'} showIcon style={{ marginTop: 12 }} data-testid="print-error"
      title={glyphs ? t('printing.glyphTitle') : errorText(failure.error)}
      description={glyphs ? <>{errorText(failure.error)}<div>{t('printing.markHint')}</div></> : undefined}
      action={glyphs ? <Button size="small" onClick={failure.markAndRetry} data-testid="print-mark-retry">{t('printing.markAndPrint')}</Button> : undefined} />
  );
}
