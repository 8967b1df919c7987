import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnFor } from '../../electron/import/columns';
import { columnIndex, findHeaderRow, isNotesRow, isRepeatedHeader } from '../../electron/import/header-row';
import { readSheet, type Cell } from '../../electron/import/sheet-reader';
import { validateRows } from '../../electron/import/validate-rows';
import { checkDigit } from '../../shared/domain/citizen-id';

const HEAD = ['网格', '楼栋', '单元', '房号', '姓名', '性别', '公民身份号码'];
const row = (...cells: Cell[]) => cells;

describe('header detection', () => {
  it.each<[string, Cell[][], number | null]>([
    ['header in row 1', [HEAD, row('第1网格', '1号楼', '1单元', '101', '张三')], 0],
    [
      'merged title (every cell repeats it), a date line and a blank row above',
      [HEAD.map(() => '幸福社区居民信息登记表'), row('填报日期：2026年1月'), row(), HEAD, row('第1网格')],
      3,
    ],
    [
      'notes written into header cells',
      [row('XX社区居民信息登记表'), row('网格（必填）', '楼栋*', '单元 (必填)', '房号【必填】', '姓名：', '出生日期（YYYY-MM-DD）')],
      1,
    ],
    ['English headers (an exported English sheet)', [row('Grid', 'Building', 'Unit', 'Room', 'Name', 'Citizen ID')], 0],
    ['the first complete header wins over a later one', [HEAD, HEAD], 0],
    ['a header that lacks a required column is still the header (the report names what is missing)', [row('标题'), row('网格', '楼栋', '姓名', '性别')], 1],
    ['a row naming only two known columns is not a header', [row('姓名', '备注'), row('张三', '')], null],
    ['a notes sheet has no header', [row('填表说明'), row('1. 网格、楼栋、单元、房号必填'), row('2. 身份证号设为文本')], null],
    ['a header below the first ten rows is not searched for', [...Array.from({ length: 10 }, () => row('说明')), HEAD], null],
    ['an empty sheet has none', [], null],
  ])('%s', (_, rows, want) => {
    expect(findHeaderRow(rows)).toBe(want);
  });

  it('header cells with notes, stars, colons and full-width letters find their column', () => {
    expect(columnFor('出生日期（YYYY-MM-DD）')).toBe('birthDate');
    expect(columnFor('姓名*')).toBe('name');
    expect(columnFor('公民身份号码(18位)')).toBe('citizenId');
    expect(columnFor('身份证号码')).toBe('citizenId');
    expect(columnFor('住房性质')).toBe('residenceType');
    expect(columnFor('Ｎａｍｅ')).toBe('name');
    expect(columnFor('序号')).toBeNull();
  });

  it('tells the notes line under the header from data, and spots a repeated header', () => {
    const idx = columnIndex([...HEAD, '出生日期']);
    expect(isNotesRow(row('（必填）', '（必填）', '（必填）', '（必填）', '（必填）', '男/女', '18位', 'YYYY-MM-DD'), idx)).toBe(true);
    expect(isNotesRow(row(null, null, null, null, null, null, null, 'YYYY-MM-DD'), idx)).toBe(true);
    expect(isNotesRow(row('', '', '', '', '必填', '', '', ''), idx)).toBe(true);
    // Data in a required column is never notes, even beside a note-like cell.
    expect(isNotesRow(row('第1网格', '（必填）', '（必填）', '（必填）', '（必填）'), idx)).toBe(false);
    expect(isNotesRow(row('', '', '', '', '张三', '男', '', '1985-03-02'), idx)).toBe(false);
    // A stray row without any note is data (and will be reported), not silently dropped.
    expect(isNotesRow(row('', '', '', '', '', '男'), idx)).toBe(false);
    expect(isRepeatedHeader(HEAD, idx)).toBe(true);
    expect(isRepeatedHeader(row('第1网格', '1号楼', '1单元', '101', '张三'), idx)).toBe(false);
  });
});

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const fill = (ws: ExcelJS.Worksheet, r: number, values: Cell[]) => values.forEach((v, i) => (ws.getCell(r, i + 1).value = v));
const ID1 = `11010519500101123${checkDigit('11010519500101123')}`;

describe('reading sheets as offices lay them out', () => {
  it('merged household cells give their value to every row they span, never to the next column', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('1号楼');
      fill(ws, 1, ['幸福社区居民信息登记表']);
      ws.mergeCells(1, 1, 1, 8);
      fill(ws, 3, [...HEAD, '备注']);
      fill(ws, 4, ['（必填）', '（必填）', '（必填）', '（必填）', '（必填）', '男/女']);
      fill(ws, 5, ['第1网格', '1号楼', '1单元', '101', '张三', '男', null, '合并备注']);
      fill(ws, 6, [null, null, null, null, '李四', '女']);
      fill(ws, 7, [null, null, null, null, '张小三', '男']);
      fill(ws, 8, ['第1网格', '1号楼', '2单元', '201', '王五', '男']);
      for (const c of [1, 2, 3, 4]) ws.mergeCells(5, c, 7, c);
      ws.mergeCells(5, 8, 5, 9); // notes merged sideways into a column with no header
      ws.mergeCells(6, 6, 6, 7); // 性别 merged into 公民身份号码: the ID cell must stay empty
      ws.getColumn(2).hidden = true;
      for (let r = 9; r <= 14; r++) for (let c = 1; c <= 12; c++) ws.getCell(r, c).border = { bottom: { style: 'thin' } };
      for (let c = 9; c <= 12; c++) ws.getCell(3, c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    });
    const s = await readSheet('a.xlsx', bytes);
    expect(s.headers).toEqual([...HEAD, '备注']);
    expect(s.parts).toEqual([{ name: '1号楼', headerRow: 3, headers: [...HEAD, '备注'], rows: 4 }]);
    expect(s.rows.map((r) => r.rowNo)).toEqual([5, 6, 7, 8]);
    expect(s.rows.map((r) => r.cells.slice(0, 5))).toEqual([
      ['第1网格', '1号楼', '1单元', '101', '张三'],
      ['第1网格', '1号楼', '1单元', '101', '李四'],
      ['第1网格', '1号楼', '1单元', '101', '张小三'],
      ['第1网格', '1号楼', '2单元', '201', '王五'],
    ]);
    expect(s.rows[1].cells[5]).toBe('女');
    expect(s.rows[1].cells[6]).toBeNull();
    expect(s.rows[0].cells[7]).toBe('合并备注');
    expect(s.rows[0].sheet).toBeUndefined(); // one worksheet: row numbers need no sheet name
    expect(s.skipped).toEqual([]);
  });

  it('a header merged down over the notes line does not leak into the data', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('表');
      fill(ws, 1, HEAD);
      fill(ws, 2, [null, null, null, null, null, '（男/女）']);
      for (const c of [1, 2, 3, 4, 5]) ws.mergeCells(1, c, 2, c);
      fill(ws, 3, ['第1网格', '1号楼', '1单元', '101', '张三', '男']);
    });
    const s = await readSheet('a.xlsx', bytes);
    expect(s.rows.map((r) => [r.rowNo, r.cells[0], r.cells[4]])).toEqual([[3, '第1网格', '张三']]);
  });

  it('reads every worksheet with a header (columns in any order), skips and names the rest, ignores empty ones', async () => {
    const bytes = await xlsx((wb) => {
      fill(wb.addWorksheet('填表说明'), 1, ['填表说明：网格、楼栋必填']);
      const a = wb.addWorksheet('1号楼');
      fill(a, 1, ['1号楼居民表']);
      fill(a, 2, [...HEAD, '序号']);
      fill(a, 3, ['第1网格', '1号楼', '1单元', '101', '张三', '男', ID1, 1]);
      const b = wb.addWorksheet('2号楼');
      fill(b, 1, ['序号', '姓名', '房号', '单元', '楼栋', '网格', '民族']);
      fill(b, 2, [1, '李四', '102', '1单元', '2号楼', '第1网格', '汉']);
      fill(b, 3, ['序号', '姓名', '房号', '单元', '楼栋', '网格', '民族']); // the header pasted again
      fill(b, 4, [2, '王五', '103', '1单元', '2号楼', '第1网格', '回']);
      wb.addWorksheet('Sheet3');
    });
    const s = await readSheet('a.xlsx', bytes);
    expect(s.skipped).toEqual(['填表说明']);
    expect(s.parts?.map((p) => [p.name, p.headerRow, p.rows])).toEqual([
      ['1号楼', 2, 1],
      ['2号楼', 1, 2],
    ]);
    expect(s.headers).toEqual([...HEAD, '序号', '民族']);
    expect(s.rows.map((r) => [r.sheet, r.rowNo, r.cells[0], r.cells[3], r.cells[4], r.cells[7], r.cells[8]])).toEqual([
      ['1号楼', 3, '第1网格', '101', '张三', 1, null],
      ['2号楼', 2, '第1网格', '102', '李四', 1, '汉'],
      ['2号楼', 4, '第1网格', '103', '王五', 2, '回'],
    ]);
    const v = await validateRows(s, new Map(), '2026-01-01');
    expect(v.issues).toEqual([]);
    expect(v.rows.map((r) => [r.sheet, r.rowNo, r.resident.ethnicity])).toEqual([
      ['1号楼', 3, null],
      ['2号楼', 2, '汉族'],
      ['2号楼', 4, '回族'],
    ]);
  });

  it('a worksheet without the required columns is named with its header row; without any header, row 1 is reported', async () => {
    const partial = await xlsx((wb) => {
      fill(wb.addWorksheet('1号楼'), 1, HEAD);
      const b = wb.addWorksheet('2号楼');
      fill(b, 2, ['网格', '楼栋', '姓名', '性别']);
      fill(b, 3, ['第1网格', '2号楼', '李四', '女']);
    });
    const v = await validateRows(await readSheet('a.xlsx', partial), new Map(), '2026-01-01');
    expect(v.issues).toMatchObject([{ sheet: '2号楼', row: 2, column: '单元、房号' }]);
    const none = await xlsx((wb) => fill(wb.addWorksheet('Sheet1'), 2, ['名字', '年龄']));
    const s = await readSheet('b.xlsx', none);
    expect(s.skipped).toEqual([]);
    expect((await validateRows(s, new Map(), '2026-01-01')).issues[0]).toMatchObject({
      row: 2,
      sheet: 'Sheet1',
      zh: expect.stringContaining('表头缺少必填列'),
    });
  });

  it('CSV: a title line and blank lines above the header, a notes line under it; rows keep their line numbers', async () => {
    const csv = [
      'XX社区居民信息登记表,,,,',
      ',,,,',
      HEAD.join(','),
      '（必填）,（必填）,（必填）,（必填）,（必填）,男/女,18位',
      `第1网格,1号楼,1单元,101,张三,男,${ID1}`,
      ',,,,,,',
      `第1网格,1号楼,1单元,101,李四,女,`,
    ].join('\r\n');
    const s = await readSheet('a.csv', Buffer.from(csv));
    expect(s.parts).toEqual([{ name: null, headerRow: 3, headers: HEAD, rows: 2 }]);
    expect(s.rows.map((r) => [r.rowNo, r.cells[4], r.sheet])).toEqual([
      [5, '张三', undefined],
      [7, '李四', undefined],
    ]);
  });
});
