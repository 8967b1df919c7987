import { AccessRequestEntity } from './access-request.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { RecordCategoryEntity } from './category.entity';
import { AuditChainHeadEntity, AuditHeadEntity, AuditOutboxEntity, NumberCounterEntity, VaultSecretEntity } from './audit-support.entity';
import { ChangeHistoryEntity, ImportMappingEntity } from './history.entity';
import { HouseholdEntity, HouseholdTagEntity, TagEntity } from './household.entity';
import { LoanApprovalScanEntity, LoanEntity, RecallNoticeEntity } from './lending.entity';
import { ArchiveRecordEntity, AttachmentEntity, LocationEntity, PendingChangeEntity } from './record.entity';
import { LifeEventEntity, LifeEventLinkEntity } from './life-event.entity';
import { ResidentEntity } from './resident.entity';
import {
  AppraisalBatchEntity,
  AppraisalItemEntity,
  DestructionBatchEntity,
  DestructionItemEntity,
  RecordHoldEntity,
  ShredQueueEntity,
  TombstoneEntity,
} from './retention.entity';
import { SettingEntity } from './setting.entity';
import { BuildingEntity, GridEntity, UnitEntity } from './structure.entity';
import { UserEntity } from './user.entity';
import { UserPrefEntity } from './user-pref.entity';

/** Every table of the archive (the PostgreSQL migrations are generated from exactly these). */
export const ENTITIES = [
  UserEntity,
  SettingEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  AuditOutboxEntity,
  AuditChainHeadEntity,
  VaultSecretEntity,
  NumberCounterEntity,
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
  LoanEntity,
  RecallNoticeEntity,
  LoanApprovalScanEntity,
  RecordHoldEntity,
  AppraisalBatchEntity,
  AppraisalItemEntity,
  DestructionBatchEntity,
  DestructionItemEntity,
  TombstoneEntity,
  ShredQueueEntity,
  ChangeHistoryEntity,
  ImportMappingEntity,
  RecordCategoryEntity,
];
export {
  UserPrefEntity,
  AccessRequestEntity,
  AppraisalBatchEntity,
  AppraisalItemEntity,
  ArchiveRecordEntity,
  AttachmentEntity,
  AuditChainHeadEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  AuditOutboxEntity,
  BuildingEntity,
  ChangeHistoryEntity,
  DestructionBatchEntity,
  DestructionItemEntity,
  GridEntity,
  HouseholdEntity,
  HouseholdTagEntity,
  LifeEventEntity,
  LifeEventLinkEntity,
  ImportMappingEntity,
  LoanApprovalScanEntity,
  LoanEntity,
  LocationEntity,
  NumberCounterEntity,
  PendingChangeEntity,
  RecallNoticeEntity,
  RecordCategoryEntity,
  RecordHoldEntity,
  ResidentEntity,
  SettingEntity,
  ShredQueueEntity,
  TagEntity,
  TombstoneEntity,
  UnitEntity,
  UserEntity,
  VaultSecretEntity,
};
