import { newWorkbook } from '../export/workbook';
import { COLUMNS } from './columns';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The downloadable import template: Chinese headers in the first row, the ID, phone and room
 * columns pre-formatted as text (so Excel cannot turn IDs into 1.10105E+17), and a notes sheet.
 */
export async function buildTemplate(): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const ws = wb.addWorksheet('居民基本信息');
  ws.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const key of ['citizenId', 'phone', 'room', 'building', 'unit'] as const) ws.getColumn(key).numFmt = '@';
  COLUMNS.forEach((c, i) => {
    if (c.required) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC41D7F' } };
  });
  const notes = wb.addWorksheet('填写说明 Notes');
  notes.columns = [
    { header: '列 Column', width: 16 },
    { header: '必填 Required', width: 12 },
    { header: '说明', width: 50 },
    { header: 'Notes', width: 50 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of COLUMNS) notes.addRow([`${c.zh} ${c.en}`, c.required ? '是 yes' : '', c.hint?.zh ?? '', c.hint?.en ?? '']);
  notes.addRow([]);
  notes.addRow([
    '',
    '',
    '一户由 网格+楼栋+单元+房号 确定；不存在的网格、楼栋、单元会按名称新建。',
    'A household is grid + building + unit + room; missing ones are created by name.',
  ]);
  notes.addRow([
    '',
    '',
    '重复导入同一表格会更新已有居民（按身份证号，无号时按同户姓名），不会重复登记。',
    'Importing the same sheet again updates residents (by ID, else by name in the household); never duplicates.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
