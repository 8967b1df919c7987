import { newWorkbook } from './workbook';
import { annualTables, type AnnualReportData } from '../../shared/domain/annual-report';

/** Sheet names: short, unique, Excel-safe (≤ 31 characters, no : / ? * [ ]). */
export const ANNUAL_SHEETS: Record<string, string> = {
  residents: '居民',
  ages: '年龄段',
  households: '住户',
  records: '档案',
  loans: '借阅',
  lookups: '查阅',
  appraisal: '鉴定与销毁',
};

/**
 * The 年度统计报表 as a workbook the 街道 can total again: a sheet per table with the title in
 * row 1, the header in row 2, one row per line, the totals row in bold, the counting rule after it.
 * Figures are numbers, not text, so a formula over them works.
 */
export async function annualReportXlsx(d: AnnualReportData): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const about = wb.addWorksheet('说明');
  about.addRows([
    ['报表', `${d.communityName} ${d.year} 年度档案工作统计报表`],
    ['统计期间', `${d.year}年1月1日至${d.year}年12月31日`],
    ['时区', d.timeZone],
    ['打印时间', d.printedAt],
  ]);
  about.getColumn(1).width = 14;
  about.getColumn(2).width = 60;
  for (const t of annualTables(d)) {
    const ws = wb.addWorksheet(ANNUAL_SHEETS[t.id] ?? t.id);
    ws.addRow([t.title.zh]).font = { bold: true, size: 12 };
    ws.addRow(t.head).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    if (t.total) ws.addRow(t.total).font = { bold: true };
    if (t.note) ws.addRow([t.note]);
    ws.getColumn(1).width = t.head.length === 2 ? 36 : 16;
    for (let i = 2; i <= t.head.length; i++) ws.getColumn(i).width = 12;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
