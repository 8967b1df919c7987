import { execFile } from 'node:child_process';
import { AppError } from '../../shared/errors';

/**
 * PDF pages rendered to PNG for the in-app viewer, so the renderer never holds the original file
 * (a browser's PDF frame offers download and print to anyone who can view). poppler's pdfinfo and
 * pdftoppm read the decrypted bytes on stdin and write PNGs on stdout: nothing plain touches disk.
 */
export const VIEW_MAX_PAGES = 60;
const VIEW_DPI = 110;

export async function renderPdfPages(data: Buffer, opts: { maxPages?: number; dpi?: number } = {}): Promise<{ pageCount: number; pages: Buffer[] }> {
  const info = (await run('pdfinfo', ['-'], data)).toString('latin1');
  const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  if (!pageCount) throw unreadable();
  const last = Math.min(pageCount, opts.maxPages ?? VIEW_MAX_PAGES);
  const out = await run('pdftoppm', ['-png', '-r', String(opts.dpi ?? VIEW_DPI), '-f', '1', '-l', String(last), '-'], data);
  return { pageCount, pages: splitPngs(out) };
}

/** pdftoppm writes its pages back to back on stdout; each PNG ends with its IEND chunk. */
export function splitPngs(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  let at = 8;
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    at += 12 + len;
    if (type === 'IEND') {
      out.push(buf.subarray(start, at));
      start = at;
      at = start + 8;
    }
  }
  return out;
}

function run(cmd: string, args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 }, (err, stdout) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(noRenderer());
      reject(unreadable());
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

const noRenderer = () =>
  new AppError('VALIDATION', {
    zh: '本机缺少 PDF 页面渲染组件（poppler），不能在程序内查看 PDF；请由有导出权限的人员经登记导出。',
    en: 'This computer lacks the PDF page renderer (poppler), so PDFs cannot be viewed in the app; ask someone with the export right to export it (audited).',
  });
const unreadable = () => new AppError('VALIDATION', { zh: '无法读取此 PDF 文件的页面。', en: 'The pages of this PDF could not be read.' });
