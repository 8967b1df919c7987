import { EntitySchema } from 'typeorm';

const o = (name: string, length: number) => ({ name, type: 'varchar' as const, length, nullable: true });
const s = (name: string, length: number) => ({ name, type: 'varchar' as const, length });

/** A legal or administrative hold: the record may not be destroyed while one is open. */
export interface RecordHoldRecord {
  id: string;
  recordId: string;
  reason: string;
  setBy: string;
  setOn: string;
  releasedOn: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
}
export const RecordHoldEntity = new EntitySchema<RecordHoldRecord>({
  name: 'RecordHold',
  tableName: 'record_holds',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    recordId: s('record_id', 36),
    reason: s('reason', 200),
    setBy: s('set_by', 32),
    setOn: s('set_on', 10),
    releasedOn: o('released_on', 10),
    releasedBy: o('released_by', 32),
    releaseReason: o('release_reason', 200),
  },
  indices: [{ name: 'idx_holds_record', columns: ['recordId'] }],
});

/** 鉴定: a batch of records due for appraisal, decided item by item by the members. */
export interface AppraisalBatchRecord {
  id: string;
  batchNo: string;
  purpose: string;
  scope: string;
  members: string; // JSON array of usernames
  status: string; // open | closed
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
}
export const AppraisalBatchEntity = new EntitySchema<AppraisalBatchRecord>({
  name: 'AppraisalBatch',
  tableName: 'appraisal_batches',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    batchNo: { ...s('batch_no', 40), unique: true },
    purpose: s('purpose', 200),
    scope: s('scope', 200),
    members: { type: 'text' },
    status: s('status', 12),
    createdBy: s('created_by', 32),
    createdAt: s('created_at', 32),
    closedAt: o('closed_at', 32),
  },
});

export interface AppraisalItemRecord {
  id: string;
  batchId: string;
  recordId: string;
  originalTerm: string;
  startDate: string | null;
  dueDate: string | null;
  yearsKept: number;
  decision: string | null;
  decisionYears: number | null;
  transferTo: string | null;
  reason: string | null;
  appraiser: string | null;
  decidedOn: string | null;
  reviewer: string | null;
  reviewedOn: string | null;
}
export const AppraisalItemEntity = new EntitySchema<AppraisalItemRecord>({
  name: 'AppraisalItem',
  tableName: 'appraisal_items',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    batchId: s('batch_id', 36),
    recordId: s('record_id', 36),
    originalTerm: s('original_term', 16),
    startDate: o('start_date', 10),
    dueDate: o('due_date', 10),
    yearsKept: { name: 'years_kept', type: 'integer' },
    decision: o('decision', 12),
    decisionYears: { name: 'decision_years', type: 'integer', nullable: true },
    transferTo: o('transfer_to', 100),
    reason: o('reason', 200),
    appraiser: o('appraiser', 32),
    decidedOn: o('decided_on', 10),
    reviewer: o('reviewer', 32),
    reviewedOn: o('reviewed_on', 10),
  },
  indices: [{ name: 'idx_appraisal_items_batch', columns: ['batchId'] }],
});

/** 销毁清册: proposed, approved (frozen snapshot), executed; the PDFs are kept in the row. */
export interface DestructionBatchRecord {
  id: string;
  registerNo: string;
  status: string;
  appraisalBatchId: string | null;
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approverOpinion: string | null;
  approvedAt: string | null;
  rejectedReason: string | null;
  supervisors: string; // JSON
  execTime: string | null;
  place: string | null;
  methods: string | null;
  executedAt: string | null;
  registerSha256: string | null;
  registerPdf: string | null;
  certificatePdf: string | null;
  approvedSnapshot: string | null;
  approvedSha256: string | null;
  revision: number;
}
export const DestructionBatchEntity = new EntitySchema<DestructionBatchRecord>({
  name: 'DestructionBatch',
  tableName: 'destruction_batches',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    registerNo: { ...s('register_no', 40), unique: true },
    status: s('status', 16),
    appraisalBatchId: o('appraisal_batch_id', 36),
    proposedBy: s('proposed_by', 32),
    proposedAt: s('proposed_at', 32),
    approvedBy: o('approved_by', 32),
    approverOpinion: o('approver_opinion', 200),
    approvedAt: o('approved_at', 32),
    rejectedReason: o('rejected_reason', 200),
    supervisors: { type: 'text' },
    execTime: o('exec_time', 20),
    place: o('place', 100),
    methods: o('methods', 100),
    executedAt: o('executed_at', 32),
    registerSha256: o('register_sha256', 64),
    registerPdf: { name: 'register_pdf', type: 'text', nullable: true },
    certificatePdf: { name: 'certificate_pdf', type: 'text', nullable: true },
    approvedSnapshot: { name: 'approved_snapshot', type: 'text', nullable: true },
    approvedSha256: o('approved_sha256', 64),
    revision: { type: 'integer', default: 1 },
  },
});

export interface DestructionItemRecord {
  id: string;
  batchId: string;
  recordId: string;
  reason: string;
  overrideReason: string | null;
  remarks: string | null;
}
export const DestructionItemEntity = new EntitySchema<DestructionItemRecord>({
  name: 'DestructionItem',
  tableName: 'destruction_items',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    batchId: s('batch_id', 36),
    recordId: s('record_id', 36),
    reason: s('reason', 200),
    overrideReason: o('override_reason', 200),
    remarks: o('remarks', 200),
  },
  indices: [{ name: 'idx_destruction_items_batch', columns: ['batchId'] }],
});

/** What is left of a destroyed record: kept forever, append-only in the database. */
export interface TombstoneRecord {
  id: string;
  recordId: string;
  batchId: string;
  archiveNo: string;
  title: string;
  dateFrom: string | null;
  dateTo: string | null;
  year: number;
  retention: string;
  pages: number;
  items: number;
  sensitivity: string;
  reason: string;
  destroyedAt: string;
  keyIds: string; // JSON
  fileHashes: string; // JSON
}
export const TombstoneEntity = new EntitySchema<TombstoneRecord>({
  name: 'Tombstone',
  tableName: 'tombstones',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    recordId: s('record_id', 36),
    batchId: s('batch_id', 36),
    archiveNo: s('archive_no', 64),
    title: s('title', 200),
    dateFrom: o('date_from', 10),
    dateTo: o('date_to', 10),
    year: { type: 'integer' },
    retention: s('retention', 16),
    pages: { type: 'integer' },
    items: { type: 'integer' },
    sensitivity: s('sensitivity', 12),
    reason: s('reason', 200),
    destroyedAt: s('destroyed_at', 32),
    keyIds: { name: 'key_ids', type: 'text' },
    fileHashes: { name: 'file_hashes', type: 'text' },
  },
});

/** Ciphertext files a committed destruction still has to shred (finished at the next open). */
export interface ShredQueueRecord {
  path: string;
  batchId: string;
}
export const ShredQueueEntity = new EntitySchema<ShredQueueRecord>({
  name: 'ShredQueue',
  tableName: 'shred_queue',
  columns: {
    path: { type: 'varchar', length: 300, primary: true },
    batchId: s('batch_id', 36),
  },
});
