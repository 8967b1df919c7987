import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse as csvStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { columnFor, type ColumnKey } from './columns';
import { columnIndex, findHeaderRow, HEADER_SCAN_ROWS, isNotesRow, isRepeatedHeader } from './header-row';
import { openXlsx, type MergeRange, type XlsxBook } from './xlsx-zip';

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

/** A street office's whole archive (~1M residents) in one sheet, with room. */
export const MAX_IMPORT_ROWS = 1_200_000;

export async function readSheet(fileName: string, bytes: Buffer): Promise<Sheet> {
  const lower = fileName.toLowerCase();
  // XLSX files are ZIP containers: trust the bytes over the name.
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (lower.endsWith('.xlsx') || isZip) return readXlsx(bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(bytes);
  if (lower.endsWith('.xls')) throw new AppError('VALIDATION', ERR.import.oldXls);
  throw new AppError('VALIDATION', ERR.import.wrongType);
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
  /** Rows taken in all (a streaming reader drains `rows` as it goes). */
  count = 0;
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
    if (++this.count > MAX_IMPORT_ROWS) throw tooMany();
    this.rows.push(this.label === undefined ? { rowNo, cells } : { rowNo, cells, sheet: this.label });
  }

  part(): SheetPart {
    return { name: this.name, headerRow: this.headerRow, headers: this.headers, rows: this.count };
  }
}

function readCsv(bytes: Buffer): Sheet {
  const { text, encoding } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, trim: false });
  } catch (e) {
    throw new AppError('VALIDATION', ERR.import.badCsv((e as Error).message));
  }
  const h = findHeaderRow(records.slice(0, HEADER_SCAN_ROWS)) ?? records.findIndex((r) => !r.every(blank));
  if (h < 0) throw new AppError('VALIDATION', ERR.import.emptyFile);
  if (records.length - h - 1 > MAX_IMPORT_ROWS) throw tooMany();
  const t = new TableBuilder(records[h], null, h + 1, undefined);
  for (let i = h + 1; i < records.length; i++) t.add(i + 1, records[i] as Cell[]);
  return { format: 'csv', encoding, headers: t.headers, rows: t.rows, parts: [t.part()], skipped: [] };
}

/**
 * XLSX read as a stream (xlsx-zip.ts): each worksheet's XML is inflated and scanned chunk by chunk,
 * rows go straight into their table, and no whole-workbook model (cells, styles and merges of every
 * row as objects) is ever built — exceljs's whole-book load took ~5 s for 50k rows before a cell
 * was read, its streaming WorkbookReader ~2 s. Merged ranges are known before the rows (the XML
 * lists them after).
 */
async function readXlsx(bytes: Buffer): Promise<Sheet> {
  let book: XlsxBook;
  try {
    book = await openXlsx(bytes);
  } catch {
    throw notXlsx();
  }
  const order = new Map(book.sheets.map((s, i) => [s.name, i]));
  const several = book.sheets.length > 1;
  const read: SheetStream[] = [];
  const budget = { rows: 0 };
  try {
    for (const ws of book.sheets) {
      const s = new SheetStream(ws.name, ws.merges, several, budget);
      for await (const batch of book.rows(ws.path)) for (const [rowNo, values] of batch) s.row(rowNo, values);
      s.end();
      if (s.hasContent) read.push(s);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw notXlsx();
  }
  read.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  if (read.length === 0) throw new AppError('VALIDATION', ERR.import.emptySheet);
  const tables = read.filter((s) => s.table).map((s) => s.table!);
  const skipped = read.filter((s) => !s.table).map((s) => s.name);
  // No worksheet has a header: read the first one from its first row, so the report names the missing columns.
  if (tables.length === 0) {
    tables.push(read[0].fromFirstRow());
    skipped.splice(skipped.indexOf(read[0].name), 1);
  }
  const { headers, rows } = unify(tables);
  if (rows.length > MAX_IMPORT_ROWS) throw tooMany();
  return { format: 'xlsx', headers, rows, parts: tables.map((t) => t.part()), skipped };
}

function notXlsx(): AppError {
  return new AppError('VALIDATION', ERR.import.notXlsx);
}

/** A cell covered by a merged range but not its top-left: what it shows depends on where the header is. */
interface MergedCell {
  merged: true;
  /** The range's top row, and whether this cell is in the range's first column. */
  top: number;
  own: boolean;
  value: Cell;
}
type RawCell = Cell | MergedCell;
const isMerged = (c: RawCell | undefined): c is MergedCell => typeof c === 'object' && c !== null && !(c instanceof Date);

/**
 * One worksheet as its rows stream in: the top rows are held until the header is found, then each
 * row goes straight into the table. A merged range gives its value to every row it spans (网格/楼栋/
 * 房号 merged down a household's rows), but not to the columns beside it, and not to data rows from a
 * header merged downwards — rows that hold nothing but merged cells included, as Excel shows them.
 */
class SheetStream {
  table: TableBuilder | null = null;
  hasContent = false;
  private top: [rowNo: number, cells: RawCell[]][] = [];
  decided = false;
  /** Rows kept while the sheet has no header, for fromFirstRow (only ever a failing import). */
  private all: [rowNo: number, cells: RawCell[]][] | null = null;
  private readonly merges: MergeRange[];
  private next = 0;
  private active: { m: MergeRange; value: Cell }[] = [];
  private last = 0;

  constructor(
    readonly name: string,
    merges: MergeRange[],
    private readonly several: boolean,
    private readonly budget: { rows: number },
    /** Keep the rows of a sheet without a header (for fromFirstRow); off when only looking for the header. */
    private readonly keepHeaderless = true,
  ) {
    this.merges = [...merges].sort((a, b) => a.top - b.top);
  }

  row(rowNo: number, values: Cell[]): void {
    this.gap(rowNo - 1);
    this.take(rowNo, values);
  }

  end(): void {
    const bottom = this.active.reduce(
      (b, a) => Math.max(b, a.m.bottom),
      this.merges.reduce((b, m) => Math.max(b, m.bottom), 0),
    );
    this.gap(bottom);
    if (!this.decided) this.decide();
  }

  fromFirstRow(): TableBuilder {
    const rows = this.all ?? [];
    const first = rows.findIndex(([, cells]) => !cells.every((c) => blank(resolve(c, 0))));
    const [rowNo, cells] = rows[first];
    const t = new TableBuilder(
      cells.map((c) => resolve(c, 0)),
      this.name,
      rowNo,
      this.several ? this.name : undefined,
    );
    for (const [n, c] of rows.slice(first + 1)) t.add(n, cellsAt(c, t.width, rowNo));
    return t;
  }

  /** Rows the XML leaves out that a merged range still covers. */
  private gap(upTo: number): void {
    for (let r = this.last + 1; r <= upTo; r++) {
      if (!this.active.some((a) => a.m.bottom >= r)) {
        if (this.next >= this.merges.length) break;
        r = Math.max(r, this.merges[this.next].top);
        if (r > upTo) break;
      }
      this.take(r, []);
    }
  }

  private take(rowNo: number, values: Cell[]): void {
    this.last = rowNo;
    this.active = this.active.filter((a) => a.m.bottom >= rowNo);
    while (this.next < this.merges.length && this.merges[this.next].top <= rowNo) {
      const m = this.merges[this.next++];
      if (m.bottom >= rowNo) this.active.push({ m, value: null });
    }
    let width = values.length - 1;
    for (const a of this.active) width = Math.max(width, a.m.right);
    const cells: RawCell[] = new Array(Math.max(0, width)).fill(null);
    for (let c = 1; c < values.length; c++) if (values[c] !== undefined) cells[c - 1] = values[c];
    for (const a of this.active) {
      const { m } = a;
      if (m.top === rowNo) a.value = cells[m.left - 1] as Cell;
      for (let c = m.left; c <= m.right; c++) {
        if (c === m.left && rowNo === m.top) continue;
        cells[c - 1] = { merged: true, top: m.top, own: c === m.left, value: a.value };
      }
    }
    if (!this.hasContent && cells.some((c) => !blank(resolve(c, 0)))) this.hasContent = true;
    if (this.decided) {
      if (this.table) this.add(rowNo, cells);
      else if (this.all) this.all.push([rowNo, cells]);
      return;
    }
    this.top.push([rowNo, cells]);
    if (rowNo >= HEADER_SCAN_ROWS) this.decide();
  }

  private decide(): void {
    this.decided = true;
    const top: Cell[][] = [];
    for (const [n, cells] of this.top) if (n <= HEADER_SCAN_ROWS) top[n - 1] = cells.map((c) => resolve(c, 0));
    for (let i = 0; i < top.length; i++) top[i] ??= [];
    const h = findHeaderRow(top);
    if (h === null) {
      this.all = this.keepHeaderless ? this.top : null;
      this.top = [];
      return;
    }
    this.table = new TableBuilder(top[h], this.name, h + 1, this.several ? this.name : undefined);
    for (const [n, cells] of this.top) if (n > h + 1) this.add(n, cells);
    this.top = [];
  }

  private add(rowNo: number, cells: RawCell[]): void {
    const t = this.table!;
    if (++this.budget.rows > MAX_IMPORT_ROWS + HEADER_SCAN_ROWS * 8) throw tooMany();
    t.add(rowNo, cellsAt(cells, t.width, t.headerRow));
  }
}

/** What a cell shows under a header at `headerRow`: a merged cell keeps its range's value in the range's first column only, and only below the header. */
function resolve(c: RawCell | undefined, headerRow: number): Cell {
  if (c === undefined) return null;
  if (!isMerged(c)) return c;
  return c.own && c.top > headerRow ? c.value : null;
}

function cellsAt(raw: RawCell[], width: number, headerRow: number): Cell[] {
  const cells: Cell[] = new Array(width);
  for (let i = 0; i < width; i++) cells[i] = resolve(raw[i], headerRow);
  return cells;
}

/**
 * Several worksheets become one table: a column is found by its key in each worksheet, so
 * worksheets may order their columns differently; columns the importer does not know are kept by name.
 */
function unify(tables: TableBuilder[]): { headers: string[]; rows: SheetRow[] } {
  if (tables.length === 1) return { headers: tables[0].headers, rows: tables[0].rows };
  const { headers, maps } = jointHeader(tables.map((t) => t.headers));
  const rows: SheetRow[] = [];
  tables.forEach((t, k) => {
    for (const r of t.rows) rows.push(intoJoint(r, maps[k], headers.length));
  });
  return { headers, rows };
}

/**
 * The joint header of several worksheets' headers (the first one's columns, then columns only later
 * ones have), and for each worksheet where each of its columns goes in it.
 */
function jointHeader(list: string[][]): { headers: string[]; maps: number[][] } {
  const headers = [...list[0]];
  const byKey = columnIndex(headers);
  const byText = new Map(headers.map((h, i) => [h, i]));
  const maps = [list[0].map((_, i) => i)];
  for (const own of list.slice(1)) {
    const claimed = new Set<ColumnKey>();
    maps.push(
      own.map((h) => {
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
      }),
    );
  }
  return { headers, maps };
}

/** A worksheet's row in the joint header: every row as wide as it, so a row can be written back out column for column. */
function intoJoint(r: SheetRow, to: number[], width: number): SheetRow {
  const cells: Cell[] = new Array(width).fill(null);
  r.cells.forEach((c, i) => (cells[to[i]] = c));
  return { ...r, cells };
}

function tooMany(): AppError {
  return new AppError('VALIDATION', ERR.import.tooManyRows(MAX_IMPORT_ROWS));
}

/**
 * A sheet read as a stream of row batches, for the dry run and the commit of a big import (1M rows):
 * only the batch in hand is in memory. The header is known before the first batch (a workbook of
 * several worksheets: each one's header is found first, then the rows stream worksheet after
 * worksheet into the joint header). Sheets the streaming readers do not take — a header that is
 * missing or lacks a required column (a refused import, reported whole) — are read whole by
 * readSheet and handed out in batches: the same rows either way.
 */
export interface SheetSource {
  format: 'xlsx' | 'csv';
  encoding?: 'utf-8' | 'gb18030';
  headers: string[];
  /** Set when the sheet was read whole (see above). */
  whole: Sheet | null;
  batches(): AsyncGenerator<SheetRow[]>;
  /** Rows expected in all, for progress (exact once the batches are done). */
  estimate(): number;
  /** The worksheets read, once the batches are done. */
  parts(): SheetPart[];
  skipped(): string[];
}

const BATCH = 5000;

function wholeSource(sheet: Sheet): SheetSource {
  return {
    format: sheet.format,
    encoding: sheet.encoding,
    headers: sheet.headers,
    whole: sheet,
    async *batches() {
      for (let i = 0; i < sheet.rows.length; i += BATCH) yield sheet.rows.slice(i, i + BATCH);
    },
    estimate: () => sheet.rows.length,
    parts: () => sheet.parts ?? [],
    skipped: () => sheet.skipped ?? [],
  };
}

export async function sheetSource(fileName: string, bytes: Buffer): Promise<SheetSource> {
  const lower = fileName.toLowerCase();
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  const streamed =
    lower.endsWith('.xlsx') || isZip ? await xlsxSource(bytes) : lower.endsWith('.csv') || lower.endsWith('.txt') ? await csvSource(bytes) : null;
  return streamed ?? wholeSource(await readSheet(fileName, bytes));
}

const complete = (headers: string[]) => {
  const idx = columnIndex(headers);
  return REQUIRED_KEYS.every((k) => idx.has(k));
};
const REQUIRED_KEYS: ColumnKey[] = ['grid', 'building', 'unit', 'room', 'name'];

/** Worksheets with complete headers, streamed; null for anything else (read whole instead). */
async function xlsxSource(bytes: Buffer): Promise<SheetSource | null> {
  let book: XlsxBook;
  try {
    book = await openXlsx(bytes);
  } catch {
    return null;
  }
  if (book.sheets.length !== 1) return workbookSource(book);
  const ws = book.sheets[0];
  const s = new SheetStream(ws.name, ws.merges, false, { rows: 0 });
  const rows = book.rows(ws.path);
  // Up to the header (the first rows), so it is known before any batch.
  const early: SheetRow[] = [];
  let done = false;
  while (!s.decided) {
    const n = await rows.next();
    if (n.done) {
      done = true;
      s.end();
      break;
    }
    for (const [rowNo, values] of n.value) s.row(rowNo, values);
  }
  if (!s.table || !complete(s.table.headers) || !s.hasContent) {
    await rows.return(undefined);
    return null;
  }
  const t = s.table;
  early.push(...t.rows.splice(0));
  let taken = early.length;
  return {
    format: 'xlsx',
    headers: t.headers,
    whole: null,
    async *batches() {
      if (early.length) yield early.splice(0);
      try {
        if (!done) {
          for await (const batch of rows) {
            for (const [rowNo, values] of batch) s.row(rowNo, values);
            if (t.rows.length >= BATCH) {
              taken += t.rows.length;
              yield t.rows.splice(0);
            }
          }
          s.end();
        }
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw notXlsx();
      }
      taken += t.rows.length;
      if (t.rows.length) yield t.rows.splice(0);
    },
    estimate: () => Math.max(taken, book.estimate(ws.path, t.headerRow)),
    parts: () => [t.part()],
    skipped: () => [],
  };
}

/**
 * A workbook of several worksheets, streamed: a first look at each worksheet finds its header (the
 * rows above and just under it; to the first content of one without a header), which gives the
 * joint header; then each worksheet with a table streams in turn, its rows in the joint header's
 * columns — what readXlsx gives, without holding the rows. Null when a worksheet's header lacks a
 * required column or none has one (read whole instead: a refused import).
 */
async function workbookSource(book: XlsxBook): Promise<SheetSource | null> {
  const found: { ws: XlsxBook['sheets'][number]; headers: string[]; headerRow: number }[] = [];
  const skipped: string[] = [];
  try {
    for (const ws of book.sheets) {
      const s = new SheetStream(ws.name, ws.merges, true, { rows: 0 }, false);
      const rows = book.rows(ws.path);
      let ended = true;
      for await (const batch of rows) {
        for (const [rowNo, values] of batch) s.row(rowNo, values);
        if (s.decided && (s.table || s.hasContent)) {
          ended = false;
          break;
        }
      }
      await rows.return(undefined);
      if (ended) s.end();
      if (s.table) found.push({ ws, headers: s.table.headers, headerRow: s.table.headerRow });
      else if (s.hasContent) skipped.push(ws.name);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw notXlsx();
  }
  if (!found.length || !found.every((f) => complete(f.headers))) return null;
  const { headers, maps } = jointHeader(found.map((f) => f.headers));
  const parts: SheetPart[] = [];
  let taken = 0;
  return {
    format: 'xlsx',
    headers,
    whole: null,
    async *batches() {
      const budget = { rows: 0 };
      for (const [k, f] of found.entries()) {
        const s = new SheetStream(f.ws.name, f.ws.merges, true, budget);
        const out = (rows: SheetRow[]) => {
          taken += rows.length;
          if (taken > MAX_IMPORT_ROWS) throw tooMany();
          return rows.map((r) => intoJoint(r, maps[k], headers.length));
        };
        try {
          for await (const batch of book.rows(f.ws.path)) {
            for (const [rowNo, values] of batch) s.row(rowNo, values);
            if (s.table && s.table.rows.length >= BATCH) yield out(s.table.rows.splice(0));
          }
          s.end();
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw notXlsx();
        }
        // The same rows as the first look, so the same header.
        if (!s.table) throw notXlsx();
        if (s.table.rows.length) yield out(s.table.rows.splice(0));
        parts.push(s.table.part());
      }
    },
    estimate: () =>
      Math.max(
        taken,
        found.reduce((n, f) => n + book.estimate(f.ws.path, f.headerRow), 0),
      ),
    parts: () => parts,
    skipped: () => skipped,
  };
}

/** A CSV with a complete header, parsed as a stream; null for anything else (read whole instead). */
async function csvSource(bytes: Buffer): Promise<SheetSource | null> {
  const encoding = isUtf8(bytes) ? 'utf-8' : 'gb18030';
  const records = (async function* () {
    const decoder = new TextDecoder(encoding, { ignoreBOM: false });
    const parser = csvStream({ relax_column_count: true, skip_empty_lines: false, bom: true, trim: false });
    const CHUNK = 1 << 20;
    const text = Readable.from(
      (function* () {
        for (let i = 0; i < bytes.length; i += CHUNK) yield decoder.decode(bytes.subarray(i, i + CHUNK), { stream: i + CHUNK < bytes.length });
      })(),
    );
    text.pipe(parser);
    try {
      for await (const r of parser) yield r as string[];
    } catch (e) {
      throw new AppError('VALIDATION', ERR.import.badCsv((e as Error).message));
    }
  })();
  const top: string[][] = [];
  let ended = false;
  while (top.length < HEADER_SCAN_ROWS) {
    const n = await records.next();
    if (n.done) {
      ended = true;
      break;
    }
    top.push(n.value);
  }
  const h = findHeaderRow(top);
  if (h === null || !complete(top[h].map((c) => (blank(c) ? '' : String(c).trim())))) {
    await records.return(undefined);
    return null;
  }
  const t = new TableBuilder(top[h], null, h + 1, undefined);
  let line = h + 1;
  for (let i = h + 1; i < top.length; i++) t.add(++line, top[i] as Cell[]);
  // Lines in the text, for progress: one record a line but for quoted line breaks.
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  let taken = 0;
  return {
    format: 'csv',
    encoding,
    headers: t.headers,
    whole: null,
    async *batches() {
      if (!ended) {
        for await (const r of records) {
          t.add(++line, r as Cell[]);
          if (t.rows.length >= BATCH) {
            taken += t.rows.length;
            yield t.rows.splice(0);
          }
        }
      }
      taken += t.rows.length;
      if (t.rows.length) yield t.rows.splice(0);
    },
    estimate: () => Math.max(taken, lines - h),
    parts: () => [t.part()],
    skipped: () => [],
  };
}
