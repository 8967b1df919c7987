import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { columnFor, type ColumnKey } from './columns';
import { columnIndex, findHeaderRow, HEADER_SCAN_ROWS, isNotesRow, isRepeatedHeader } from './header-row';

/** A cell as the importer sees it: numbers stay numbers (an ID stored as a number is an error to report). */
export type Cell = string | number | Date | boolean | null;

export interface SheetRow {
  /** The row number a keeper sees in Excel (for CSV: the line), whatever sits above the header. */
  rowNo: number;
  cells: Cell[];
  /** The worksheet's name, when the workbook has more than one (reports must say which). */
  sheet?: string;
}

/** One worksheet that was read, with its own header row. */
export interface SheetPart {
  name: string | null;
  headerRow: number;
  headers: string[];
  rows: number;
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  /** For CSV: which encoding was detected. */
  encoding?: 'utf-8' | 'gb18030';
  /** The columns of every worksheet read, in one order: the first one's, then columns only later ones have. */
  headers: string[];
  rows: SheetRow[];
  /** The worksheets read (one for CSV). */
  parts?: SheetPart[];
  /** Worksheets with content but no header row (填表说明 …): not read, named in the report. */
  skipped?: string[];
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
  if (lower.endsWith('.xls'))
    throw unreadable('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV。', 'Old .xls files are not supported; save as .xlsx or CSV in Excel.');
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

const blank = (c: Cell | undefined) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/**
 * Collects the data rows under a found header: drops blank rows, the line of notes right under the
 * header, and the header when it is repeated further down.
 */
class TableBuilder {
  readonly headers: string[];
  readonly width: number;
  readonly rows: SheetRow[] = [];
  private readonly idx: Map<ColumnKey, number>;
  private seen = 0;

  constructor(
    header: readonly Cell[],
    readonly name: string | null,
    readonly headerRow: number,
    private readonly label: string | undefined,
  ) {
    const texts = header.map((c) => (blank(c) ? '' : String(c).trim()));
    // Trailing empty (often formatted) columns are no part of the table.
    let w = texts.length;
    while (w > 0 && !texts[w - 1]) w--;
    this.headers = texts.slice(0, w);
    this.width = w;
    this.idx = columnIndex(this.headers);
  }

  add(rowNo: number, cells: Cell[]): void {
    if (cells.every(blank)) return;
    const first = this.seen++ < 2;
    if ((first && isNotesRow(cells, this.idx)) || isRepeatedHeader(cells, this.idx)) return;
    if (this.rows.length + 1 > MAX_IMPORT_ROWS) throw tooMany();
    this.rows.push(this.label === undefined ? { rowNo, cells } : { rowNo, cells, sheet: this.label });
  }

  part(): SheetPart {
    return { name: this.name, headerRow: this.headerRow, headers: this.headers, rows: this.rows.length };
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
  const h = findHeaderRow(records.slice(0, HEADER_SCAN_ROWS)) ?? records.findIndex((r) => !r.every(blank));
  if (h < 0) throw unreadable('文件是空的。', 'The file is empty.');
  if (records.length - h - 1 > MAX_IMPORT_ROWS) throw tooMany();
  const t = new TableBuilder(records[h], null, h + 1, undefined);
  for (let i = h + 1; i < records.length; i++) t.add(i + 1, records[i] as Cell[]);
  return { format: 'csv', encoding, headers: t.headers, rows: t.rows, parts: [t.part()], skipped: [] };
}

async function readXlsx(bytes: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密。', 'Cannot read this Excel file; make sure it is .xlsx and not password-protected.');
  }
  const sheets = wb.worksheets.filter((ws) => ws.actualRowCount > 0);
  if (sheets.length === 0) throw unreadable('工作表是空的。', 'The worksheet is empty.');
  if (sheets.reduce((n, ws) => n + ws.actualRowCount, 0) > MAX_IMPORT_ROWS + HEADER_SCAN_ROWS * sheets.length) throw tooMany();
  const several = wb.worksheets.length > 1;
  const tables: TableBuilder[] = [];
  const skipped: string[] = [];
  for (const ws of sheets) {
    const top = topRows(ws);
    const h = findHeaderRow(top);
    if (h === null) skipped.push(ws.name);
    else tables.push(readTable(ws, top[h], h + 1, several));
  }
  // No worksheet has a header: read the first one from its first row, so the report names the missing columns.
  if (tables.length === 0) {
    const ws = sheets[0];
    let first = 0;
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (!first && !rowCells(row, row.cellCount, 0).every(blank)) first = n;
    });
    if (!first) throw unreadable('工作表是空的。', 'The worksheet is empty.');
    const row = ws.getRow(first);
    tables.push(readTable(ws, rowCells(row, row.cellCount, 0), first, several));
    skipped.splice(skipped.indexOf(ws.name), 1);
  }
  const { headers, rows } = unify(tables);
  if (rows.length > MAX_IMPORT_ROWS) throw tooMany();
  return { format: 'xlsx', headers, rows, parts: tables.map((t) => t.part()), skipped };
}

function topRows(ws: ExcelJS.Worksheet): Cell[][] {
  const top: Cell[][] = [];
  for (let r = 1; r <= Math.min(ws.rowCount, HEADER_SCAN_ROWS); r++) {
    const row = ws.getRow(r);
    top.push(rowCells(row, row.cellCount, 0));
  }
  return top;
}

function readTable(ws: ExcelJS.Worksheet, header: Cell[], headerRow: number, several: boolean): TableBuilder {
  const t = new TableBuilder(header, ws.name, headerRow, several ? ws.name : undefined);
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo > headerRow) t.add(rowNo, rowCells(row, t.width, headerRow));
  });
  return t;
}

/**
 * A merged range gives its value to every row it spans (网格/楼栋/房号 merged down a household's
 * rows), but not to the columns beside it, and not to data rows from a header merged downwards.
 */
function rowCells(row: ExcelJS.Row, width: number, headerRow: number): Cell[] {
  const cells: Cell[] = new Array(width);
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    if (cell.type === ExcelJS.ValueType.Merge) {
      const master = cell.master;
      cells[c - 1] = Number(master.col) !== c || Number(master.row) <= headerRow ? null : cellValue(cell.value);
    } else cells[c - 1] = cellValue(cell.value);
  }
  return cells;
}

/**
 * Several worksheets become one table: a column is found by its key in each worksheet, so
 * worksheets may order their columns differently; columns the importer does not know are kept by name.
 */
function unify(tables: TableBuilder[]): { headers: string[]; rows: SheetRow[] } {
  if (tables.length === 1) return { headers: tables[0].headers, rows: tables[0].rows };
  const headers = [...tables[0].headers];
  const byKey = columnIndex(headers);
  const byText = new Map(headers.map((h, i) => [h, i]));
  const rows: SheetRow[] = [...tables[0].rows];
  for (const t of tables.slice(1)) {
    const claimed = new Set<ColumnKey>();
    const to = t.headers.map((h) => {
      const k = columnFor(h);
      if (k && !claimed.has(k)) {
        claimed.add(k);
        let at = byKey.get(k);
        if (at === undefined) byKey.set(k, (at = headers.push(h) - 1));
        return at;
      }
      // A column the importer does not know (or a second one of a known kind) is matched by its text.
      let at = k ? undefined : byText.get(h);
      if (at === undefined) {
        at = headers.push(h) - 1;
        if (!k) byText.set(h, at);
      }
      return at;
    });
    for (const r of t.rows) {
      const cells: Cell[] = new Array(headers.length).fill(null);
      r.cells.forEach((c, i) => (cells[to[i]] = c));
      rows.push({ ...r, cells });
    }
  }
  // Every row as wide as the joint header, so a row can be written back out column for column.
  for (const r of rows) while (r.cells.length < headers.length) r.cells.push(null);
  return { headers, rows };
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
