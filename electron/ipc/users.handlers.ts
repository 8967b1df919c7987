import type { AreaHandlers } from './handler-types';

/** Staff accounts hold key material: the work is the core's (core/staff-accounts.ts), not the handler's. */
export const usersHandlers: AreaHandlers<'users'> = {
  staff: ({ core }) => core.accounts.staff(),
  list: ({ core }) => core.accounts.list(),
  create: ({ core, session }, req) => core.accounts.create(session, req),
  setActive: ({ core, session }, req) => core.accounts.setActive(session, req),
  resetPassword: ({ core, session }, req) => core.accounts.resetPassword(session, req),
  setRole: ({ core, session }, req) => core.accounts.setRole(session, req),
  rekey: ({ core, session }) => core.accounts.rekey(session),
};
