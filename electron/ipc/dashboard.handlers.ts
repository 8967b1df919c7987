import { backupStatus } from '../backup/backup.service';
import type { AreaHandlers } from './handler-types';

export const dashboardHandlers: AreaHandlers<'dashboard'> = {
  get: (c) =>
    c.core.services.dashboard.get({
      destructionWaiting: () => c.core.services.destruction.waitingCount(),
      daysSinceBackup: async () => (await backupStatus(c.core)).daysSince,
    }),
};
