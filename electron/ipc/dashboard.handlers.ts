import type { AreaHandlers } from './handler-types';

export const dashboardHandlers: AreaHandlers<'dashboard'> = {
  get: (c) => c.core.services.dashboard.get({ destructionWaiting: () => c.core.services.destruction.waitingCount() }),
};
