import type { z } from 'zod';
import type { Result } from '../errors';
import { auditContract } from './audit.contract';
import { authContract } from './auth.contract';
import { categoriesContract } from './categories.contract';
import type { Channel } from './channel';
import { backupContract, exporterContract, importerContract } from './data.contract';
import {
  attachmentsContract,
  householdsContract,
  locationsContract,
  recordsContract,
  residentsContract,
  reviewContract,
  searchContract,
  structureContract,
  tagsContract,
} from './register.contract';
import { dashboardContract } from './dashboard.contract';
import { lendingContract } from './lending.contract';
import { lifeEventsContract } from './life-events.contract';
import { lookupsContract } from './lookups.contract';
import { printContract } from './print.contract';
import { rosterContract } from './roster.contract';
import { appraisalContract, destructionContract, retentionContract } from './retention.contract';
import { settingsContract } from './settings.contract';
import { usersContract } from './users.contract';

/** The one IPC contract: area → action → channel. Channel names are "area.action". */
export const contract = {
  auth: authContract,
  users: usersContract,
  settings: settingsContract,
  audit: auditContract,
  structure: structureContract,
  tags: tagsContract,
  categories: categoriesContract,
  households: householdsContract,
  residents: residentsContract,
  roster: rosterContract,
  locations: locationsContract,
  records: recordsContract,
  attachments: attachmentsContract,
  review: reviewContract,
  lifeEvents: lifeEventsContract,
  search: searchContract,
  lookups: lookupsContract,
  lending: lendingContract,
  dashboard: dashboardContract,
  retention: retentionContract,
  appraisal: appraisalContract,
  destruction: destructionContract,
  print: printContract,
  importer: importerContract,
  exporter: exporterContract,
  backup: backupContract,
};

export type Contract = typeof contract;
export type Area = keyof Contract;
export type ChannelName = {
  [A in Area]: `${A & string}.${keyof Contract[A] & string}`;
}[Area];

export type ReqIn<C> = C extends Channel<infer Rq, z.ZodType> ? z.input<Rq> : never;
export type ReqOf<C> = C extends Channel<infer Rq, z.ZodType> ? z.output<Rq> : never;
export type ResOf<C> = C extends Channel<z.ZodType, infer Rs> ? z.output<Rs> : never;

/** The shape of `window.archive`, derived from the contract. */
export type ArchiveApi = {
  [A in Area]: {
    [K in keyof Contract[A]]: (req: ReqIn<Contract[A][K]>) => Promise<Result<ResOf<Contract[A][K]>>>;
  };
};

export function listChannels(): { name: ChannelName; area: Area; action: string; def: Channel }[] {
  const out: { name: ChannelName; area: Area; action: string; def: Channel }[] = [];
  for (const area of Object.keys(contract) as Area[]) {
    for (const [action, def] of Object.entries(contract[area])) {
      out.push({ name: `${area}.${action}` as ChannelName, area, action, def: def as Channel });
    }
  }
  return out;
}

export function getChannel(name: string): Channel | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const area = name.slice(0, dot);
  const action = name.slice(dot + 1);
  if (!Object.hasOwn(contract, area)) return undefined;
  const group = contract[area as Area] as Record<string, Channel>;
  return Object.hasOwn(group, action) ? group[action] : undefined;
}

/** Names only, for the preload bundle and the web transport (no schemas needed there). */
export const CHANNEL_NAMES: readonly ChannelName[] = listChannels().map((c) => c.name);
