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
  /** Key id (see user-keys.ts keyId) of the signer; null only in rows a test forged. */
  signer: string | null;
  sig: string | null;
  /** The key id a grant entry gives its person; null for every other entry. */
  grantKey: string | null;
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
    signer: { type: 'varchar', length: 16, nullable: true },
    sig: { type: 'text', nullable: true },
    grantKey: { name: 'grant_key', type: 'varchar', length: 16, nullable: true },
  },
  indices: [
    { name: 'idx_audit_actor', columns: ['actor'] },
    { name: 'idx_audit_subject', columns: ['subject'] },
    { name: 'idx_audit_grant_key', columns: ['grantKey'] },
    { name: 'idx_audit_signer', columns: ['signer', 'seq'] },
  ],
});
