import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../electron/import/columns';
import { readSheet, sheetSource, type SheetRow } from '../../electron/import/sheet-reader';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { messyCommunity, messyXlsx } from '../helpers/messy-sheets';

/** What the streamed source hands out, batch after batch, beside readSheet's whole read of the same bytes. */
async function both(name: string, bytes: Buffer) {
  const source = await sheetSource(name, bytes);
  const rows: SheetRow[] = [];
  let batches = 0;
  for await (const batch of source.batches()) {
    rows.push(...batch);
    batches++;
  }
  const whole = await readSheet(name, bytes);
  return {
    streamed: { headers: source.headers, rows, parts: source.parts(), skipped: source.skipped() },
    whole: { headers: whole.headers, rows: whole.rows, parts: whole.parts, skipped: whole.skipped },
    source,
    batches,
  };
}

/**
 * Every sheet a keeper imports is read as a stream (only the batch in hand in memory), workbooks of
 * several worksheets too; it must give exactly the rows, header, worksheets and skipped worksheets
 * that reading the whole file gives.
 */
describe('sheets stream as they read whole', () => {
  it('an office workbook: a worksheet per building (columns in two orders), merged household cells, title and notes rows, 填表说明, an empty sheet', async () => {
    const { bytes } = await messyXlsx(messyCommunity({ buildings: 6, seed: 5 }));
    const { streamed, whole, source } = await both('office.xlsx', bytes);
    expect(source.whole).toBeNull();
    expect(streamed).toEqual(whole);
    expect(whole.parts!.length).toBe(6);
    expect(whole.skipped).toEqual(['填表说明']);
  });

  it('two worksheets of 6 000 rows each (the second with its columns reversed and one of its own): batches cross both', async () => {
    const people = communityRows(12_000, 3);
    const heads = COLUMNS.map((c) => c.zh);
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('一号楼');
    a.addRow(heads);
    for (const p of people.slice(0, 6_000)) a.addRow(COLUMNS.map((c) => p[c.key] ?? ''));
    const b = wb.addWorksheet('二号楼');
    b.addRow(['走访记录', ...[...heads].reverse()]);
    for (const p of people.slice(6_000)) b.addRow(['已走访', ...[...COLUMNS].reverse().map((c) => p[c.key] ?? '')]);
    const notes = wb.addWorksheet('说明');
    for (let r = 1; r <= 40; r++) notes.addRow([]);
    notes.addRow(['表格说明写在第 41 行：没有表头的工作表不导入']);
    const { streamed, whole, source, batches } = await both('two.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(source.whole).toBeNull();
    expect(streamed).toEqual(whole);
    expect(whole.rows.length).toBe(12_000);
    expect(whole.headers.at(-1)).toBe('走访记录');
    expect(whole.skipped).toEqual(['说明']);
    expect(batches).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('a CSV of 12 000 rows', async () => {
    const { streamed, whole, source } = await both('a.csv', Buffer.from(toCsv(communityRows(12_000, 4))));
    expect(source.whole).toBeNull();
    expect(streamed).toEqual(whole);
  });

  it('a workbook whose second worksheet lacks a required column is read whole (its report names the column)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('甲').addRows([
      ['网格', '楼栋', '单元', '房号', '姓名'],
      ['第1网格', '1号楼', '1单元', '101', '张三'],
    ]);
    wb.addWorksheet('乙').addRows([
      ['网格', '楼栋', '单元', '姓名'],
      ['第1网格', '2号楼', '1单元', '李四'],
    ]);
    const { streamed, whole, source } = await both('partial.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(source.whole).not.toBeNull();
    expect(streamed).toEqual(whole);
  });
});
