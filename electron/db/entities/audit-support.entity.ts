import { EntitySchema } from 'typeorm';

/** Each person's newest entry, signed by them (see audit.service.ts append). */
export interface AuditHeadRecord {
  signer: string;
  seq: number;
  hash: string;
  sig: string;
}
export const AuditHeadEntity = new EntitySchema<AuditHeadRecord>({
  name: 'AuditHead',
  tableName: 'audit_heads',
  columns: {
    signer: { type: 'varchar', length: 16, primary: true },
    seq: { type: 'integer' },
    hash: { type: 'varchar', length: 64 },
    sig: { type: 'text' },
  },
});

/** Entries a migration leaves before the audit key is at hand (written into the chain at the next open). */
export interface AuditOutboxRecord {
  seq: number;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
}
export const AuditOutboxEntity = new EntitySchema<AuditOutboxRecord>({
  name: 'AuditOutbox',
  tableName: 'audit_outbox',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    actor: { type: 'varchar', length: 32 },
    action: { type: 'varchar', length: 64 },
    subject: { type: 'varchar', length: 80, nullable: true },
    details: { type: 'text' },
  },
});

/**
 * The one row every audit append locks first: on PostgreSQL `SELECT … FOR UPDATE` makes appends
 * from any number of connections take turns; on SQLite the write transaction already does.
 * `seq`/`hmac` mirror the newest entry (informational: the chain itself is read from audit_log).
 */
export interface AuditChainHeadRecord {
  id: number;
  seq: number;
  hmac: string;
}
export const AuditChainHeadEntity = new EntitySchema<AuditChainHeadRecord>({
  name: 'AuditChainHead',
  tableName: 'audit_chain_head',
  columns: {
    id: { type: 'integer', primary: true },
    seq: { type: 'integer' },
    hmac: { type: 'varchar', length: 64 },
  },
});

/** Keys kept with the data (audit HMAC, attachment wrapping key), the signed verify checkpoint. */
export interface VaultSecretRecord {
  name: string;
  value: string;
}
export const VaultSecretEntity = new EntitySchema<VaultSecretRecord>({
  name: 'VaultSecret',
  tableName: 'vault_secrets',
  columns: {
    name: { type: 'varchar', length: 32, primary: true },
    value: { type: 'text' },
  },
});

/**
 * Locked counters for numbers people write on paper (借阅单, 鉴定批次, 销毁清册): taken in the
 * transaction that uses them, so two writers never get one number and a rollback leaves no gap.
 */
export interface NumberCounterRecord {
  name: string;
  value: number;
}
export const NumberCounterEntity = new EntitySchema<NumberCounterRecord>({
  name: 'NumberCounter',
  tableName: 'number_counters',
  columns: {
    name: { type: 'varchar', length: 40, primary: true },
    value: { type: 'integer' },
  },
});
