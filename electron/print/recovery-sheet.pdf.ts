import { formatArchiveTime, zoneNote } from '../../shared/domain/archive-time';
import { MM, newPdf } from './pdf-buffer';
import { printText } from './print-text';

export interface RecoverySheetData {
  communityName: string;
  recoveryKey: string;
  createdBy: string;
  createdAt: string; // ISO
  /** The archive's zone, in which the time is printed (and named). */
  timeZone: string;
}

const X = 20 * MM;
const W = 170 * MM;

/** One A4 page to print and keep in the safe: the recovery key and what to do with it. */
export async function recoverySheetPdf(d: RecoverySheetData): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: '档案室恢复密钥 Recovery key', margin: 0 });
  doc.fontSize(20).text('档案室 · 恢复密钥', X, 20 * MM, { width: W, align: 'center', lineBreak: false });
  doc
    .fontSize(11)
    .fillColor('#555555')
    .text('Archive Room · Recovery key', X, 30 * MM, { width: W, align: 'center', lineBreak: false });
  doc.fillColor('#000000');
  const line = (text: string, y: number) => printText(doc.fontSize(12), text, X, y, { width: W, height: 6 * MM, ellipsis: true });
  line(`社区 Community：${d.communityName}`, 42 * MM);
  line(`创建人 Created by：${d.createdBy}`, 49 * MM);
  line(`创建时间 Created at：${formatArchiveTime(d.createdAt, d.timeZone, 'zh')}`, 56 * MM);
  doc
    .fontSize(8)
    .fillColor('#555555')
    .text(zoneNote(d.timeZone), X, 62.5 * MM, { width: W, lineBreak: false })
    .fillColor('#000000');
  const boxY = 70 * MM;
  doc
    .rect(X, boxY, W, 30 * MM)
    .lineWidth(1.5)
    .stroke();
  // The whole key on one line: a second line would fall outside the box's height and be cut.
  let size = 15;
  doc.fontSize(size);
  while (size > 8 && doc.widthOfString(d.recoveryKey, { characterSpacing: 1 }) > W - 10 * MM) doc.fontSize((size -= 0.5));
  doc.text(d.recoveryKey, X + 5 * MM, boxY + 10 * MM, { width: W - 10 * MM, height: 14 * MM, align: 'center', characterSpacing: 1 });
  const body = [
    '1. 忘记所有管理员密码时，可用此密钥在登录页“使用恢复密钥”重新设置密码。',
    '2. 本密钥只显示这一次。请打印后签字，封存在档案室保险柜中，不要拍照或存入电脑。',
    '3. 持有此密钥即可打开全部档案，遗失时请立即联系管理员更换。',
    '',
    'If every administrator password is lost, use this key on the sign-in screen ("Use recovery key"). It is shown only once. Print it, sign it and seal it in the archives-room safe; never photograph it. Whoever holds it can open the whole archive.',
  ].join('\n');
  doc.fontSize(11).text(body, X, boxY + 36 * MM, { width: W, lineGap: 3 });
  const sy = doc.y + 16 * MM;
  doc.fontSize(11).text('保管人签字 Keeper signature：______________________', X, sy, { width: W * 0.62, lineBreak: false });
  doc.text('日期 Date：______________', X + W * 0.64, sy, { width: W * 0.36, lineBreak: false });
  doc.end();
  return done;
}
