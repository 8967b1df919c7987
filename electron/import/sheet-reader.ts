import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';

/** A cell as the importer sees it: numbers stay numbers (an ID stored as a number is an error to report). */
export type Cell = string | number | Date | boolean | null;

export interface Sheet {
  format: 'xlsx' | 'csv';
  /** For CSV: which encoding was detected. */
  encoding?: 'utf-8' | 'gb18030';
  headers: string[];
  /** rowNo is the spreadsheet row number (header = 1), so reports name the row a keeper sees. */
  rows: { rowNo: number; cells: Cell[] }[];
}

export const MAX_IMPORT_ROWS = 200_000;

function unreadable(zh: string, en: string): AppError {
  return new AppError('VALIDATION', { zh, en, fields: [{ path: 'dataBase64', zh, en }] });
}

export async function readSheet(fileName: string, bytes: Buffer): Promise<Sheet> {
  const lower = fileName.toLowerCase();
  // XLSX files are ZIP containers: trust the bytes over the name.
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (lower.endsWith('.xlsx') || isZip) return readXlsx(bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(bytes);
  if (lower.endsWith('.xls')) throw unreadable('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV。', 'Old .xls files are not supported; save as .xlsx or CSV in Excel.');
  throw unreadable('只能导入 .xlsx 或 .csv 文件。', 'Only .xlsx and .csv files can be imported.');
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise GB18030 (a superset of GBK). */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

function readCsv(bytes: Buffer): Sheet {
  const { text, encoding } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, trim: false });
  } catch (e) {
    throw unreadable(`CSV 文件格式有误：${(e as Error).message}`, `The CSV file is malformed: ${(e as Error).message}`);
  }
  if (records.length === 0) throw unreadable('文件是空的。', 'The file is empty.');
  const [head, ...body] = records;
  if (body.length > MAX_IMPORT_ROWS) throw tooMany();
  const rows = body.map((cells, i) => ({ rowNo: i + 2, cells: cells as Cell[] })).filter((r) => r.cells.some((x) => String(x ?? '').trim() !== ''));
  return { format: 'csv', encoding, headers: head.map((h) => String(h)), rows };
}

async function readXlsx(bytes: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密。', 'Cannot read this Excel file; make sure it is .xlsx and not password-protected.');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) throw unreadable('工作表是空的。', 'The worksheet is empty.');
  if (ws.rowCount > MAX_IMPORT_ROWS + 1) throw tooMany();
  const headerRow = ws.getRow(1);
  const width = headerRow.cellCount;
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) headers.push(String(cellValue(headerRow.getCell(c).value) ?? ''));
  const rows: Sheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    if (cells.some((x) => x !== null && String(x).trim() !== '')) rows.push({ rowNo, cells });
  });
  return { format: 'xlsx', headers, rows };
}

function tooMany(): AppError {
  return unreadable(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入。`, `At most ${MAX_IMPORT_ROWS} rows per import; split the sheet.`);
}

/** Rich text, hyperlinks and formulas become their visible value. */
function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellValue((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in v) return null;
  }
  return String(v);
}
