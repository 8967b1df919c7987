import { tilesFor } from '../../shared/domain/home-tiles';
import { backupStatus } from '../backup/backup.service';
import type { AreaHandlers } from './handler-types';

export const dashboardHandlers: AreaHandlers<'dashboard'> = {
  async get(c) {
    const tiles = new Set<string>(tilesFor(c.session.role));
    const backup = tiles.has('daysSinceBackup') ? await backupStatus(c.core) : null;
    const d = await c.core.services.dashboard.get({
      destructionWaiting: () => (tiles.has('destructionWaiting') ? c.core.services.destruction.waitingCount() : Promise.resolve(0)),
      daysSinceBackup: async () => backup?.daysSince ?? null,
    });
    // 今日待办 holds only the work this role can do; totals and charts are counts every role may read.
    const today = Object.fromEntries(Object.entries(d.today).filter(([k]) => tiles.has(k)));
    return { ...d, today, ...(backup ? { backupDue: backup.due } : {}) };
  },
};
