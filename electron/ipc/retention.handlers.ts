import type { AreaHandlers } from './handler-types';

const actor = (c: { session: { username: string } }) => ({ username: c.session.username });
const pdf = (fileName: string, b: Buffer) => ({ fileName, dataBase64: b.toString('base64') });

export const retentionHandlers: AreaHandlers<'retention'> = {
  dueList: (c, r) => c.core.services.retention.dueList(r),
  holds: (c, r) => c.core.services.retention.holds(r.recordId),
  hold: (c, r) => c.core.services.retention.hold(actor(c), r.recordId, r.reason),
  release: (c, r) => c.core.services.retention.release(actor(c), r.holdId, r.reason),
  async setClock(c, r) {
    await c.core.services.retention.setClock(actor(c), r.recordId, r.event, r.on);
    return { done: true };
  },
};

export const appraisalHandlers: AreaHandlers<'appraisal'> = {
  create: (c, r) => c.core.services.appraisal.create(actor(c), r),
  list: (c) => c.core.services.appraisal.list(),
  get: (c, r) => c.core.services.appraisal.get(r.id),
  decide: (c, r) => c.core.services.appraisal.decide(actor(c), r.itemId, r.decision, r.reason),
  review: (c, r) => c.core.services.appraisal.review(actor(c), r.itemId),
  close: (c, r) => c.core.services.appraisal.close(actor(c), r.id),
  reportPdf: async (c, r) => pdf(`鉴定报告-${r.id}.pdf`, await c.core.services.appraisal.printReport(actor(c), r.id)),
};

export const destructionHandlers: AreaHandlers<'destruction'> = {
  propose: (c, r) => c.core.services.destruction.propose({ username: c.session.username, role: c.session.role }, r),
  list: (c) => c.core.services.destruction.list(),
  get: (c, r) => c.core.services.destruction.get(r.id),
  approve: (c, r) => c.core.services.destruction.approve(actor(c), r.id, r.opinion),
  reject: (c, r) => c.core.services.destruction.reject(actor(c), r.id, r.reason),
  repropose: (c, r) => c.core.services.destruction.repropose(actor(c), r.id),
  confirmSupervisor: (c, r) => c.core.services.destruction.confirmSupervisor(actor(c), r.id, r.username, () => c.core.verifyPassword(r.username, r.password)),
  tombstone: (c, r) => c.core.services.destruction.tombstone(r.recordId),
  execute: (c, r) => c.core.services.destruction.execute(actor(c), r.id, r),
  async registerPdf(c, r) {
    const p = await c.core.services.destruction.printed(actor(c), r.id, 'register');
    return { ...pdf(`销毁清册-${r.id}.pdf`, p.pdf), sha256: p.sha256 };
  },
  certificatePdf: async (c, r) => pdf(`销毁证明-${r.id}.pdf`, (await c.core.services.destruction.printed(actor(c), r.id, 'certificate')).pdf),
  checkCertificate: (c, r) => c.core.services.destruction.checkCertificate(r.sha256),
};
