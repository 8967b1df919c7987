import type { AreaHandlers, SignedInCtx } from './handler-types';

const viewer = (c: SignedInCtx) => ({ username: c.session.username, role: c.session.role });

export const rosterHandlers: AreaHandlers<'roster'> = {
  list: (c, r) => c.core.services.roster.list(r, viewer(c)),
  prefs: (c) => c.core.services.roster.prefs(c.session.username),
  saveColumns: (c, r) => c.core.services.roster.saveColumns(c.session.username, r.columns),
  saveSearch: (c, r) => c.core.services.roster.saveSearch(viewer(c), r),
  removeSearch: (c, r) => c.core.services.roster.removeSearch(c.session.username, r.name),
  batchEdit: (c, r) => c.core.services.rosterBatch.edit(viewer(c), r),
  gridMovePreview: (c, r) => c.core.services.rosterBatch.gridMovePreview(r.residentIds, r.gridId),
};
