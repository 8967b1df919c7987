import { formatArchiveTime, zoneNote } from '../../shared/domain/archive-time';
import { MM, newPdf } from './pdf-buffer';

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


/**
 * One A4 page recording the trail's latest sequence and hash, signed and filed on paper. Anyone who
 * later rewrites or truncates the trail cannot change this sheet; typing it back shows the change.
 */
export async function auditCheckpointPdf(d: CheckpointData): Promise<Buffer> {
  const { doc, done } = newPdf({ title: '审计链检查点 Audit checkpoint' });
  const left = 20 * MM;
  const w = doc.page.width - 40 * MM;
  doc.fontSize(20).text('档案室 · 审计链检查点', { align: 'center' });
  doc.fontSize(11).fillColor('#555').text('Archive Room · Audit-trail checkpoint', { align: 'center' }).moveDown(1.2);
  doc.fillColor('#000').fontSize(12);
  doc.text(`社区 Community：${d.communityName}`);
  doc.text(`最新序号 Latest sequence：${d.seq}`);
  const fmt = (isoTime: string) => formatArchiveTime(isoTime, d.timeZone, 'zh', { seconds: true });
  doc.text(`该条时间 Entry written at：${fmt(d.entryAt)}`);
  doc.text(`打印时间 Printed at：${fmt(d.printedAt)}`);
  doc.fontSize(8).fillColor('#555').text(zoneNote(d.timeZone)).fillColor('#000').fontSize(12);
  doc.text(`打印人 Printed by：${d.printedBy}`);
  doc.text(
    d.chainOk
      ? `打印时校验 Verified when printed：完好，共 ${d.checked} 条 / sound, ${d.checked} entries`
      : `打印时校验 Verified when printed：审计链已断裂！请立即报告 / BROKEN — report this at once`,
  );
  doc.moveDown(0.8).text('最新哈希 Latest hash (HMAC-SHA256)：');
  const y = doc.y + 4;
  doc.rect(left, y, w, 26 * MM).lineWidth(1.5).stroke();
  const groups = groupHash(d.hash);
  // Courier is built into pdfkit: fixed width keeps the groups aligned for reading aloud.
  doc.font('Courier').fontSize(15);
  doc.text(groups.slice(0, 4).join('  '), left, y + 6 * MM, { width: w, align: 'center' });
  doc.text(groups.slice(4).join('  '), left, y + 14 * MM, { width: w, align: 'center' });
  doc.font('cjk').fontSize(11);
  doc.y = y + 32 * MM;
  doc.x = left;
  doc.text(
    [
      '1. 本页记录打印时审计日志的最后一条及其哈希值。请签字后归档保存，不得涂改。',
      '2. 核对时，在“审计日志”页点“核对检查点”，输入上面的序号和哈希值：若日志被截断、改写、删除或插入，',
      '   系统会报告不一致。',
      '',
      'This page records the last audit entry and its hash at the time of printing. Sign and file it.',
      'To check later, open Audit → "Check a checkpoint" and type in the sequence and hash above; a trail',
      'that was truncated, rewritten, or had entries deleted or inserted before this point will not match.',
    ].join('\n'),
    { width: w, lineGap: 3 },
  );
  doc.moveDown(3);
  const line = (label: string) => doc.text(`${label}：______________________    日期 Date：______________`).moveDown(1.5);
  line('打印人签字 Printed by');
  line('审计员签字 Auditor');
  line('见证人签字 Witness');
  doc.end();
  return done;
}
