import { formatArchiveTime, zoneNote } from '../../shared/domain/archive-time';
import { MM, newPdf } from './pdf-buffer';

export interface RecoverySheetData {
  communityName: string;
  recoveryKey: string;
  createdBy: string;
  createdAt: string; // ISO
  /** The archive's zone, in which the time is printed (and named). */
  timeZone: string;
}

/** One A4 page to print and keep in the safe: the recovery key and what to do with it. */
export async function recoverySheetPdf(d: RecoverySheetData): Promise<Buffer> {
  const { doc, done } = newPdf({ title: '档案室恢复密钥 Recovery key' });
  const w = doc.page.width - 40 * MM;
  doc.fontSize(20).text('档案室 · 恢复密钥', { align: 'center' });
  doc.fontSize(11).fillColor('#555').text('Archive Room · Recovery key', { align: 'center' }).moveDown(1.5);
  doc.fillColor('#000').fontSize(12);
  doc.text(`社区 Community：${d.communityName}`);
  doc.text(`创建人 Created by：${d.createdBy}`);
  doc.text(`创建时间 Created at：${formatArchiveTime(d.createdAt, d.timeZone, 'zh')}`);
  doc.fontSize(8).fillColor('#555').text(zoneNote(d.timeZone)).fillColor('#000').fontSize(12).moveDown(1);
  const y = doc.y;
  doc.rect(20 * MM, y, w, 30 * MM).lineWidth(1.5).stroke();
  doc.fontSize(15).text(d.recoveryKey, 25 * MM, y + 10 * MM, { width: w - 10 * MM, align: 'center', characterSpacing: 1 });
  doc.y = y + 36 * MM;
  doc.x = 20 * MM;
  doc.fontSize(11).text(
    [
      '1. 忘记所有管理员密码时，可用此密钥在登录页“使用恢复密钥”重新设置密码。',
      '2. 本密钥只显示这一次。请打印后签字，封存在档案室保险柜中，不要拍照或存入电脑。',
      '3. 持有此密钥即可打开全部档案，遗失时请立即联系管理员更换。',
      '',
      'If every administrator password is lost, use this key on the sign-in screen ("Use recovery key").',
      'It is shown only once. Print it, sign it and seal it in the archives-room safe; never photograph it.',
      'Whoever holds it can open the whole archive.',
    ].join('\n'),
    { width: w, lineGap: 3 },
  );
  doc.moveDown(3);
  doc.text('保管人签字 Keeper signature：______________________    日期 Date：______________');
  doc.end();
  return done;
}
