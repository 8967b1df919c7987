import { parseTerm, termLabel } from '../../../../shared/domain/retention';
import { bi } from '../../lib/bilingual';

/** The service sends a term as its code (Y, D30, D10) or "15年"; shown as its zh/en label. */
export function termText(code: string): string {
  const t = parseTerm(code);
  return t ? bi(termLabel(t)) : code;
}
