import { lendingSlipPdf, recallSlipPdf } from '../print/lending-slips.pdf';
import type { AreaHandlers } from './handler-types';

const actor = (c: { session: { username: string } }) => ({ username: c.session.username });

export const lendingHandlers: AreaHandlers<'lending'> = {
  // The approver's password is checked by the core, as at sign-in (throttled, failures audited).
  checkout: (c, r) => c.core.services.lending.checkout(actor(c), r, (username, password) => c.core.verifyPassword(username, password)),
  async approvalScan(c, r) {
    const { row, data } = await c.core.services.lending.approvalScan(actor(c), r.loanId);
    // PDFs are drawn by pdf.js in the renderer, like attachments (no poppler at view time).
    return { fileName: row.fileName, mime: row.mime, sha256: row.sha256, dataBase64: data.toString('base64') };
  },
  return: (c, r) => c.core.services.lending.return(actor(c), r),
  renew: (c, r) => c.core.services.lending.renew(actor(c), r.loanId),
  recall: (c, r) => c.core.services.lending.recall(actor(c), r.loanId, r.method, r.note),
  list: (c, r) => c.core.services.lending.list(r),
  recalls: (c, r) => c.core.services.lending.recalls(r.loanId),
  async slipPdf(c, r) {
    const s = c.core.services;
    const loans = await s.lending.bySlip(r.slipNo);
    const pdf = await lendingSlipPdf({
      communityName: (await s.settings.get()).communityName,
      loans,
      printedBy: c.session.displayName,
      printedAt: await s.calendar.printStamp(),
      ...(await s.lending.slipExtras(loans)),
    });
    await s.audit.record({
      actor: c.session.username,
      action: 'print.loanSlip',
      subject: `slip:${r.slipNo}`,
      details: { records: loans.map((l) => l.recordId) },
    });
    return { fileName: `${r.slipNo}.pdf`, dataBase64: pdf.toString('base64') };
  },
  async recallPdf(c, r) {
    const s = c.core.services;
    const loan = await s.lending.get(r.loanId);
    const pdf = await recallSlipPdf({
      communityName: (await s.settings.get()).communityName,
      loan,
      recalls: await s.lending.recalls(r.loanId),
      today: await s.calendar.today(),
      printedBy: c.session.displayName,
      printedAt: await s.calendar.printStamp(),
    });
    await s.audit.record({ actor: c.session.username, action: 'print.recallSlip', subject: `record:${loan.recordId}`, details: { loanId: loan.id } });
    return { fileName: `催还单-${loan.slipNo}.pdf`, dataBase64: pdf.toString('base64') };
  },
  stats: (c, r) => c.core.services.lending.stats(r.year),
};
