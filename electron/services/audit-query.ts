import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditEntryEntity, type AuditEntryRecord } from '../db/entities/audit-entry.entity';

const FIELDS: (keyof AuditEntryRecord)[] = ['seq', 'at', 'actor', 'action', 'subject', 'details', 'prevHash', 'hmac', 'signer', 'sig', 'grantKey'];

/**
 * Audit rows as plain objects named like the entity's fields, for reads that skip entity hydration
 * (a verify walks a million rows). Aliases are quoted by TypeORM, so both engines return camelCase.
 */
export function auditRows(m: EntityManager, alias = 'a'): SelectQueryBuilder<AuditEntryRecord> {
  const qb = m.createQueryBuilder(AuditEntryEntity, alias).select(`${alias}.seq`, 'seq');
  for (const f of FIELDS.slice(1)) qb.addSelect(`${alias}.${f}`, f);
  return qb;
}
