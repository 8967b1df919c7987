import { Alert } from 'antd';
import type { AppErrorShape } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';

export interface PrintFailure {
  error: AppErrorShape;
}

/** Why a print did not come out. (A rare character never stops one: it prints, as 〓 if need be.) */
export function PrintError({ failure }: { failure: PrintFailure | null }) {
  if (!failure) return null;
  return <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="print-error" title={errorText(failure.error)} />;
}
