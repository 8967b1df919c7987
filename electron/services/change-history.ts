import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import type { ChangeEntry } from '../../shared/contract/register.contract';
import { changedFields } from '../../shared/domain/disclosure';
import type { Database } from '../db/database';
import { AuditEntryEntity, ChangeHistoryEntity } from '../db/entities';
import type { AuditService } from './audit.service';

type Snapshot = Record<string, unknown> | null | undefined;

/**
 * Register changes with their values, beside the audit trail. The audit entry names the changed
 * fields and carries `valuesSha256`, a salted hash of this row's values, so a value edited here
 * later no longer matches the signed entry — while the auditor, who reads the trail, never sees
 * a resident's phone, ID number or health note.
 */
export class ChangeHistory {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {}

  /** Stores the values and appends the audit entry, in the caller's transaction. */
  async record(
    m: EntityManager,
    e: { actor: string; action: string; subject: string; before?: Snapshot; after?: Snapshot; extra?: Record<string, unknown> },
  ): Promise<void> {
    const id = this.deps.newId();
    const salt = randomBytes(16).toString('hex');
    const changed = changedFields(e.before, e.after);
    const before = e.before ? canonicalJson(e.before) : null;
    const after = e.after ? canonicalJson(e.after) : null;
    await m.insert(ChangeHistoryEntity, {
      id,
      subject: e.subject,
      action: e.action,
      actor: e.actor,
      at: this.deps.nowIso(),
      changed: JSON.stringify(changed),
      beforeValues: before,
      afterValues: after,
      salt,
    });
    await this.audit.append(m, {
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      details: { ...e.extra, changed, historyId: id, valuesSha256: valuesHash(salt, before, after) },
    });
  }

  /** A subject's changes, newest first, with values and whether each still matches its audit entry. */
  async list(subject: string): Promise<ChangeEntry[]> {
    const m = this.db.manager;
    const rows = await m.find(ChangeHistoryEntity, { where: { subject }, order: { at: 'DESC', id: 'DESC' }, take: 200 });
    const sealed = await m
      .createQueryBuilder(AuditEntryEntity, 'a')
      .select('a.details', 'details')
      .where('a.subject = :subject', { subject })
      .andWhere('a.details LIKE :sealed', { sealed: '%"historyId"%' })
      .getRawMany<{ details: string }>();
    const hashes = new Map<string, string>();
    for (const s of sealed) {
      const d = JSON.parse(s.details) as { historyId?: string; valuesSha256?: string };
      if (d.historyId && d.valuesSha256) hashes.set(d.historyId, d.valuesSha256);
    }
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actor,
      at: r.at,
      changed: JSON.parse(r.changed) as string[],
      before: r.beforeValues ? (JSON.parse(r.beforeValues) as Record<string, unknown>) : null,
      after: r.afterValues ? (JSON.parse(r.afterValues) as Record<string, unknown>) : null,
      matchesAudit: hashes.get(r.id) === valuesHash(r.salt, r.beforeValues, r.afterValues),
    }));
  }
}

function valuesHash(salt: string, before: string | null, after: string | null): string {
  return createHash('sha256')
    .update(salt)
    .update('\u0000')
    .update(before ?? '')
    .update('\u0000')
    .update(after ?? '')
    .digest('hex');
}
