import { officeLink } from '../../shared/domain/office-link';
import { drawQr } from './barcodes';
import { MM, newPdf } from './pdf-buffer';

export interface ServerSheetData {
  /** The addresses clients can reach, the first being the one the QR codes lead with. */
  urls: string[];
  fingerprint: string;
  /** Printed as is (the server may still be locked: the archive's own zone is not readable yet). */
  printedAt: string;
}

const X = 20 * MM;
const W = 170 * MM;
const MAX_CODES = 3;

/**
 * The office server's connection sheet (#18): the administrator prints it once and carries it to
 * each PC. The fingerprint is what a client pins; the QR codes hold address + fingerprint together
 * (shared/domain/office-link.ts), so nobody copies 64 hex digits by hand.
 */
export async function serverSheetPdf(d: ServerSheetData): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: '档案室服务器连接单 Office server connection sheet', margin: 0 });
  doc.fontSize(20).text('档案室 · 服务器连接单', X, 18 * MM, { width: W, align: 'center', lineBreak: false });
  doc
    .fontSize(11)
    .fillColor('#555555')
    .text('Archive Room · Office server connection sheet', X, 28 * MM, { width: W, align: 'center', lineBreak: false })
    .fillColor('#000000');
  let y = 40 * MM;
  doc.fontSize(12).text('服务器地址 Server address：', X, y, { lineBreak: false });
  y += 7 * MM;
  for (const url of d.urls.slice(0, 6)) {
    doc
      .font('Courier')
      .fontSize(13)
      .text(url, X + 6 * MM, y, { width: W - 6 * MM, lineBreak: false });
    y += 6.5 * MM;
  }
  doc.font('cjk');
  y += 3 * MM;
  doc.fontSize(12).text('证书指纹 Certificate fingerprint (SHA-256)：', X, y, { lineBreak: false });
  y += 8 * MM;
  doc
    .rect(X, y, W, 26 * MM)
    .lineWidth(1.5)
    .stroke();
  const pairs = d.fingerprint.split(':');
  doc.font('Courier').fontSize(14);
  doc.text(pairs.slice(0, 16).join(':'), X, y + 6 * MM, { width: W, align: 'center', lineBreak: false });
  doc.text(pairs.slice(16).join(':'), X, y + 15 * MM, { width: W, align: 'center', lineBreak: false });
  doc.font('cjk');
  y += 32 * MM;

  const codes = d.urls.slice(0, MAX_CODES);
  const size = codes.length > 1 ? 42 : 55;
  const gap = (W - codes.length * size * MM) / (codes.length + 1);
  codes.forEach((url, i) => {
    const x = X + gap + i * (size * MM + gap);
    drawQr(doc, officeLink(url, d.fingerprint), { xPt: x, yPt: y, sizeMm: size });
    doc.fontSize(8).text(url.replace(/^https:\/\//, ''), x, y + size * MM + 1 * MM, { width: size * MM, align: 'center', lineBreak: false });
  });
  y += (size + 10) * MM;

  const body = [
    '1. 在办公室的每台电脑上，用浏览器打开上面的地址；浏览器提示证书不受信任时，查看证书的 SHA-256 指纹，与本页逐位一致才可继续。',
    `2. 或在该电脑上运行 archive-room connect --code "<扫描二维码得到的文字>"：指纹不一致时不会发送任何数据。`,
    '3. 服务器每次启动后处于锁定状态，须由管理员登录解锁，其他人才能登录。',
    '4. 指纹变化（服务器重新生成证书）时，须重新打印本页并在各电脑上重新核对。',
    '',
    'On each office PC open the address above in a browser; when it warns about the certificate, compare its SHA-256 fingerprint with this page digit by digit before going on. Or run archive-room connect --code "<text of the QR code>": nothing is sent to a server with another fingerprint. The server starts locked after every start until an administrator signs in. If the fingerprint ever changes, print this page again and check every PC again.',
  ].join('\n');
  doc.fontSize(10).text(body, X, y, { width: W, lineGap: 2.5 });
  y = Math.max(doc.y + 10 * MM, 262 * MM);
  doc.fontSize(10).text(`打印时间 Printed：${d.printedAt}`, X, y, { width: W * 0.5, lineBreak: false });
  doc.text('管理员签字 Administrator：______________', X + W * 0.5, y, { width: W * 0.5, lineBreak: false });
  doc.end();
  return done;
}
