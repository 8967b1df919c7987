import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real checks on real PDFs: poppler's pdftotext/pdftoppm and zbar's zbarimg. */
export function pdfText(pdf: Buffer, opts: { layout?: boolean; first?: number; last?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const f = join(dir, 'doc.pdf');
  writeFileSync(f, pdf);
  const args = [
    ...(opts.layout ? ['-layout'] : []),
    ...(opts.first ? ['-f', String(opts.first)] : []),
    ...(opts.last ? ['-l', String(opts.last)] : []),
    f,
    '-',
  ];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

/** Every barcode and QR code zbarimg finds on the rendered pages (values, in page order). */
export function pdfBarcodes(pdf: Buffer, dpi = 200, pages?: { first: number; last: number }): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pdfimg-'));
  const f = join(dir, 'doc.pdf');
  writeFileSync(f, pdf);
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  execFileSync('pdftoppm', ['-r', String(dpi), ...range, '-png', f, join(dir, 'page')]);
  const out: string[] = [];
  for (const png of readdirSync(dir)
    .filter((x) => x.endsWith('.png'))
    .sort()) {
    try {
      const txt = execFileSync('zbarimg', ['--quiet', '--raw', join(dir, png)], { encoding: 'utf8' });
      out.push(...txt.split('\n').filter(Boolean));
    } catch {
      /* zbarimg exits 4 when a page has no code */
    }
  }
  return out;
}

export function pdfPageCount(pdf: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'pdfinfo-'));
  const f = join(dir, 'doc.pdf');
  writeFileSync(f, pdf);
  const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}
