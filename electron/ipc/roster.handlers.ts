import { batchNeedsReview } from '../../shared/domain/roster-policy';
import { applyBatch, batchScope, gridMoveOf } from '../services/roster-batch';
import type { AreaHandlers, SignedInCtx } from './handler-types';

const viewer = (c: SignedInCtx) => ({ username: c.session.username, role: c.session.role });

export const rosterHandlers: AreaHandlers<'roster'> = {
  list: (c, r) => c.core.services.roster.list(r, viewer(c)),
  prefs: (c) => c.core.services.roster.prefs(c.session.username),
  saveColumns: (c, r) => c.core.services.roster.saveColumns(c.session.username, r.columns),
  saveSearch: async (c, r) => {
    // A clerk cannot keep a search they may not run.
    await c.core.services.roster.assertFiltersAllowed(viewer(c), r.filters);
    return c.core.services.roster.saveSearch(c.session.username, r);
  },
  removeSearch: (c, r) => c.core.services.roster.removeSearch(c.session.username, r.name),
  async batchEdit(c, { submitForReview, ...b }) {
    const s = c.core.services;
    const actor = { username: c.session.username };
    const scope = await batchScope(s.db.manager, b);
    if (batchNeedsReview(c.session.role, submitForReview)) {
      // A grid move waits with the buildings it moves, as the proposer saw them: the reviewer
      // approves those buildings (and everyone in them), and approval moves exactly those.
      const gridMove = b.gridId ? await gridMoveOf(s.db.manager, b.residentIds, b.gridId) : undefined;
      const pendingId = await s.review.propose(actor, 'roster', 'batch', null, gridMove ? { ...b, gridMove } : b);
      return { pendingId, residents: scope.residentIds.length, households: scope.householdIds.length, buildings: gridMove?.buildings.length ?? 0 };
    }
    const done = await s.db.write((m) =>
      applyBatch(m, actor, b, { households: s.households, residents: s.residents, structure: s.structure, history: s.history, nowIso: () => c.core.nowIso() }),
    );
    return { pendingId: null, ...done };
  },
  gridMovePreview: (c, r) => gridMoveOf(c.core.services.db.manager, r.residentIds, r.gridId),
};
