import { Foundation1700000000001 } from './0001-foundation';
import { Register1700000000002 } from './0002-register';
import { SearchIndexes1700000000003 } from './0003-search-indexes';
import { AccessRequests1700000000004 } from './0004-access-requests';
import { Lending1700000000005 } from './0005-lending';
import { Retention1700000000006 } from './0006-retention';
import { DefaultTags1700000000007 } from './0007-default-tags';
import { ImportMappings1700000000008 } from './0008-import-mappings';
import { DestructionFreeze1700000000009 } from './0009-destruction-freeze';
import { SignedAudit1700000000010 } from './0010-signed-audit';
import { ChangeHistory1700000000011 } from './0011-change-history';
import { StreetScale1700000000012 } from './0012-street-scale';
import { LifeEvents1700000000013 } from './0013-life-events';
import { UserPrefs1700000000014 } from './0014-user-prefs';
import { KeeperForms1700000000015 } from './0015-keeper-forms';
import { ActiveTallies1700000000016 } from './0016-active-tallies';
import { EngineRules1700000000017 } from './0017-engine-rules';
import { LoanApproval1700000000018 } from './0018-loan-approval';
import { RecordVersion1700000000019 } from './0019-record-version';
import { RecordCategories1700000000020 } from './0020-record-categories';
import { PlaceOrder1700000000021 } from './0021-place-order';
import { RosterSorts1700000000022 } from './0022-roster-sorts';

/** Numbered, append-only list. Never edit a shipped migration; add the next one. */
export const MIGRATIONS = [
  Foundation1700000000001,
  Register1700000000002,
  SearchIndexes1700000000003,
  AccessRequests1700000000004,
  Lending1700000000005,
  Retention1700000000006,
  DefaultTags1700000000007,
  ImportMappings1700000000008,
  DestructionFreeze1700000000009,
  SignedAudit1700000000010,
  ChangeHistory1700000000011,
  StreetScale1700000000012,
  LifeEvents1700000000013,
  UserPrefs1700000000014,
  KeeperForms1700000000015,
  ActiveTallies1700000000016,
  EngineRules1700000000017,
  LoanApproval1700000000018,
  RecordVersion1700000000019,
  RecordCategories1700000000020,
  PlaceOrder1700000000021,
  RosterSorts1700000000022,
];
export const KNOWN_MIGRATION_NAMES = new Set(MIGRATIONS.map((m) => new m().name));
