import { newWorkbook } from '../export/workbook';
import { columnFor } from './columns';
import type { Sheet } from './sheet-reader';
import type { RowIssue } from './validate-rows';

/**
 * The header of the column that says what is wrong with a rejected row. The importer knows no
 * column by this name, so a corrected file goes back in with it still there.
 */
export const PROBLEM_HEADER = '问题';

/** Columns kept as text so Excel cannot turn a corrected ID or phone number into 1.10105E+17. */
const TEXT_COLUMNS = new Set(['citizenId', 'phone', 'room', 'building', 'unit']);

/**
 * The rows the importer refused, as an XLSX a keeper fixes in Excel and imports again: the sheet's
 * own headers and cells (dates stay dates, an ID Excel already made a number stays that number, to
 * be retyped), plus a 问题 column listing every problem of the row in Chinese.
 */
export async function rejectedRowsXlsx(sheet: Pick<Sheet, 'headers' | 'rows'>, issues: readonly RowIssue[]): Promise<{ buffer: Buffer; rows: number }> {
  // By worksheet and row: row 5 of one worksheet is not row 5 of another.
  const at = (sheetName: string | undefined, row: number) => `${sheetName ?? ''}\u0000${row}`;
  const byRow = new Map<string, RowIssue[]>();
  for (const i of issues) {
    const k = at(i.sheet, i.row);
    (byRow.get(k) ?? byRow.set(k, []).get(k)!).push(i);
  }
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const ws = wb.addWorksheet('需修改的行');
  const headers = sheet.headers.filter((h) => h.trim() !== PROBLEM_HEADER);
  const keep = sheet.headers
    .map((h, i) => [h, i] as const)
    .filter(([h]) => h.trim() !== PROBLEM_HEADER)
    .map(([, i]) => i);
  ws.addRow([...headers, PROBLEM_HEADER]);
  keep.forEach((src, i) => {
    const key = columnFor(sheet.headers[src]);
    if (key && TEXT_COLUMNS.has(key)) ws.getColumn(i + 1).numFmt = '@';
    ws.getColumn(i + 1).width = Math.min(24, Math.max(8, [...sheet.headers[src]].length * 2 + 2));
  });
  const problemCol = ws.getColumn(headers.length + 1);
  problemCol.width = 60;
  problemCol.alignment = { wrapText: true, vertical: 'top' };
  let rows = 0;
  for (const { rowNo, cells, sheet: sheetName } of sheet.rows) {
    const mine = byRow.get(at(sheetName, rowNo));
    if (!mine) continue;
    const problems = mine.map((i) => (i.column ? `${i.column}：${i.zh}` : i.zh));
    ws.addRow([...keep.map((i) => cells[i] ?? null), `（原第 ${rowNo} 行）${problems.join('；')}`]);
    rows++;
  }
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.getCell(headers.length + 1).font = { bold: true, color: { argb: 'FFCF1322' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}
