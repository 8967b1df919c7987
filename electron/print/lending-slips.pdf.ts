import type { LoanRow } from '../../shared/contract/lending.contract';
import { USE_KIND_LABELS, type ApprovalMode } from '../../shared/domain/lending';
import { drawCode128, isPrintableAscii } from './barcodes';
import { frame } from './drawn-boxes';
import { MM, newPdf } from './pdf-buffer';
import { printText, textHeight } from './print-text';

/**
 * 借阅单 and 催还单 (domain.md "Lending"): every field of the procedure has its cell, filled from
 * the loan or left blank to be written in by hand (return, pages counted, damage, received by,
 * copies, 利用效果). Cells are frames of fixed height; a value that does not fit ends in "…" inside
 * its cell instead of running into the next one. All positions are in millimetres from the top.
 */
export interface SlipRecordExtra {
  /** 密级 as printed, e.g. "内部". */
  sensitivity?: string | null;
  /** 存放位置, e.g. "档案室A · 3柜 · 2层 · 17盒". */
  location?: string | null;
}

export interface SlipData {
  communityName: string;
  loans: LoanRow[];
  printedBy: string;
  /** As printed: the archive's time and zone (ArchiveCalendar.printStamp). */
  printedAt: string;
  /** Optional details the loan rows do not carry; a cell without one is left blank for the pen. */
  borrowerPhone?: string | null;
  approvedOn?: string | null;
  renewalLimit?: number | null;
  records?: Record<string, SlipRecordExtra>;
}

/**
 * How the approval was given, short enough for its cell: the approver's own password at the desk,
 * a signed paper slip (纸质审批, its scan kept with the loan), or — on slips issued before
 * approvals were confirmed — an approver the keeper only named.
 */
const APPROVAL_PRINTED: Record<ApprovalMode, string> = {
  confirmed: '密码确认 Confirmed',
  paper: '纸质审批 Paper',
  unconfirmed: '未确认 Unconfirmed',
};

type Doc = PDFKit.PDFDocument;
const W = 170 * MM;
const X = 20 * MM;
const BOTTOM = 278 * MM;
const BAR_MM = { maxWidthMm: 70, heightMm: 13 };

/** One row of labelled cells; widths are shares of the row. Returns the y below it. */
function row(doc: Doc, cells: [label: string, value: string | null | undefined, share?: number][], y: number, h = 9 * MM): number {
  const total = cells.reduce((s, c) => s + (c[2] ?? 1), 0);
  let x = X;
  for (const [label, value, share = 1] of cells) {
    const w = (W * share) / total;
    frame(doc.strokeColor('#000000'), x, y, w, h);
    if (label)
      doc
        .fontSize(7)
        .fillColor('#555555')
        .text(label, x + 1.5 * MM, y + 0.8 * MM, { width: w - 3 * MM, height: 3 * MM, lineBreak: false });
    // A cell without a label (a table row) centres its one line.
    const top = label ? 3.8 * MM : (h - doc.fontSize(10).currentLineHeight(true)) / 2;
    printText(doc.fontSize(10).fillColor('#000000'), value || '', x + 1.5 * MM, y + top, { width: w - 3 * MM, height: h - top - 0.5 * MM, ellipsis: true });
    x += w;
  }
  return y + h;
}

/** The 档号 as Code 128 with the number under it, in a box 28 mm tall; the record's fields beside it. */
const RECORD_MM = 28;
function recordBox(doc: Doc, l: LoanRow, extra: SlipRecordExtra, y: number): number {
  const h = RECORD_MM * MM;
  frame(doc.strokeColor('#000000'), X, y, W, h);
  if (isPrintableAscii(l.archiveNo)) {
    drawCode128(doc, l.archiveNo, { xPt: X + 2 * MM, yPt: y + 2 * MM, ...BAR_MM });
  } else {
    doc
      .fontSize(8)
      .fillColor('#555555')
      .text('档号含中文，无条形码 / no barcode for a Chinese 档号', X + 2 * MM, y + 7 * MM, { width: 70 * MM, lineBreak: false });
  }
  printText(doc.fontSize(10).fillColor('#000000'), l.archiveNo, X + 2 * MM, y + (3 + BAR_MM.heightMm) * MM, {
    width: 70 * MM,
    height: 5.5 * MM,
    ellipsis: true,
  });
  const tx = X + 76 * MM;
  const tw = W - 78 * MM;
  const line = (text: string, dy: number) => printText(doc.fontSize(9), text, tx, y + dy * MM, { width: tw, height: 4.5 * MM, ellipsis: true });
  printText(doc.fontSize(10), `题名 Title：${l.title}`, tx, y + 2 * MM, { width: tw, height: 10.5 * MM, ellipsis: true });
  line(`页数 Pages：${l.pagesOut}      密级 Sensitivity：${extra.sensitivity ?? '________'}`, 13.2);
  line(`借出时状况 Condition：${l.conditionOut ?? '完好'}`, 17.8);
  line(`存放位置 Location：${extra.location ?? '________________'}`, 22.4);
  return y + h;
}

function footer(doc: Doc, d: { printedBy: string; printedAt: string }): void {
  printText(doc.fontSize(7).fillColor('#777777'), `打印 Printed：${d.printedBy} ${d.printedAt} · 档案室 Archive Room`, X, 285 * MM, {
    width: W,
    height: 4 * MM,
    align: 'center',
    ellipsis: true,
  });
  doc.fillColor('#000000');
}

/** Signature cells side by side: role, a line to sign on, and a date line under it. */
function signatures(doc: Doc, roles: string[], y: number): number {
  const w = W / roles.length;
  roles.forEach((role, i) => {
    const x = X + i * w;
    doc
      .fontSize(9)
      .fillColor('#000000')
      .text(role, x, y, { width: w - 6 * MM, lineBreak: false });
    doc
      .lineWidth(0.5)
      .strokeColor('#000000')
      .moveTo(x, y + 11 * MM)
      .lineTo(x + w - 6 * MM, y + 11 * MM)
      .stroke();
    doc
      .fontSize(8)
      .fillColor('#555555')
      .text('日期 Date：______年____月____日', x, y + 12.5 * MM, { width: w - 6 * MM, lineBreak: false });
  });
  return y + 18 * MM;
}

function heading(doc: Doc, d: { communityName: string }, title: string, subtitle: string): void {
  printText(doc.fontSize(18).fillColor('#000000'), `${d.communityName}${title}`, X, 14 * MM, { width: W, height: 9 * MM, align: 'center', ellipsis: true });
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text(subtitle, X, 23 * MM, { width: W, align: 'center', lineBreak: false })
    .fillColor('#000000');
}

/** 借阅单: one A4 slip per slip number, every record with its Code 128 档号, return and signatures at the foot. */
export async function lendingSlipPdf(d: SlipData): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: `借阅单 ${d.loans[0]?.slipNo ?? ''}`, margin: 0 });
  const l0 = d.loans[0];
  const kind = USE_KIND_LABELS[l0.kind];
  heading(doc, d, '档案借阅单', 'Archive loan slip');
  doc.fontSize(10).text(`单号 Slip No.：${l0.slipNo}`, X, 29 * MM, { width: W, lineBreak: false });
  let y = 35 * MM;
  y = row(
    doc,
    [
      ['利用方式 Kind of use', `${kind.zh} ${kind.en}`],
      ['借出日期 Checked out', l0.checkoutDate],
      ['应还日期 Due', l0.dueDate],
      ['续借 Renewals', d.renewalLimit ? `${l0.renewals} / ${d.renewalLimit} 次` : `${l0.renewals} 次`],
    ],
    y,
  );
  y = row(
    doc,
    [
      ['借阅人 Borrower', l0.borrowerName],
      ['单位 Organisation', l0.borrowerOrg ?? '本社区 Staff'],
      ['证件号 ID', l0.borrowerIdMasked],
      ['联系电话 Phone', d.borrowerPhone],
    ],
    y,
  );
  y = row(
    doc,
    [
      ['介绍信编号 Letter No.', l0.letterNo ?? (l0.borrowerKind === 'staff' ? '—' : ''), 1],
      ['借阅事由 Purpose', l0.purpose, 3],
    ],
    y,
    12 * MM,
  );
  y = row(
    doc,
    [
      ['审批人 Approver', l0.approverName, 1],
      ['审批方式 Approval', APPROVAL_PRINTED[l0.approvalMode], 1.2],
      ['审批意见 Opinion', l0.approverOpinion ?? '同意', 1.6],
      ['审批日期 Approved on', d.approvedOn, 1],
    ],
    y,
  );
  y += 4 * MM;
  doc.fontSize(11).fillColor('#000000').text(`借阅档案 Records（${d.loans.length}）`, X, y, { lineBreak: false });
  y += 6 * MM;
  for (const l of d.loans) {
    if (y + RECORD_MM * MM > BOTTOM) {
      footer(doc, d);
      doc.addPage({ margin: 0 });
      y = 20 * MM;
    }
    y = recordBox(doc, l, d.records?.[l.recordId] ?? {}, y) + 2 * MM;
  }
  // Return, use and signatures stay together on one page.
  const tail = 4 * MM + 6 * MM + 9 * MM + 12 * MM + 12 * MM + 9 * MM + 6 * MM + 18 * MM;
  if (y + tail > BOTTOM) {
    footer(doc, d);
    doc.addPage({ margin: 0 });
    y = 20 * MM;
  }
  y += 4 * MM;
  doc.fontSize(11).fillColor('#000000').text('归还与利用 Return and use', X, y, { lineBreak: false });
  y += 6 * MM;
  y = row(
    doc,
    [
      ['归还日期 Returned on', l0.returnedOn],
      ['归还页数 Pages counted', l0.pagesIn === null ? '' : String(l0.pagesIn)],
      ['接收人 Received by', l0.receivedBy],
      ['逾期天数 Days overdue', l0.overdueDays ? String(l0.overdueDays) : ''],
    ],
    y,
  );
  y = row(doc, [['损坏 / 缺页 / 涂改 Damage, missing pages, alterations', l0.damageNote]], y, 12 * MM);
  y = row(
    doc,
    [
      ['复制份数 Copies made', '', 1],
      ['利用效果 Outcome of use', l0.outcome, 3],
    ],
    y,
    12 * MM,
  );
  y = row(
    doc,
    [
      ['催还次数 Recalls', l0.recalls ? String(l0.recalls) : '', 1],
      ['备注 Notes', '', 3],
    ],
    y,
  );
  y += 6 * MM;
  signatures(doc, ['借阅人签字 Borrower', '经办人签字 Keeper', '审批人签字 Approver'], y);
  footer(doc, d);
  doc.end();
  return done;
}

/** 催还单: the recall notice for one overdue loan, with its history of recalls. */
export async function recallSlipPdf(d: {
  communityName: string;
  loan: LoanRow;
  recalls: { date: string; method: string }[];
  today: string;
  printedBy: string;
  printedAt: string;
}): Promise<Buffer> {
  const l = d.loan;
  const { doc, done } = await newPdf({ title: `催还单 ${l.slipNo}`, margin: 0 });
  heading(doc, d, '档案催还单', 'Recall notice for an archive loan');
  let y = 32 * MM;
  printText(doc.fontSize(11).fillColor('#000000'), `${l.borrowerName}${l.borrowerOrg ? `（${l.borrowerOrg}）` : ''}：`, X, y, {
    width: W,
    height: 6 * MM,
    ellipsis: true,
  });
  y += 8 * MM;
  const statement =
    `您于 ${l.checkoutDate} 借阅的档案（借阅单号 ${l.slipNo}）应于 ${l.dueDate} 归还，截至 ${d.today} 已逾期 ${l.overdueDays} 天。请尽快归还档案室。\n` +
    `The record you borrowed on ${l.checkoutDate} (slip ${l.slipNo}) was due on ${l.dueDate}; on ${d.today} it is ${l.overdueDays} days overdue. Please return it to the archives room.`;
  printText(doc.fontSize(11), statement, X, y, { width: W, lineGap: 3 });
  y += textHeight(doc.fontSize(11), statement, { width: W, lineGap: 3 }) + 4 * MM;
  y = row(
    doc,
    [
      ['借阅单号 Slip No.', l.slipNo],
      ['借出日期 Checked out', l.checkoutDate],
      ['应还日期 Due', l.dueDate],
      ['逾期天数 Days overdue', String(l.overdueDays)],
    ],
    y,
  );
  y += 3 * MM;
  y = recordBox(doc, l, {}, y) + 5 * MM;
  doc.fontSize(11).fillColor('#000000').text(`催还记录 Recalls so far（${d.recalls.length}）`, X, y, { lineBreak: false });
  y += 6 * MM;
  y = row(
    doc,
    [
      ['序号 No.', '', 1],
      ['催还日期 Date', '', 2],
      ['方式 Method', '', 3],
    ],
    y,
    5 * MM,
  );
  d.recalls.forEach((r, i) => {
    y = row(
      doc,
      [
        ['', String(i + 1), 1],
        ['', r.date, 2],
        ['', r.method, 3],
      ],
      y,
      7.5 * MM,
    );
  });
  if (!d.recalls.length) y = row(doc, [['', '无 none', 1]], y, 7.5 * MM);
  y += 8 * MM;
  signatures(doc, ['催还人签字 Issued by', '借阅人确认 Borrower'], y);
  footer(doc, d);
  doc.end();
  return done;
}
