import type { PrintOptions } from '../../shared/domain/print-types';
import { annualReportXlsx } from '../export/annual-report.xlsx';
import { annualReportPdf } from '../print/annual-report.pdf';
import type { PrintedPdf } from '../print/pdf-buffer';
import type { JobView } from '../services/jobs';
import type { AreaHandlers, SignedInCtx } from './handler-types';

/** pdfkit writes one "/Type /Page" object per page; counting them avoids parsing the PDF. */
export const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

const pdf = (fileName: string, p: PrintedPdf) => ({ fileName, dataBase64: p.pdf.toString('base64'), pages: pageCount(p.pdf), unprintable: p.unprintable });

function jobOut(j: JobView<PrintedPdf>) {
  const { result, ...rest } = j;
  return { ...rest, pdf: result && j.state === 'done' ? pdf('封面.pdf', result) : null };
}

async function audited(c: SignedInCtx, what: string, details: Record<string, unknown>, make: () => Promise<PrintedPdf>, name: string) {
  const p = await make();
  await c.core.services.audit.record({
    actor: c.session.username,
    action: `print.${what}`,
    details: { ...details, pages: pageCount(p.pdf), ...(p.unprintable.length ? { unprintable: p.unprintable.length } : {}) },
  });
  return pdf(name, p);
}

/**
 * A job belongs to the user who started it on that PC (window, browser or office client): another
 * user at the same PC after a change of user asks for it in vain, like a user at another PC.
 */
const jobOwner = (c: SignedInCtx) => `${c.clientId}\u0000${c.session.userId}`;

export const printHandlers: AreaHandlers<'print'> = {
  async startCovers(c, r) {
    const s = c.core.services.print;
    const total = await s.countCovers(r.scope);
    await c.core.services.audit.record({
      actor: c.session.username,
      action: 'print.covers',
      details: { scope: r.scope.kind, id: 'id' in r.scope ? r.scope.id : null, count: total, ...(c.via ? { via: c.via } : {}) },
    });
    return jobOut(s.startCovers(jobOwner(c), r.scope, r.options as PrintOptions, total));
  },
  // A finished job hands its PDF over once; polling again after that says "no such job".
  job: async (c, r) => jobOut(c.core.services.print.jobs.take(jobOwner(c), r.id)),
  cancel: async (c, r) => jobOut(c.core.services.print.jobs.cancel(jobOwner(c), r.id)),
  buildingCover: (c, r) =>
    audited(
      c,
      'buildingCover',
      { buildingId: r.buildingId },
      () => c.core.services.print.buildingCover(r.buildingId, r.options as PrintOptions),
      '楼栋封皮.pdf',
    ),
  boxSpine: (c, r) =>
    audited(
      c,
      'boxSpine',
      { locationId: r.locationId },
      () => c.core.services.print.boxSpine(r.locationId, r.spineWidthMm, r.options as PrintOptions),
      '盒脊.pdf',
    ),
  boxSheet: (c, r) =>
    audited(c, 'boxSheet', { locationId: r.locationId }, () => c.core.services.print.boxSheet(r.locationId, r, r.options as PrintOptions), '备考表.pdf'),
  labels: (c, r) =>
    audited(
      c,
      'labels',
      { records: r.recordIds.length, sheet: r.sheet, startAt: r.startAt },
      () => c.core.services.print.labels(r.recordIds, r.options as PrintOptions, { sheet: r.sheet, startAt: r.startAt }),
      '档案标签.pdf',
    ),
  async annualReport(c, r) {
    const data = await c.core.services.annualReport.data(r.year);
    const pdfOut = r.format === 'pdf';
    const bytes = pdfOut ? await annualReportPdf(data) : await annualReportXlsx(data);
    await c.core.services.audit.record({
      actor: c.session.username,
      action: 'report.annual',
      subject: `year:${r.year}`,
      details: { year: r.year, format: r.format },
    });
    return {
      fileName: `${data.communityName}${r.year}年度统计报表.${r.format}`,
      dataBase64: bytes.toString('base64'),
      mime: pdfOut ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pages: pdfOut ? pageCount(bytes) : null,
    };
  },
  calibration: (c, r) => audited(c, 'calibration', {}, () => c.core.services.print.calibration(r.options as PrintOptions), '校准页.pdf'),
};
