import { EntitySchema } from 'typeorm';

export interface AuditEntryRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string; // canonical JSON
  prevHash: string;
  hmac: string;
}

export const AuditEntryEntity = new EntitySchema<AuditEntryRecord>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    // Assigned by the audit service (last + 1), not by the database, so gaps mean deletion.
    seq: { type: 'integer', primary: true },
    at: { type: 'varchar', length: 32 },
    actor: { type: 'varchar', length: 64 },
    action: { type: 'varchar', length: 64 },
    subject: { type: 'varchar', length: 128, nullable: true },
    details: { type: 'text' },
    prevHash: { name: 'prev_hash', type: 'varchar', length: 64 },
    hmac: { type: 'varchar', length: 64 },
  },
  indices: [
    { name: 'idx_audit_actor', columns: ['actor'] },
    { name: 'idx_audit_subject', columns: ['subject'] },
  ],
});
