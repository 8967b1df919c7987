import { columnFor, columnLabel, COLUMNS, type ColumnKey } from './columns';
import type { Sheet, SheetRow } from './sheet-reader';
import { cellText, splitTags, type RowIssue, type ValueMappings } from './validate-rows';

/** How many row numbers a group names ("第 2、5、9 … 行"): enough to find them, not a wall. */
export const EXAMPLE_ROWS = 5;

/** "居住类型 '公租房' × 212 行": one value the importer does not know, with where and what it may be. */
export interface UnknownValueGroup {
  columnKey: ColumnKey;
  column: string;
  value: string;
  /** Rows holding the value. */
  count: number;
  /** The first few of them (sheet row numbers). */
  rows: number[];
  /** What the column accepts: the value may be mapped to one of these. */
  allowed: string[];
}

const ORDER = new Map(COLUMNS.map((c, i) => [c.key, i]));

/** Unknown-value issues grouped by (column, value): most rows first, then in the sheet's column order. */
export function groupUnknownValues(issues: readonly RowIssue[], allowed: (key: ColumnKey) => readonly string[]): UnknownValueGroup[] {
  const groups = new Map<string, UnknownValueGroup & { seen: Set<number> }>();
  for (const i of issues) {
    if (!i.unknown || !i.columnKey) continue;
    const key = `${i.columnKey}\u0000${i.value}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          columnKey: i.columnKey,
          column: columnLabel(i.columnKey),
          value: i.value,
          count: 0,
          rows: [],
          allowed: [...allowed(i.columnKey)],
          seen: new Set(),
        }),
      );
    if (g.seen.has(i.row)) continue;
    g.seen.add(i.row);
    g.count++;
    // The lowest row numbers, whatever order the issues come in.
    if (g.rows.length < EXAMPLE_ROWS || i.row < g.rows[g.rows.length - 1]) {
      g.rows.push(i.row);
      g.rows.sort((a, b) => a - b);
      g.rows.length = Math.min(g.rows.length, EXAMPLE_ROWS);
    }
  }
  return [...groups.values()]
    .map(({ seen: _seen, ...g }) => g)
    .sort((a, b) => b.count - a.count || ORDER.get(a.columnKey)! - ORDER.get(b.columnKey)! || a.value.localeCompare(b.value, 'zh'));
}

export interface AppliedMapping {
  columnKey: ColumnKey;
  column: string;
  value: string;
  target: string;
  /** Rows whose cell the mapping changed. */
  count: number;
  /** Saved in the archive (reused by later imports), or given for this run only (the CLI's --map with --dry-run). */
  saved: boolean;
}

/**
 * Which mappings this sheet used, and on how many rows: a cell uses a mapping when its text (for
 * 户标签: one of its tag names) is a mapped value — the same lookup validateRows makes.
 */
export function appliedMappings(sheet: Sheet, mappings: ValueMappings, saved: ValueMappings): AppliedMapping[] {
  const counter = mappingCounter(sheet.headers, mappings);
  counter.add(sheet.rows);
  return counter.result(saved);
}

/** appliedMappings for a sheet that arrives in batches (a streamed import). */
export function mappingCounter(headers: string[], mappings: ValueMappings): { add(rows: SheetRow[]): void; result(saved: ValueMappings): AppliedMapping[] } {
  const cols: [ColumnKey, number][] = [];
  headers.forEach((h, i) => {
    const k = columnFor(h);
    if (k && mappings[k] && Object.keys(mappings[k]!).length && !cols.some(([x]) => x === k)) cols.push([k, i]);
  });
  const counts = new Map<string, number>();
  return {
    add(rows) {
      if (!cols.length) return;
      for (const { cells } of rows) {
        for (const [k, i] of cols) {
          const text = cellText(cells[i] ?? null);
          if (!text) continue;
          const values = k === 'tags' ? new Set(splitTags(text)) : [text];
          for (const v of values) {
            if (Object.hasOwn(mappings[k]!, v)) counts.set(`${k}\u0000${v}`, (counts.get(`${k}\u0000${v}`) ?? 0) + 1);
          }
        }
      }
    },
    result(saved) {
      return [...counts]
        .map(([key, count]) => {
          const [k, value] = key.split('\u0000') as [ColumnKey, string];
          return { columnKey: k, column: columnLabel(k), value, target: mappings[k]![value], count, saved: saved[k]?.[value] === mappings[k]![value] };
        })
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'zh'));
    },
  };
}
