import { COLUMNS, columnFor, type ColumnKey } from './columns';
import type { Cell } from './sheet-reader';

/**
 * Where the table starts in a sheet as offices keep it: a merged title ("XX社区居民信息登记表"),
 * a date line or blank rows above the header, and often a line of notes ("（必填）", "YYYY-MM-DD")
 * right under it. Pure functions over rows of cells, shared by the XLSX and CSV readers.
 */
export const HEADER_SCAN_ROWS = 10;
/** Fewer known column names than this and a row is not a header (a title, a notes sheet). */
export const MIN_HEADER_COLUMNS = 3;
const REQUIRED: ColumnKey[] = COLUMNS.filter((c) => c.required).map((c) => c.key);

const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());

/** Column keys a row would name if it were the header. */
export function headerKeys(cells: readonly Cell[]): Set<ColumnKey> {
  const keys = new Set<ColumnKey>();
  for (const c of cells) {
    if (typeof c !== 'string') continue;
    const k = columnFor(c);
    if (k) keys.add(k);
  }
  return keys;
}

/**
 * Index (0-based, into `rows`) of the header: the first of the top rows that names every required
 * column; failing that, the top row that names the most known columns (the report then names the
 * missing ones); null when no top row names at least MIN_HEADER_COLUMNS.
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[]): number | null {
  let best: number | null = null;
  let bestSize = MIN_HEADER_COLUMNS - 1;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS); i++) {
    const keys = headerKeys(rows[i]);
    if (REQUIRED.every((k) => keys.has(k))) return i;
    if (keys.size > bestSize) [best, bestSize] = [i, keys.size];
  }
  return best;
}

/** Map column key → index in a header row (the first column wins when two carry the same name). */
export function columnIndex(headers: readonly string[]): Map<ColumnKey, number> {
  const idx = new Map<ColumnKey, number>();
  headers.forEach((h, i) => {
    const k = columnFor(h);
    if (k && !idx.has(k)) idx.set(k, i);
  });
  return idx;
}

const NOTE = /^[（(【[<《].*[）)】\]>》]$|必填|选填|非必填|可不填|可选填|格式|示例|例[:：如]|如[:：]|注[:：]|yyyy|mm-dd|请填写|请选择|下拉选择/i;

/** A cell that explains its column instead of holding data. */
export function isNoteText(s: string): boolean {
  return NOTE.test(s.normalize('NFKC').trim());
}

/**
 * The line of notes under a header: every required column is blank or a note, and at least one
 * cell is a note. A row that holds data in a required column is never taken for notes.
 */
export function isNotesRow(cells: readonly Cell[], idx: Map<ColumnKey, number>): boolean {
  for (const k of REQUIRED) {
    const i = idx.get(k);
    const t = i === undefined ? '' : text(cells[i]);
    if (t && !isNoteText(t)) return false;
  }
  return cells.some((c) => typeof c === 'string' && c.trim() !== '' && isNoteText(c));
}

/** The header repeated inside the data (blocks pasted one under another): its 姓名 cell says 姓名. */
export function isRepeatedHeader(cells: readonly Cell[], idx: Map<ColumnKey, number>): boolean {
  const i = idx.get('name');
  const c = i === undefined ? null : cells[i];
  return typeof c === 'string' && columnFor(c) === 'name';
}
