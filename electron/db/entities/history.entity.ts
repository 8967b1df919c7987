import { EntitySchema } from 'typeorm';

/** The values of a register change, kept out of the audit trail (最少披露; see change-history.ts). */
export interface ChangeHistoryRecord {
  id: string;
  subject: string;
  action: string;
  actor: string;
  at: string;
  changed: string;
  beforeValues: string | null;
  afterValues: string | null;
  salt: string;
}
export const ChangeHistoryEntity = new EntitySchema<ChangeHistoryRecord>({
  name: 'ChangeHistory',
  tableName: 'change_history',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    subject: { type: 'varchar', length: 80 },
    action: { type: 'varchar', length: 40 },
    actor: { type: 'varchar', length: 32 },
    at: { type: 'varchar', length: 32 },
    changed: { type: 'text' },
    beforeValues: { name: 'before_values', type: 'text', nullable: true },
    afterValues: { name: 'after_values', type: 'text', nullable: true },
    salt: { type: 'varchar', length: 32 },
  },
  indices: [{ name: 'idx_change_history_subject', columns: ['subject', 'at'] }],
});

/** The keeper's meaning for a sheet value the importer does not know ("公租房" → 租住). */
export interface ImportMappingRecord {
  columnKey: string;
  sheetValue: string;
  target: string;
  createdBy: string;
  createdAt: string;
}
export const ImportMappingEntity = new EntitySchema<ImportMappingRecord>({
  name: 'ImportMapping',
  tableName: 'import_mappings',
  columns: {
    columnKey: { name: 'column_key', type: 'varchar', length: 32, primary: true },
    sheetValue: { name: 'sheet_value', type: 'varchar', length: 200, primary: true },
    target: { type: 'varchar', length: 60 },
    createdBy: { name: 'created_by', type: 'varchar', length: 32 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
  },
});
