import { PgSchema1800000000001 } from './0001-schema';
import { PgEngineRules1800000000002 } from './0002-engine-rules';
import { PgRosterStatus1800000000003 } from './0003-roster-status';
import { PgLoanApproval1800000000004 } from './0004-loan-approval';
import { PgRecordVersion1800000000005 } from './0005-record-version';
import { PgRecordCategories1800000000006 } from './0006-record-categories';
import { PgSearch1800000000007 } from './0007-search';
import { PgTallies1800000000008 } from './0008-tallies';
import { PgSearchPlans1800000000009 } from './0009-search-plans';
import { PgTallyLocks1800000000010 } from './0010-tally-locks';
import { PgRosterSorts1800000000011 } from './0011-roster-sorts';
import { PgPlaceOrder1800000000012 } from './0012-place-order';
import { PgArchiveNoOrder1800000000013 } from './0013-archive-no-order';
import { PgHouseholdsByAddress1800000000014 } from './0014-households-by-address';

/** Numbered, append-only list for PostgreSQL archives. Never edit a shipped migration; add the next one. */
export const PG_MIGRATIONS = [
  PgSchema1800000000001,
  PgEngineRules1800000000002,
  PgRosterStatus1800000000003,
  PgLoanApproval1800000000004,
  PgRecordVersion1800000000005,
  PgRecordCategories1800000000006,
  PgSearch1800000000007,
  PgTallies1800000000008,
  PgSearchPlans1800000000009,
  PgTallyLocks1800000000010,
  PgRosterSorts1800000000011,
  PgPlaceOrder1800000000012,
  PgArchiveNoOrder1800000000013,
  PgHouseholdsByAddress1800000000014,
];
export const KNOWN_PG_MIGRATION_NAMES = new Set(PG_MIGRATIONS.map((m) => new m().name));
