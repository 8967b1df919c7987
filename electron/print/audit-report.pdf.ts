import { formatArchiveTime, zoneNote } from '../../shared/domain/archive-time';
import { auditActionWords } from '../../shared/domain/audit-actions';
import { chainLine, sum, type Count, type MonthlyReportData } from '../services/audit-report';
import { MM, newPdf } from './pdf-buffer';
import { printText, textHeight } from './print-text';

/** Monthly audit report for the supervision group: summary, counts, failures, refusals, exports. */
export async function auditReportPdf(d: MonthlyReportData): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: `审计月报 Monthly audit report ${d.month}` });
  const fmt = (isoTime: string) => formatArchiveTime(isoTime, d.timeZone, 'zh', { seconds: true });
  const left = 20 * MM;
  const w = doc.page.width - 40 * MM;
  const bottom = doc.page.height - 20 * MM;

  /** Rows of cells at fixed column widths; starts a new page (repeating the header) when full. */
  const table = (headers: string[], rows: string[][], widths: number[]) => {
    const draw = (cells: string[], bold: boolean) => {
      const h = Math.max(...cells.map((c, i) => textHeight(doc, c, { width: widths[i] - 4 })));
      if (doc.y + h > bottom) {
        doc.addPage();
        if (!bold) draw(headers, true);
      }
      const y = doc.y;
      let x = left;
      doc.fillColor(bold ? '#333' : '#000');
      cells.forEach((c, i) => {
        printText(doc, c, x, y, { width: widths[i] - 4 });
        x += widths[i];
      });
      doc.x = left;
      doc.y = y + h + 2;
    };
    doc.fontSize(9);
    draw(headers, true);
    if (rows.length === 0) draw(['（无 none）'], false);
    for (const r of rows) draw(r, false);
    doc.fontSize(11).moveDown(0.8);
  };
  const heading = (s: string) => {
    if (doc.y > bottom - 60) doc.addPage();
    doc.x = left;
    doc.fontSize(13).fillColor('#000').text(s).moveDown(0.3);
  };
  // Codes read as words, with the code kept beside them for the auditor who filters by it.
  const counts = (c: Count[], label: string) =>
    table(
      [label, '次数 Count'],
      c.map((x) => [x.label ? `${x.label}（${x.key}）` : x.key, String(x.count)]),
      [w * 0.75, w * 0.25],
    );

  doc.fontSize(20).text(`档案室 · 审计月报 ${d.month}`, { align: 'center' });
  doc.fontSize(11).fillColor('#555').text(`Archive Room · Monthly audit report ${d.month}`, { align: 'center' }).moveDown(1);
  doc.fillColor('#000').fontSize(11);
  printText(doc, `社区 Community：${d.communityName}`);
  doc.text(`期间 Period：${fmt(d.fromIso)} — ${fmt(d.toIso)}`);
  printText(doc, `生成 Generated：${fmt(d.generatedAt)}，${d.generatedBy}`);
  doc.fontSize(8).fillColor('#555').text(zoneNote(d.timeZone)).fillColor('#000').fontSize(11);
  doc.text(`条目总数 Entries：${d.total}`);
  doc.text(`登录失败 Sign-in failures：${sum(d.signInFailures)}`);
  doc.text(`拒绝访问 Denied accesses：${sum(d.denied)}`);
  doc.text(`导出与打印 Exports & prints：${d.exportsPrints.length}`);
  doc
    .fillColor(d.chain.ok ? '#000' : '#c00')
    .text(`审计链校验 Chain verification：${chainLine(d.chain)}`)
    .fillColor('#000')
    .moveDown(1);

  heading('按操作 By action');
  counts(d.byAction, '操作 Action');
  heading('按人员 By person');
  counts(d.byActor, '操作人 Person');
  heading('登录失败 Sign-in failures');
  counts(d.signInFailures, '用户名 User name');
  heading('拒绝访问 Denied accesses');
  counts(d.denied, '人员 → 操作 Person → channel');
  heading('导出与打印 Exports & prints');
  table(
    ['序号 Seq', '时间 Time', '操作人 Actor', '操作 Action', '对象 Subject'],
    d.exportsPrints.map((r) => [String(r.seq), fmt(r.at), r.actor, `${auditActionWords(r.action).zh}（${r.action}）`, r.subject ?? '']),
    [w * 0.1, w * 0.27, w * 0.15, w * 0.23, w * 0.25],
  );
  // The signature block (heading and both lines) is never split across pages.
  if (doc.y + 40 * MM > bottom) doc.addPage();
  heading('签字 Signatures');
  let y = doc.y + 6 * MM;
  for (const label of ['审计员 Auditor', '监督小组负责人 Supervision lead']) {
    doc
      .fontSize(11)
      .fillColor('#000')
      .text(`${label}：____________________`, left, y, { width: w * 0.64, lineBreak: false });
    doc.text('日期 Date：______________', left + w * 0.66, y, { width: w * 0.34, lineBreak: false });
    y += 12 * MM;
  }
  doc.end();
  return done;
}
