import { auditHandlers } from './audit.handlers';
import { authHandlers } from './auth.handlers';
import type { Handlers } from './handler-types';
import { settingsHandlers } from './settings.handlers';
import { usersHandlers } from './users.handlers';

/** The handler table: one entry per contract channel, checked by the type system. */
export const handlers: Handlers = {
  auth: authHandlers,
  users: usersHandlers,
  settings: settingsHandlers,
  audit: auditHandlers,
};
