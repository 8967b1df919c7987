import { AccessRequestEntity } from './access-request.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { HouseholdEntity, HouseholdTagEntity, TagEntity } from './household.entity';
import { ArchiveRecordEntity, AttachmentEntity, LocationEntity, PendingChangeEntity } from './record.entity';
import { LifeEventEntity, LifeEventLinkEntity } from './life-event.entity';
import { ResidentEntity } from './resident.entity';
import { SettingEntity } from './setting.entity';
import { BuildingEntity, GridEntity, UnitEntity } from './structure.entity';
import { UserEntity } from './user.entity';
import { UserPrefEntity } from './user-pref.entity';

export const ENTITIES = [
  UserEntity,
  SettingEntity,
  AuditEntryEntity,
  GridEntity,
  BuildingEntity,
  UnitEntity,
  HouseholdEntity,
  TagEntity,
  HouseholdTagEntity,
  ResidentEntity,
  LocationEntity,
  ArchiveRecordEntity,
  AttachmentEntity,
  PendingChangeEntity,
  AccessRequestEntity,
  LifeEventEntity,
  LifeEventLinkEntity,
  UserPrefEntity,
];
export {
  UserPrefEntity,
  AccessRequestEntity,
  ArchiveRecordEntity,
  AttachmentEntity,
  AuditEntryEntity,
  BuildingEntity,
  GridEntity,
  HouseholdEntity,
  HouseholdTagEntity,
  LifeEventEntity,
  LifeEventLinkEntity,
  LocationEntity,
  PendingChangeEntity,
  ResidentEntity,
  SettingEntity,
  TagEntity,
  UnitEntity,
  UserEntity,
};
