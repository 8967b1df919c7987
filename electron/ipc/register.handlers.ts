import { Readable } from 'node:stream';
import { isAllowed } from '../../shared/permissions';
import type { SignedInCtx } from './handler-types';
import type { AreaHandlers } from './handler-types';

const base64File = (f: { mime: string; fileName: string; data: Buffer }) => ({ mime: f.mime, fileName: f.fileName, dataBase64: f.data.toString('base64') });
const actor = (c: SignedInCtx) => ({ username: c.session.username });
/** Who is looking, for the discreet-household shield (shield.ts). */
const viewer = (c: SignedInCtx) => ({ username: c.session.username, role: c.session.role });

/** The same person with the name an exported copy is stamped with. */
const looker = (c: SignedInCtx) => ({ ...viewer(c), displayName: c.session.displayName });

export const structureHandlers: AreaHandlers<'structure'> = {
  tree: (c) => c.core.services.structure.tree(),
  version: async (c) => ({ version: c.core.services.db.changeMark() }),
  saveGrid: (c, r) => c.core.services.structure.saveGrid(actor(c), { ...r, worker: r.worker ?? null, note: r.note ?? null }),
  saveBuilding: (c, r) => c.core.services.structure.saveBuilding(actor(c), { ...r, address: r.address ?? null, note: r.note ?? null }),
  saveUnit: (c, r) => c.core.services.structure.saveUnit(actor(c), r),
  async remove(c, r) {
    await c.core.services.structure.remove(actor(c), r.level, r.id);
    return { done: true };
  },
};

export const tagsHandlers: AreaHandlers<'tags'> = {
  list: (c) => c.core.services.tags.list(),
  save: (c, r) => c.core.services.tags.save(actor(c), r, { mayPublish: isAllowed(c.session.role, 'tags.publish') }),
  async remove(c, r) {
    await c.core.services.tags.remove(actor(c), r.id);
    return { done: true };
  },
};

export const categoriesHandlers: AreaHandlers<'categories'> = {
  list: (c, r) => c.core.services.categories.list(r),
  save: (c, r) => c.core.services.categories.save(actor(c), r),
  async reorder(c, r) {
    await c.core.services.categories.reorder(actor(c), r.parentCode, r.codes);
    return { done: true };
  },
  async remove(c, r) {
    await c.core.services.categories.remove(actor(c), r.code);
    return { done: true };
  },
};

export const householdsHandlers: AreaHandlers<'households'> = {
  list: (c, r) => c.core.services.households.list(r, viewer(c)),
  async create(c, { submitForReview, ...d }) {
    const s = c.core.services;
    if (submitForReview) return { household: null, pendingId: await s.review.propose(actor(c), 'household', 'create', null, d) };
    return { household: await s.households.create(actor(c), d), pendingId: null };
  },
  async update(c, { submitForReview, id, ...d }) {
    const s = c.core.services;
    if (submitForReview) return { household: null, pendingId: await s.review.propose(actor(c), 'household', 'update', id, d) };
    return { household: await s.households.update(actor(c), id, d), pendingId: null };
  },
};

export const residentsHandlers: AreaHandlers<'residents'> = {
  list: (c, r) => c.core.services.residents.list(r, viewer(c)),
  get: (c, r) => c.core.services.disclosure.resident(viewer(c), r.id, r.purpose),
  async create(c, { submitForReview, ...d }) {
    const s = c.core.services;
    if (!submitForReview) return { ...(await s.residents.create(actor(c), d)), pendingId: null };
    const warnings = await s.residents.warnings(d, null);
    return { resident: null, pendingId: await s.review.propose(actor(c), 'resident', 'create', null, d), warnings };
  },
  async update(c, { submitForReview, id, ...d }) {
    const s = c.core.services;
    if (!submitForReview) return { ...(await s.residents.update(actor(c), id, d)), pendingId: null };
    const warnings = await s.residents.warnings(d, id);
    return { resident: null, pendingId: await s.review.propose(actor(c), 'resident', 'update', id, d), warnings };
  },
};

export const locationsHandlers: AreaHandlers<'locations'> = {
  list: (c) => c.core.services.records.locations(),
  save: (c, r) => c.core.services.records.saveLocation(actor(c), { ...r, note: r.note ?? null }),
};

export const recordsHandlers: AreaHandlers<'records'> = {
  list: (c, r) => c.core.services.records.list(r, viewer(c)),
  get: (c, r) => c.core.services.records.get(r.id, undefined, viewer(c)),
  byArchiveNo: (c, r) => c.core.services.records.byArchiveNo(r.archiveNo, viewer(c)),
  async nextNumber(c, r) {
    return { archiveNo: await c.core.services.records.nextNumber(r) };
  },
  create: (c, r) => c.core.services.records.create(actor(c), r),
  update: (c, { id, version, ...d }) => c.core.services.records.update(actor(c), id, d, version),
};

export const attachmentsHandlers: AreaHandlers<'attachments'> = {
  async list(c, r) {
    const files = await c.core.services.attachments.list(r.recordId);
    // A shielded record's file names can name the resident ("张三低保申请.pdf"): withheld with the title.
    const rec = files.length ? await c.core.services.records.get(r.recordId, undefined, viewer(c)) : null;
    return rec?.shielded ? files.map((f) => ({ ...f, fileName: '', shielded: true })) : files;
  },
  add(c, r) {
    const bytes = Buffer.from(r.dataBase64, 'base64');
    return c.core.services.attachments.ingest(actor(c), r.recordId, r.fileName, r.mime, Readable.from([bytes]));
  },
  view: async (c, r) => base64File(await c.core.services.disclosure.viewFile(viewer(c), r.id, r.purpose)),
  export: async (c, r) => base64File(await c.core.services.disclosure.exportFile(looker(c), r.id, r.purpose)),
  verify: (c, r) => c.core.services.attachments.verify(r.id),
};

export const reviewHandlers: AreaHandlers<'review'> = {
  list: (c) => c.core.services.review.list(),
  history: (c, r) => c.core.services.history.list(r.subject),
  async approve(c, r) {
    await c.core.services.review.approve(actor(c), r.id);
    return { done: true };
  },
  async reject(c, r) {
    await c.core.services.review.reject(actor(c), r.id, r.note);
    return { done: true };
  },
};

export const searchHandlers: AreaHandlers<'search'> = {
  query: (c, r) => c.core.services.disclosure.search(viewer(c), r.q, r.limit),
};
