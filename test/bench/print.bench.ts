import { createElement as h } from 'react';
import { code128PngPadded, qrPng } from '../../electron/print/barcodes';
import { coverBatchPdf } from '../../electron/print/cover-batch';
import { MM, newPdf } from '../../electron/print/pdf-buffer';
import { CJK_FAMILY, loadReactPdf } from '../../electron/print/react-pdf-fonts';
import type { CoverData } from '../../shared/domain/print-types';
import { DEFAULT_TAGS } from '../../shared/domain/tags';
import type { BenchLine } from './harness';

const N = 400;
/** react-pdf is much slower; a quarter of the batch gives a stable pages/s without a long run. */
const N_REACT = 100;
const TAGS = DEFAULT_TAGS.map((t, i) => ({ ...t, id: `t${i}` }));

const covers: CoverData[] = Array.from({ length: N }, (_, i) => ({
  community: '幸福社区居民委员会',
  archiveNo: `XF-2024-Y-${String(i + 1).padStart(4, '0')}`,
  title: `第${i + 1}户居民基本信息档案`,
  householdHead: `住户${i + 1}`,
  address: { grid: String(1 + (i % 6)), building: String(1 + (i % 20)), unit: String(1 + (i % 3)), room: `${1 + (i % 18)}0${1 + (i % 4)}` },
  dateFrom: '2019-03-01',
  dateTo: '2024-12-31',
  retention: '永久',
  pages: 10 + (i % 50),
  location: { room: '档案室A', cabinet: String(1 + (i % 8)), shelf: String(1 + (i % 5)), box: String(1 + Math.floor(i / 20)) },
  tags: TAGS.filter((_, k) => (i + k) % 3 === 0),
  discreetHousehold: i % 17 === 0,
}));

const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** The floor: plain pdfkit, the same texts at fixed positions, both barcodes as bwip-js PNGs. */
async function plainPdfkit(): Promise<number> {
  const t0 = process.hrtime.bigint();
  const { doc, done } = await newPdf({ title: 'baseline', margin: 0 });
  for (let i = 0; i < N; i++) {
    const c = covers[i];
    if (i) doc.addPage({ margin: 0 });
    doc.fontSize(16).text(c.community, 20 * MM, 15 * MM, { lineBreak: false });
    doc.fontSize(18).text(c.title, 20 * MM, 51 * MM, { lineBreak: false });
    doc
      .fontSize(11)
      .text(`${c.archiveNo}  ${c.householdHead ?? ''}  ${c.dateFrom}—${c.dateTo}  ${c.retention}  ${c.pages}`, 20 * MM, 82 * MM, { lineBreak: false });
    doc.image(await qrPng(c.archiveNo), 160 * MM, 12 * MM, { width: 30 * MM });
    doc.image(await code128PngPadded(c.archiveNo), 20 * MM, 240 * MM, { height: 15 * MM });
  }
  doc.end();
  await done;
  return secs(t0);
}

/** The same cover in @react-pdf/renderer (flex layout, PNG barcodes), for pages/s comparison. */
async function reactPdf(): Promise<number> {
  const pdf = await loadReactPdf();
  const { Document, Page, Text, View, Image, renderToBuffer } = pdf;
  const t0 = process.hrtime.bigint();
  const pagesEl = [];
  for (let i = 0; i < N_REACT; i++) {
    const c = covers[i];
    const [qr, bar] = await Promise.all([qrPng(c.archiveNo), code128PngPadded(c.archiveNo)]);
    const row = (label: string, value: string) =>
      h(
        View,
        { style: { borderWidth: 0.5, padding: 4, flexGrow: 1 } },
        h(Text, { style: { fontSize: 7, color: '#555' } }, label),
        h(Text, { style: { fontSize: 11 } }, value),
      );
    pagesEl.push(
      h(
        Page,
        { key: i, size: 'A4', style: { fontFamily: CJK_FAMILY, padding: 20 * MM } },
        h(
          View,
          { style: { flexDirection: 'row', justifyContent: 'space-between' } },
          h(Text, { style: { fontSize: 16 } }, c.community),
          h(Image, { src: { data: qr, format: 'png' }, style: { width: 30 * MM, height: 30 * MM } }),
        ),
        h(Text, { style: { fontSize: 18, marginVertical: 8 } }, c.title),
        row('档号 Archive No.', c.archiveNo),
        h(
          View,
          { style: { flexDirection: 'row' } },
          row('户主 Household head', c.householdHead ?? ''),
          row('地址 Address', `${c.address.grid}网格 ${c.address.building}栋 ${c.address.unit}单元 ${c.address.room}室`),
        ),
        h(
          View,
          { style: { flexDirection: 'row' } },
          row('起止日期 Date range', `${c.dateFrom} — ${c.dateTo}`),
          row('保管期限 Retention', c.retention),
          row('页数 Pages', String(c.pages)),
        ),
        h(
          View,
          { style: { flexDirection: 'row', marginTop: 40 } },
          ...c.tags.map((t) =>
            h(
              View,
              {
                key: t.id,
                style: { width: 12 * MM, height: 12 * MM, marginRight: 3 * MM, backgroundColor: t.color, alignItems: 'center', justifyContent: 'center' },
              },
              h(Text, { style: { color: '#fff', fontSize: 20 } }, t.code),
            ),
          ),
        ),
        h(Image, { src: { data: bar, format: 'png' }, style: { marginTop: 40, height: 15 * MM, width: 80 * MM } }),
      ),
    );
  }
  await renderToBuffer(h(Document, null, ...pagesEl) as Parameters<typeof renderToBuffer>[0]);
  return secs(t0);
}

/** 400 archive covers to one PDF (goal < 10 s), beside plain pdfkit and react-pdf in the same run. */
export async function benchPrint(): Promise<BenchLine[]> {
  // Warm-up: the 10 MB font is parsed once per process; every variant below gets it warm.
  await coverBatchPdf(covers.slice(0, 2), { paper: 'A4', colour: true, offsetXmm: 0, offsetYmm: 0 });
  const t0 = process.hrtime.bigint();
  const ours = await coverBatchPdf(covers, { paper: 'A4', colour: true, offsetXmm: 0, offsetYmm: 0 });
  const oursS = secs(t0);
  const baseS = await plainPdfkit();
  const reactS = await reactPdf();
  const pps = (n: number, s: number) => n / s;
  return [
    { name: `archive covers ×${N} to one PDF (pdfkit, vector codes)`, value: `${oursS.toFixed(2)} s`, goal: '< 10 s', pass: oursS < 10 },
    {
      name: 'archive covers pages/s',
      value: `${pps(N, oursS).toFixed(1)} p/s`,
      baseline: `${pps(N, baseS).toFixed(1)} p/s`,
      ratio: (pps(N, oursS) / pps(N, baseS)).toFixed(2),
    },
    { name: 'baseline: plain pdfkit + 2 bwip-js PNG codes', value: `${pps(N, baseS).toFixed(1)} p/s` },
    {
      name: `@react-pdf/renderer same cover ×${N_REACT}`,
      value: `${pps(N_REACT, reactS).toFixed(1)} p/s`,
      baseline: `${pps(N, oursS).toFixed(1)} p/s`,
      ratio: (pps(N_REACT, reactS) / pps(N, oursS)).toFixed(2),
    },
    { name: 'PDF size, 400 covers', value: `${(ours.pdf.length / 1024 / 1024).toFixed(1)} MB` },
  ];
}
