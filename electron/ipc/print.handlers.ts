import type { PrintOptions } from '../../shared/domain/print-types';
import { pageCount, type PrintedPdf } from '../print/pdf-buffer';
import type { JobView } from '../services/jobs';
import type { AreaHandlers, SignedInCtx } from './handler-types';

const out = (fileName: string, p: PrintedPdf) => ({ fileName, dataBase64: p.pdf.toString('base64'), pages: pageCount(p.pdf), unprintable: p.unprintable });

function jobOut(j: JobView<PrintedPdf>) {
  const { result, ...rest } = j;
  return { ...rest, pdf: result && j.state === 'done' ? out('封面.pdf', result) : null };
}

const actor = (c: SignedInCtx) => ({ username: c.session.username, ...(c.via ? { via: c.via } : {}) });

/**
 * A job belongs to the user who started it on that PC (window, browser or office client): another
 * user at the same PC after a change of user asks for it in vain, like a user at another PC.
 */
const jobOwner = (c: SignedInCtx) => `${c.clientId}\u0000${c.session.userId}`;

export const printHandlers: AreaHandlers<'print'> = {
  startCovers: async (c, r) => jobOut(await c.core.services.print.askCovers(actor(c), jobOwner(c), r.scope, r.options as PrintOptions)),
  // A finished job hands its PDF over once; polling again after that says "no such job".
  job: async (c, r) => jobOut(c.core.services.print.jobs.take(jobOwner(c), r.id)),
  cancel: async (c, r) => jobOut(c.core.services.print.jobs.cancel(jobOwner(c), r.id)),
  async buildingCover(c, r) {
    const s = c.core.services.print;
    return out(
      '楼栋封皮.pdf',
      await s.printed(actor(c), 'buildingCover', { buildingId: r.buildingId }, () => s.buildingCover(r.buildingId, r.options as PrintOptions)),
    );
  },
  async boxSpine(c, r) {
    const s = c.core.services.print;
    const make = () => s.boxSpine(r.locationId, r.spineWidthMm, r.options as PrintOptions);
    return out('盒脊.pdf', await s.printed(actor(c), 'boxSpine', { locationId: r.locationId }, make));
  },
  async boxSheet(c, r) {
    const s = c.core.services.print;
    return out('备考表.pdf', await s.printed(actor(c), 'boxSheet', { locationId: r.locationId }, () => s.boxSheet(r.locationId, r, r.options as PrintOptions)));
  },
  async labels(c, r) {
    const s = c.core.services.print;
    const make = () => s.labels(r.recordIds, r.options as PrintOptions, { sheet: r.sheet, startAt: r.startAt });
    return out('档案标签.pdf', await s.printed(actor(c), 'labels', { records: r.recordIds.length, sheet: r.sheet, startAt: r.startAt }, make));
  },
  async annualReport(c, r) {
    const { data, bytes } = await c.core.services.annualReport.printed(actor(c), r.year, r.format);
    const pdfOut = r.format === 'pdf';
    return {
      fileName: `${data.communityName}${r.year}年度统计报表.${r.format}`,
      dataBase64: bytes.toString('base64'),
      mime: pdfOut ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pages: pdfOut ? pageCount(bytes) : null,
    };
  },
  async calibration(c, r) {
    const s = c.core.services.print;
    return out('校准页.pdf', await s.printed(actor(c), 'calibration', {}, () => s.calibration(r.options as PrintOptions)));
  },
};
