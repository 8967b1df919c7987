import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | null | undefined;

/**
 * A leading = + - @ (or tab/CR) gets an apostrophe so a spreadsheet shows the text instead of
 * running it as a formula (CSV injection); the importer strips that apostrophe again.
 */
export function defuseFormula(v: CsvValue): string {
  const s = v === null || v === undefined ? '' : String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180 CSV (CRLF) with a BOM, so Excel reads it as UTF-8 and shows the Chinese. */
export function csvFile(rows: Iterable<CsvValue[]>): Buffer {
  const safe = Array.from(rows, (r) => r.map(defuseFormula));
  return Buffer.from(`\uFEFF${stringify(safe, { record_delimiter: 'windows' })}`, 'utf8');
}
