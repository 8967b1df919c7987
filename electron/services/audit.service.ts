import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import type { AuditRow, AuditVerifyResult } from '../../shared/contract/audit.contract';
import type { Database } from '../db/database';
import { AuditEntryEntity, type AuditEntryRecord } from '../db/entities/audit-entry.entity';

export const GENESIS_HASH = '0'.repeat(64);
/** How far a moved row is searched for its true position (only after a MAC failure). */
const REORDER_WINDOW = 64;

export interface AuditInput {
  actor: string;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Append-only, hash-chained audit trail. Each row's HMAC (keyed by a sub-key of the vault key)
 * covers its content and the previous row's HMAC, so an edit, deletion, insertion or reordering
 * breaks the chain at a nameable row. Triggers in the DB refuse UPDATE and DELETE.
 */
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    private readonly nowIso: () => string,
  ) {}

  /** Call inside the same transaction as the change it records, so both land or neither. */
  async append(m: EntityManager, e: AuditInput): Promise<AuditEntryRecord> {
    const last: { seq: number; hmac: string }[] = await m.query('SELECT seq, hmac FROM audit_log ORDER BY seq DESC LIMIT 1');
    const row: AuditEntryRecord = {
      seq: (last[0]?.seq ?? 0) + 1,
      at: this.nowIso(),
      actor: e.actor,
      action: e.action,
      subject: e.subject ?? null,
      details: canonicalJson(e.details ?? {}),
      prevHash: last[0]?.hmac ?? GENESIS_HASH,
      hmac: '',
    };
    row.hmac = this.mac(row);
    await m.insert(AuditEntryEntity, row);
    return row;
  }

  /** Convenience for entries that stand alone (sign-in, sign-out). */
  record(e: AuditInput): Promise<AuditEntryRecord> {
    return this.db.write((m) => this.append(m, e));
  }

  async list(f: { actor?: string; action?: string; subject?: string; beforeSeq?: number; limit: number }): Promise<AuditRow[]> {
    const qb = this.db.manager.createQueryBuilder(AuditEntryEntity, 'a').orderBy('a.seq', 'DESC').limit(f.limit);
    if (f.actor) qb.andWhere('a.actor = :actor', { actor: f.actor });
    if (f.action) qb.andWhere('a.action LIKE :action', { action: `${f.action}%` });
    if (f.subject) qb.andWhere('a.subject = :subject', { subject: f.subject });
    if (f.beforeSeq) qb.andWhere('a.seq < :b', { b: f.beforeSeq });
    const rows = await qb.getMany();
    return rows.map(({ seq, at, actor, action, subject, details }) => ({ seq, at, actor, action, subject, details }));
  }

  /** Walks the whole chain in pages; names the first broken entry and what happened to it. */
  async verify(): Promise<AuditVerifyResult> {
    const page = 5000;
    let prev: AuditEntryRecord | null = null;
    let checked = 0;
    for (;;) {
      const rows: AuditEntryRecord[] = await this.db.manager
        .createQueryBuilder(AuditEntryEntity, 'a')
        .where('a.seq > :after', { after: prev?.seq ?? 0 })
        .orderBy('a.seq', 'ASC')
        .limit(page)
        .getMany();
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i++) {
        const bad = await this.classify(rows[i], prev, rows[i + 1] ?? null);
        if (bad) return { ok: false, checked, lastSeq: prev?.seq ?? 0, lastHash: prev?.hmac ?? null, ...bad };
        prev = rows[i];
        checked++;
      }
    }
    return { ok: true, checked, lastSeq: prev?.seq ?? 0, lastHash: prev?.hmac ?? null, firstBadSeq: null, problem: null };
  }

  /** null when the row continues the chain; otherwise the first bad position and the likely cause. */
  private async classify(
    row: AuditEntryRecord,
    prev: AuditEntryRecord | null,
    next: AuditEntryRecord | null,
  ): Promise<Pick<AuditVerifyResult, 'firstBadSeq' | 'problem'> | null> {
    const expectedPrev = prev?.hmac ?? GENESIS_HASH;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    const macOk = this.macOk(row, row.seq);
    if (macOk && row.prevHash === expectedPrev && row.seq === expectedSeq) return null;
    if (macOk) {
      // Authentic row, wrong predecessor: rows before it are missing.
      return row.seq > expectedSeq ? { firstBadSeq: expectedSeq, problem: 'deleted' } : { firstBadSeq: row.seq, problem: 'reordered' };
    }
    // Does the row's predecessor still exist somewhere in the trail?
    const linked: { seq: number }[] =
      row.prevHash === GENESIS_HASH ? [{ seq: 0 }] : await this.db.manager.query('SELECT seq FROM audit_log WHERE hmac = ?', [row.prevHash]);
    if (linked.length > 0) {
      // Authentic row, authentic predecessor, wrong position: the rows were moved.
      for (let d = 1; d <= REORDER_WINDOW; d++) {
        if (this.macOk(row, row.seq + d) || (row.seq - d > 0 && this.macOk(row, row.seq - d))) return { firstBadSeq: row.seq, problem: 'reordered' };
      }
    } else if (this.macOk(row, row.seq + 1)) {
      // Predecessor gone and later rows renumbered down to hide the gap.
      return { firstBadSeq: row.seq, problem: 'deleted' };
    }
    // A forged row the chain steps over: the next row still links to the one before it.
    if (next && (next.prevHash === expectedPrev || this.macOk(next, next.seq - 1))) return { firstBadSeq: row.seq, problem: 'inserted' };
    return { firstBadSeq: row.seq, problem: 'edited' };
  }

  private macOk(r: AuditEntryRecord, seq: number): boolean {
    return safeEq(this.mac({ ...r, seq }), r.hmac);
  }

  private mac(r: AuditEntryRecord): string {
    const body = canonicalJson([r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prevHash]);
    return createHmac('sha256', this.key).update(body).digest('hex');
  }
}

function safeEq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
