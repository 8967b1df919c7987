import { formatArchiveTime, zoneNote } from '../../shared/domain/archive-time';
import { MM, newPdf } from './pdf-buffer';
import { printText } from './print-text';

export interface CheckpointData {
  communityName: string;
  seq: number;
  /** The HMAC of entry `seq`, which every later entry chains from. */
  hash: string;
  entryAt: string; // ISO, when entry `seq` was written
  printedAt: string; // ISO
  /** The archive's zone: both times are printed in it, and it is named once under them. */
  timeZone: string;
  printedBy: string;
  chainOk: boolean;
  checked: number;
}

/** "5f3a…" → "5f3a9c1e 00ab…": groups of eight are far easier to type back without a slip. */
export function groupHash(hash: string): string[] {
  return hash.match(/.{1,8}/g) ?? [];
}

const X = 20 * MM;
const W = 170 * MM;

/**
 * One A4 page recording the trail's latest sequence and hash, signed and filed on paper. Anyone who
 * later rewrites or truncates the trail cannot change this sheet; typing it back shows the change.
 */
export async function auditCheckpointPdf(d: CheckpointData): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: '审计链检查点 Audit checkpoint', margin: 0 });
  doc.fontSize(20).text('档案室 · 审计链检查点', X, 20 * MM, { width: W, align: 'center', lineBreak: false });
  doc
    .fontSize(11)
    .fillColor('#555555')
    .text('Archive Room · Audit-trail checkpoint', X, 30 * MM, { width: W, align: 'center', lineBreak: false });
  doc.fillColor('#000000');
  const fmt = (isoTime: string) => formatArchiveTime(isoTime, d.timeZone, 'zh', { seconds: true });
  // [text, small]: the zone is named once, in small type, under the two times it applies to.
  const lines: [string, boolean][] = [
    [`社区 Community：${d.communityName}`, false],
    [`最新序号 Latest sequence：${d.seq}`, false],
    [`该条时间 Entry written at：${fmt(d.entryAt)}`, false],
    [`打印时间 Printed at：${fmt(d.printedAt)}`, false],
    [zoneNote(d.timeZone), true],
    [`打印人 Printed by：${d.printedBy}`, false],
    [
      d.chainOk
        ? `打印时校验 Verified when printed：完好，共 ${d.checked} 条 / sound, ${d.checked} entries`
        : `打印时校验 Verified when printed：审计链已断裂！请立即报告 / BROKEN — report this at once`,
      false,
    ],
  ];
  let y = 42 * MM;
  for (const [l, small] of lines) {
    if (small) {
      doc
        .fontSize(8)
        .fillColor('#555555')
        .text(l, X, y - 0.5 * MM, { width: W, lineBreak: false })
        .fillColor('#000000');
      y += 5 * MM;
      continue;
    }
    printText(doc.fontSize(12), l, X, y, { width: W, height: 6 * MM, ellipsis: true });
    y += 6.5 * MM;
  }
  y += 3 * MM;
  doc.fontSize(12).text('最新哈希 Latest hash (HMAC-SHA256)：', X, y, { lineBreak: false });
  y += 8 * MM;
  doc
    .rect(X, y, W, 26 * MM)
    .lineWidth(1.5)
    .stroke();
  const groups = groupHash(d.hash);
  // Courier is built into pdfkit: fixed width keeps the groups aligned for reading aloud.
  doc.font('Courier').fontSize(15);
  doc.text(groups.slice(0, 4).join('  '), X, y + 6 * MM, { width: W, align: 'center', lineBreak: false });
  doc.text(groups.slice(4).join('  '), X, y + 14 * MM, { width: W, align: 'center', lineBreak: false });
  doc.font('cjk').fontSize(11);
  y += 32 * MM;
  const body = [
    '1. 本页记录打印时审计日志的最后一条及其哈希值。请签字后归档保存，不得涂改。',
    '2. 核对时，在“审计日志”页点“核对检查点”，输入上面的序号和哈希值：若日志被截断、改写、删除或插入，系统会报告不一致。',
    '',
    'This page records the last audit entry and its hash at the time of printing. Sign and file it. To check later, open Audit → "Check a checkpoint" and type in the sequence and hash above; a trail that was truncated, rewritten, or had entries deleted or inserted before this point will not match.',
  ].join('\n');
  doc.text(body, X, y, { width: W, lineGap: 3 });
  y = doc.y + 14 * MM;
  for (const label of ['打印人签字 Printed by', '审计员签字 Auditor', '见证人签字 Witness']) {
    doc.fontSize(11).text(`${label}：______________________`, X, y, { width: W * 0.62, lineBreak: false });
    doc.text('日期 Date：______________', X + W * 0.64, y, { width: W * 0.36, lineBreak: false });
    y += 13 * MM;
  }
  doc.end();
  return done;
}
