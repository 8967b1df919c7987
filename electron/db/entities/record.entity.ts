import { EntitySchema } from 'typeorm';
import { HouseholdEntity } from './household.entity';
import { ResidentEntity } from './resident.entity';
import { BuildingEntity } from './structure.entity';

export interface LocationRecord {
  id: string;
  room: string;
  cabinet: string;
  shelf: string;
  box: string;
  note: string | null;
}
export const LocationEntity = new EntitySchema<LocationRecord>({
  name: 'Location',
  tableName: 'locations',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    room: { type: 'varchar', length: 40 },
    cabinet: { type: 'varchar', length: 20 },
    shelf: { type: 'varchar', length: 20 },
    box: { type: 'varchar', length: 20 },
    note: { type: 'text', nullable: true },
  },
});

/** One archive record (档案) — personal, household or building. */
export interface ArchiveRecordRow {
  id: string;
  archiveNo: string;
  title: string;
  responsible: string | null;
  residentId: string | null;
  householdId: string | null;
  buildingId: string | null;
  residentClass: string; // registered | unregistered | special
  contentCategory: string;
  carrier: string;
  /** A keeper chose 载体 by hand: attachments no longer move it (shared/domain/carrier.ts). */
  carrierByHand?: boolean;
  pages: number;
  items: number;
  dateFrom: string | null;
  dateTo: string | null;
  year: number;
  sensitivity: string;
  retentionClass: string;
  retentionYears: number | null;
  locationId: string | null;
  status: string;
  reviewStatus: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  /** Retention clock and disposition (migration 0006). */
  clockEvent?: string | null;
  clockEventOn?: string | null;
  nextAppraisal?: string | null;
  disposition?: string | null;
  transferTo?: string | null;
  /**
   * Optimistic version (SQLite 0019, PostgreSQL 0005): every TypeORM update adds one; an edit
   * names the version it was made from and is refused when the row has moved on.
   */
  version?: number;
}

export const ArchiveRecordEntity = new EntitySchema<ArchiveRecordRow>({
  name: 'ArchiveRecord',
  tableName: 'archive_records',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    archiveNo: { name: 'archive_no', type: 'varchar', length: 64, unique: true },
    title: { type: 'varchar', length: 200 },
    responsible: { type: 'varchar', length: 60, nullable: true },
    residentId: { name: 'resident_id', type: 'varchar', length: 36, nullable: true },
    householdId: { name: 'household_id', type: 'varchar', length: 36, nullable: true },
    buildingId: { name: 'building_id', type: 'varchar', length: 36, nullable: true },
    residentClass: { name: 'resident_class', type: 'varchar', length: 16 },
    contentCategory: { name: 'content_category', type: 'varchar', length: 16 },
    carrier: { type: 'varchar', length: 12 },
    carrierByHand: { name: 'carrier_by_hand', type: 'boolean', default: false },
    pages: { type: 'integer' },
    items: { type: 'integer' },
    dateFrom: { name: 'date_from', type: 'varchar', length: 10, nullable: true },
    dateTo: { name: 'date_to', type: 'varchar', length: 10, nullable: true },
    year: { type: 'integer' },
    sensitivity: { type: 'varchar', length: 12 },
    retentionClass: { name: 'retention_class', type: 'varchar', length: 8 },
    retentionYears: { name: 'retention_years', type: 'integer', nullable: true },
    locationId: { name: 'location_id', type: 'varchar', length: 36, nullable: true },
    status: { type: 'varchar', length: 24 },
    reviewStatus: { name: 'review_status', type: 'varchar', length: 16 },
    note: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
    clockEvent: { name: 'clock_event', type: 'varchar', length: 16, nullable: true },
    clockEventOn: { name: 'clock_event_on', type: 'varchar', length: 10, nullable: true },
    nextAppraisal: { name: 'next_appraisal', type: 'varchar', length: 10, nullable: true },
    disposition: { type: 'varchar', length: 12, nullable: true },
    transferTo: { name: 'transfer_to', type: 'varchar', length: 100, nullable: true },
    version: { type: 'integer', version: true, default: 1 },
  },
  indices: [
    { name: 'idx_records_resident', columns: ['residentId'] },
    { name: 'idx_records_household', columns: ['householdId'] },
    { name: 'idx_records_status', columns: ['status'] },
    /** The category filter (a node and its descendants) and the in-use check (SQLite 0020, PostgreSQL 0006). */
    { name: 'idx_records_category', columns: ['contentCategory'] },
  ],
  foreignKeys: [
    { target: ResidentEntity, columnNames: ['residentId'], referencedColumnNames: ['id'], onDelete: 'SET NULL' },
    { target: HouseholdEntity, columnNames: ['householdId'], referencedColumnNames: ['id'], onDelete: 'SET NULL' },
    { target: BuildingEntity, columnNames: ['buildingId'], referencedColumnNames: ['id'], onDelete: 'SET NULL' },
    { target: LocationEntity, columnNames: ['locationId'], referencedColumnNames: ['id'], onDelete: 'SET NULL' },
  ],
});

/** Electronic attachment: ciphertext on disk, its own key wrapped by the vault's attachment key. */
export interface AttachmentRow {
  id: string;
  recordId: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  wrappedKey: string; // JSON Sealed
  createdAt: string;
  createdBy: string;
}
export const AttachmentEntity = new EntitySchema<AttachmentRow>({
  name: 'Attachment',
  tableName: 'attachments',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    recordId: { name: 'record_id', type: 'varchar', length: 36 },
    fileName: { name: 'file_name', type: 'varchar', length: 200 },
    mime: { type: 'varchar', length: 100 },
    size: { type: 'integer' },
    sha256: { type: 'varchar', length: 64 },
    wrappedKey: { name: 'wrapped_key', type: 'text' },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    createdBy: { name: 'created_by', type: 'varchar', length: 32 },
  },
  indices: [{ name: 'idx_attachments_record', columns: ['recordId'] }],
  foreignKeys: [{ target: ArchiveRecordEntity, columnNames: ['recordId'], referencedColumnNames: ['id'] }],
});

/** An edit waiting for a keeper's review (grid workers' data counts only once approved). */
export interface PendingChangeRow {
  id: string;
  entity: string; // resident | household
  entityId: string;
  op: string; // create | update
  after: string; // JSON of the proposed values
  proposedBy: string;
  proposedAt: string;
  status: string; // pending | approved | rejected
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}
export const PendingChangeEntity = new EntitySchema<PendingChangeRow>({
  name: 'PendingChange',
  tableName: 'pending_changes',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    entity: { type: 'varchar', length: 16 },
    entityId: { name: 'entity_id', type: 'varchar', length: 36 },
    op: { type: 'varchar', length: 8 },
    after: { type: 'text' },
    proposedBy: { name: 'proposed_by', type: 'varchar', length: 32 },
    proposedAt: { name: 'proposed_at', type: 'varchar', length: 32 },
    status: { type: 'varchar', length: 12 },
    reviewedBy: { name: 'reviewed_by', type: 'varchar', length: 32, nullable: true },
    reviewedAt: { name: 'reviewed_at', type: 'varchar', length: 32, nullable: true },
    reviewNote: { name: 'review_note', type: 'text', nullable: true },
  },
  indices: [{ name: 'idx_pending_status', columns: ['status'] }],
});
