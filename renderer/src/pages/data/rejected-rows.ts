import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { saveBase64 } from './save-file';

/**
 * Asks the Node side for the rejected rows of the chosen file (an XLSX with a 问题 column) and
 * saves it. Returns the error text when it could not, else null.
 */
export async function downloadRejectedRows(fileName: string, dataBase64: string): Promise<string | null> {
  const r = await api.importer.rejectedRows({ fileName, dataBase64 });
  if (!r.ok) return errorText(r.error);
  saveBase64(r.value.dataBase64, r.value.fileName, r.value.mime);
  return null;
}
