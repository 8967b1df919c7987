import type { AreaHandlers } from './handler-types';

const actor = (c: { session: { username: string } }) => ({ username: c.session.username });
const printer = (c: { session: { username: string; displayName: string } }) => ({ username: c.session.username, displayName: c.session.displayName });

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
  slipPdf: async (c, r) => ({ fileName: `${r.slipNo}.pdf`, dataBase64: (await c.core.services.lendingPrints.slip(printer(c), r.slipNo)).toString('base64') }),
  async recallPdf(c, r) {
    const { pdf, slipNo } = await c.core.services.lendingPrints.recall(printer(c), r.loanId);
    return { fileName: `催还单-${slipNo}.pdf`, dataBase64: pdf.toString('base64') };
  },
  stats: (c, r) => c.core.services.lending.stats(r.year),
};
