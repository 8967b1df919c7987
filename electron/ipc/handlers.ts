import { auditHandlers } from './audit.handlers';
import { authHandlers } from './auth.handlers';
import { dashboardHandlers } from './dashboard.handlers';
import { backupHandlers, exporterHandlers, importerHandlers } from './data.handlers';
import type { Handlers } from './handler-types';
import { appraisalHandlers, destructionHandlers, retentionHandlers } from './retention.handlers';
import { lendingHandlers } from './lending.handlers';
import { lifeEventsHandlers } from './life-events.handlers';
import { lookupsHandlers } from './lookups.handlers';
import { printHandlers } from './print.handlers';
import { rosterHandlers } from './roster.handlers';
import {
  attachmentsHandlers,
  categoriesHandlers,
  householdsHandlers,
  locationsHandlers,
  recordsHandlers,
  residentsHandlers,
  reviewHandlers,
  searchHandlers,
  structureHandlers,
  tagsHandlers,
} from './register.handlers';
import { settingsHandlers } from './settings.handlers';
import { usersHandlers } from './users.handlers';

/** The handler table: one entry per contract channel, checked by the type system. */
export const handlers: Handlers = {
  auth: authHandlers,
  users: usersHandlers,
  settings: settingsHandlers,
  audit: auditHandlers,
  structure: structureHandlers,
  tags: tagsHandlers,
  categories: categoriesHandlers,
  households: householdsHandlers,
  residents: residentsHandlers,
  roster: rosterHandlers,
  locations: locationsHandlers,
  records: recordsHandlers,
  attachments: attachmentsHandlers,
  review: reviewHandlers,
  lifeEvents: lifeEventsHandlers,
  search: searchHandlers,
  lookups: lookupsHandlers,
  lending: lendingHandlers,
  dashboard: dashboardHandlers,
  retention: retentionHandlers,
  appraisal: appraisalHandlers,
  destruction: destructionHandlers,
  print: printHandlers,
  importer: importerHandlers,
  exporter: exporterHandlers,
  backup: backupHandlers,
};
