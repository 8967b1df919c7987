import type { LoanRow } from '../../shared/contract/lending.contract';
import { USE_KIND_LABELS } from '../../shared/domain/lending';
import { drawCode128 } from './barcodes';
import { MM, newPdf } from './pdf-buffer';

interface SlipData {
  communityName: string;
  loans: LoanRow[];
  printedBy: string;
  /** As printed: the archive's time and zone (ArchiveCalendar.printStamp). */
  printedAt: string;
}

const W = 170 * MM;
const X = 20 * MM;

function row(doc: PDFKit.PDFDocument, cells: [string, string][], y: number, h = 9 * MM): number {
  const w = W / cells.length;
  cells.forEach(([label, value], i) => {
    doc.rect(X + i * w, y, w, h).lineWidth(0.5).stroke();
    doc.fontSize(7).fillColor('#555').text(label, X + i * w + 1.5 * MM, y + 1 * MM, { width: w - 3 * MM, lineBreak: false });
    doc.fontSize(10).fillColor('#000').text(value || '—', X + i * w + 1.5 * MM, y + 4 * MM, { width: w - 3 * MM, height: h - 4.5 * MM, ellipsis: true });
  });
  return y + h;
}

function footer(doc: PDFKit.PDFDocument, d: { printedBy: string; printedAt: string }): void {
  doc.fontSize(7).fillColor('#777').text(`打印 Printed：${d.printedBy} ${d.printedAt} · 档案室 Archive Room`, X, 285 * MM, { width: W, align: 'center' });
  doc.fillColor('#000');
}

/** 借阅单: one A4 slip per slip number, every record with its Code 128 档号, signatures at the foot. */
export async function lendingSlipPdf(d: SlipData): Promise<Buffer> {
  const { doc, done } = newPdf({ title: `借阅单 ${d.loans[0]?.slipNo ?? ''}`, margin: 0 });
  const l0 = d.loans[0];
  doc.fontSize(18).text(`${d.communityName}档案借阅单`, X, 18 * MM, { width: W, align: 'center' });
  doc.fontSize(9).fillColor('#555').text('Archive loan slip', X, 26 * MM, { width: W, align: 'center' }).fillColor('#000');
  doc.fontSize(10).text(`单号 Slip No.：${l0.slipNo}`, X, 33 * MM);
  let y = 39 * MM;
  y = row(doc, [['利用方式 Kind of use', `${USE_KIND_LABELS[l0.kind].zh} ${USE_KIND_LABELS[l0.kind].en}`], ['借出日期 Checked out', l0.checkoutDate], ['应还日期 Due', l0.dueDate]], y);
  y = row(doc, [['借阅人 Borrower', l0.borrowerName], ['单位 Organisation', l0.borrowerOrg ?? '本社区 Staff'], ['证件号 ID', l0.borrowerIdMasked ?? ''], ['介绍信 Letter No.', l0.letterNo ?? '']], y);
  y = row(doc, [['借阅事由 Purpose', l0.purpose]], y, 12 * MM);
  y = row(doc, [['审批人 Approver', l0.approverName], ['审批意见 Opinion', l0.approverOpinion ?? '同意']], y);
  y += 4 * MM;
  doc.fontSize(11).text('借阅档案 Records', X, y);
  y += 6 * MM;
  for (const l of d.loans) {
    doc.rect(X, y, W, 22 * MM).lineWidth(0.5).stroke();
    drawCode128(doc, l.archiveNo, X + 2 * MM, y + 2 * MM, 72 * MM, 13 * MM);
    doc.fontSize(10).text(l.archiveNo, X + 2 * MM, y + 17 * MM, { width: 70 * MM, lineBreak: false });
    doc.fontSize(11).text(`题名 Title：${l.title}`, X + 78 * MM, y + 3 * MM, { width: W - 80 * MM, height: 10 * MM, ellipsis: true });
    doc.fontSize(10).text(`页数 Pages：${l.pagesOut}    状况 Condition：${l.conditionOut ?? '完好'}`, X + 78 * MM, y + 14 * MM, { width: W - 80 * MM });
    y += 22 * MM;
    if (y > 230 * MM) {
      footer(doc, d);
      doc.addPage();
      y = 20 * MM;
    }
  }
  y += 8 * MM;
  doc.fontSize(10).text('借阅人签字 Borrower：____________    经办人 Keeper：____________    归还日期 Returned：____________', X, y, { width: W });
  doc.text('归还时核对页数 Pages counted on return：________    损坏/缺页/涂改 Damage, missing pages, alterations：____________', X, y + 10 * MM, { width: W });
  footer(doc, d);
  doc.end();
  return done;
}

/** 催还单: the recall notice for one overdue loan, with its history of recalls. */
export async function recallSlipPdf(d: { communityName: string; loan: LoanRow; recalls: { date: string; method: string }[]; today: string; printedBy: string; printedAt: string }): Promise<Buffer> {
  const l = d.loan;
  const { doc, done } = newPdf({ title: `催还单 ${l.slipNo}`, margin: 0 });
  doc.fontSize(18).text(`${d.communityName}档案催还单`, X, 18 * MM, { width: W, align: 'center' });
  doc.fontSize(9).fillColor('#555').text('Recall notice for an archive loan', X, 26 * MM, { width: W, align: 'center' }).fillColor('#000');
  let y = 34 * MM;
  doc.fontSize(11).text(`${l.borrowerName}${l.borrowerOrg ? `（${l.borrowerOrg}）` : ''}：`, X, y);
  y += 8 * MM;
  doc.fontSize(11).text(
    `您于 ${l.checkoutDate} 借阅的档案（借阅单号 ${l.slipNo}）应于 ${l.dueDate} 归还，截至 ${d.today} 已逾期 ${l.overdueDays} 天。请尽快归还档案室。\n` +
      `The record you borrowed on ${l.checkoutDate} (slip ${l.slipNo}) was due on ${l.dueDate}; on ${d.today} it is ${l.overdueDays} days overdue. Please return it to the archives room.`,
    X, y, { width: W, lineGap: 3 },
  );
  y = doc.y + 6 * MM;
  drawCode128(doc, l.archiveNo, X, y, 72 * MM, 13 * MM);
  doc.fontSize(10).text(l.archiveNo, X, y + 15 * MM);
  doc.fontSize(11).text(`题名 Title：${l.title}`, X + 80 * MM, y + 2 * MM, { width: W - 80 * MM });
  doc.text(`页数 Pages：${l.pagesOut}`, X + 80 * MM, y + 10 * MM);
  y += 26 * MM;
  doc.fontSize(10).text(`催还记录 Recalls so far：${d.recalls.length ? d.recalls.map((r) => `${r.date} ${r.method}`).join('；') : '无 none'}`, X, y, { width: W });
  doc.text('催还人 Issued by：____________    日期 Date：____________', X, y + 12 * MM);
  footer(doc, d);
  doc.end();
  return done;
}
