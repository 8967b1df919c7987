import type { AreaHandlers, SignedInCtx } from './handler-types';

const auditor = (c: SignedInCtx) => ({ username: c.session.username, displayName: c.session.displayName, ...(c.via ? { via: c.via } : {}) });

export const auditHandlers: AreaHandlers<'audit'> = {
  list: (c, r) => c.core.services.auditDesk.list(auditor(c), r),
  bySubject: (c, r) => c.core.services.auditDesk.bySubject(r),
  verify: (c, r) => c.core.services.auditDesk.verify(auditor(c), r),
  checkpoint: (c) => c.core.services.auditDesk.checkpoint(auditor(c)),
  checkAgainstCheckpoint: (c, r) => c.core.services.auditDesk.checkAgainstCheckpoint(auditor(c), r),
  export: (c, r) => c.core.services.auditDesk.export(auditor(c), r),
  monthlyReport: (c, r) => c.core.services.auditDesk.monthlyReport(auditor(c), r),
};
