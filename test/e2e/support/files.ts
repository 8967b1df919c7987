import PDFDocument from 'pdfkit';

/** A tiny valid PDF (one empty page), for attachment uploads in e2e specs. */
export function smallPdf(): Buffer {
  return blankPdf(1);
}

/** A valid PDF of `pages` empty 200×200 pt pages. */
export function blankPdf(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'),
  ]);
}

/**
 * Two 200×200 pt pages with ink a renderer must draw: page 1 a black bar (20..180 × 140..180 pt);
 * page 2 the text 中文 (120..160 pt high) in STSong-Light, a CJK font the PDF does not embed, coded
 * with the UniGB-UCS2-H CMap, as many Chinese office PDFs are (drawn only if the CMaps are served).
 */
export function inkedPdf(): Buffer {
  const bar = '0 0 0 rg 20 140 160 40 re f';
  const text = 'BT /F1 80 Tf 20 120 Td <4E2D6587> Tj ET';
  const stream = (s: string) => `<< /Length ${s.length} >>\nstream\n${s}\nendstream`;
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    stream(bar),
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>',
    stream(text),
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [8 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 9 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ]);
}

/** Numbered objects, a cross-reference table and a trailer: a valid PDF of `objs`, object 1 the catalog. */
function pdfOf(objs: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF that needs a password to open (pdfkit's RC4/AES encryption with a user password). */
export function encryptedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [200, 200], userPassword: 'open-sesame', ownerPassword: 'owner-2026', pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.text('SEALED');
  doc.end();
  return done;
}
