import { join } from 'node:path';
import type { Database } from '../db/database';
import type { VaultSecrets } from '../vault/vault-secrets';
import { ArchiveCalendar } from './archive-calendar';
import { RosterBatch } from './roster-batch';
import { RosterService } from './roster.service';
import { AttachmentsService } from './attachments.service';
import { AuditDesk } from './audit-desk';
import { AuditService, type AuditTrust } from './audit.service';
import { CategoriesService } from './categories.service';
import { ChangeHistory } from './change-history';
import { SearchFingerprints } from './search-fingerprint';
import { AnnualReportService } from './annual-report.service';
import { AppraisalService } from './appraisal.service';
import { DashboardService } from './dashboard.service';
import { DestructionService } from './destruction.service';
import { DisclosureService } from './disclosure.service';
import { HouseholdsService } from './households.service';
import { LendingPrints } from './lending-prints';
import { LendingService } from './lending.service';
import { LifeEventsService } from './life-events.service';
import { LookupsService } from './lookups.service';
import { PrintService } from './print.service';
import { RecordsService } from './records.service';
import { ResidentsService } from './residents.service';
import { RetentionService } from './retention.service';
import { ReviewService } from './review.service';
import { SearchService } from './search.service';
import { SettingsService } from './settings.service';
import { StructureService } from './structure.service';
import { TagsService } from './tags.service';
import { UsersService } from './users.service';

export interface ServiceDeps {
  nowIso: () => string;
  newId: () => string;
  randomBytes: (n: number) => Buffer;
  now: () => number;
  paths: { dataDir: string; attachments: string };
}

/** Everything that needs the open vault. Built when the vault opens, dropped when it locks. */
export function createServices(db: Database, secrets: VaultSecrets, deps: ServiceDeps, trust: AuditTrust) {
  const audit = new AuditService(db, secrets.auditHmac, deps.nowIso, trust);
  const settings = new SettingsService(db);
  const calendar = new ArchiveCalendar(settings, deps);
  const structure = new StructureService(db, audit, deps.newId);
  const history = new ChangeHistory(db, audit, deps);
  const households = new HouseholdsService(db, structure, deps.newId, deps.nowIso, history);
  const residents = new ResidentsService(db, deps.newId, deps.nowIso, history);
  const categories = new CategoriesService(db, audit);
  const records = new RecordsService(db, audit, settings, categories, deps.newId, deps.nowIso, history);
  const attachments = new AttachmentsService(db, audit, settings, secrets, deps.paths.attachments ?? join(deps.paths.dataDir, 'attachments'), deps);
  const retention = new RetentionService(db, audit, deps, calendar, categories);
  const lifeEvents = new LifeEventsService(db, audit, households, calendar, deps);
  const lookups = new LookupsService(db, audit, deps);
  const search = new SearchService(db, deps.nowIso);
  const searchFingerprints = new SearchFingerprints(db);
  const lending = new LendingService(db, audit, settings, deps, calendar, secrets);
  const review = new ReviewService(db, audit, households, residents, deps, history, lifeEvents, structure);
  return {
    db,
    audit,
    settings,
    calendar,
    users: new UsersService(db, deps.nowIso, deps.newId),
    structure,
    tags: new TagsService(db, audit, deps.newId),
    categories,
    households,
    residents,
    records,
    attachments,
    lifeEvents,
    review,
    history,
    search,
    searchFingerprints,
    auditDesk: new AuditDesk({ db, audit, fingerprints: searchFingerprints, settings, nowIso: deps.nowIso }),
    lookups,
    disclosure: new DisclosureService({ audit, lookups, residents, attachments, search, fingerprints: searchFingerprints, calendar }),
    lending,
    lendingPrints: new LendingPrints({ lending, settings, calendar, audit }),
    dashboard: new DashboardService(db, calendar),
    roster: new RosterService(db, audit, calendar, deps.nowIso),
    rosterBatch: new RosterBatch({ db, review, households, residents, structure, history, nowIso: deps.nowIso }),
    retention,
    appraisal: new AppraisalService(db, audit, retention, { ...deps, settings }),
    destruction: new DestructionService(db, audit, retention, attachments, settings, deps),
    print: new PrintService(db, settings, audit),
    annualReport: new AnnualReportService(db, settings, deps.now, audit),
  };
}

export type Services = ReturnType<typeof createServices>;
