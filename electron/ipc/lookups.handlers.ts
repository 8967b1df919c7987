import type { AreaHandlers } from './handler-types';

export const lookupsHandlers: AreaHandlers<'lookups'> = {
  request: (c, r) => c.core.services.lookups.request({ username: c.session.username }, r.subject, r.purpose),
  mine: (c) => c.core.services.lookups.mine({ username: c.session.username }),
  pending: (c) => c.core.services.lookups.pending(),
  decide: (c, r) => c.core.services.lookups.decide({ username: c.session.username }, r.id, r.approve, r.hours, r.note),
  status: (c, r) => c.core.services.lookups.status({ username: c.session.username }, c.session.role, r.subject),
};
