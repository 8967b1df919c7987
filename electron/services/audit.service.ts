import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import type { AuditRow, AuditVerifyResult } from '../../shared/contract/audit.contract';
import type { Database } from '../db/database';
import { AuditEntryEntity, type AuditEntryRecord } from '../db/entities/audit-entry.entity';

export const GENESIS_HASH = '0'.repeat(64);
/** How far a moved row is searched for its true position (only after a MAC failure). */
const REORDER_WINDOW = 64;

/** Raw columns in entity field names, for reads that skip entity hydration. */
const COLS = 'seq, at, actor, action, subject, details, prev_hash AS prevHash, hmac';

export interface AuditFilter {
  actor?: string;
  /** Prefix: "auth." matches every sign-in action. */
  action?: string;
  subject?: string;
  /** ISO timestamps, from inclusive, to exclusive. */
  fromIso?: string;
  toIso?: string;
  beforeSeq?: number;
  offset?: number;
  limit: number;
  /** Hex fingerprint of a search text (see search-fingerprint.ts): only searches for that text. */
  searchFingerprint?: string;
}

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

  /**
   * Writes the entries migrations left in `audit_outbox` (they run before the audit key is known)
   * into the chain and empties the outbox, in the caller's transaction: each lands exactly once.
   */
  async flushOutbox(m: EntityManager): Promise<number> {
    const rows: { seq: number; actor: string; action: string; subject: string | null; details: string }[] =
      await m.query('SELECT seq, actor, action, subject, details FROM audit_outbox ORDER BY seq');
    for (const r of rows) await this.append(m, { actor: r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details) as Record<string, unknown> });
    if (rows.length) await m.query('DELETE FROM audit_outbox');
    return rows.length;
  }

  /** True when a migration left entries to write (checked before opening a write transaction). */
  async outboxPending(): Promise<boolean> {
    const rows: { n: number | string }[] = await this.db.manager.query('SELECT count(*) AS n FROM audit_outbox');
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Convenience for entries that stand alone (sign-in, sign-out). */
  record(e: AuditInput): Promise<AuditEntryRecord> {
    return this.db.write((m) => this.append(m, e));
  }

  async list(f: AuditFilter): Promise<AuditRow[]> {
    const qb = this.db.manager.createQueryBuilder(AuditEntryEntity, 'a').orderBy('a.seq', 'DESC').limit(f.limit);
    if (f.actor) qb.andWhere('a.actor = :actor', { actor: f.actor });
    // LIKE with escaped wildcards: "auth.signIn" must not match "auth_signIn…" or treat % literally.
    if (f.action) qb.andWhere("a.action LIKE :action ESCAPE '\\'", { action: `${likeEscape(f.action)}%` });
    if (f.subject) qb.andWhere('a.subject = :subject', { subject: f.subject });
    if (f.fromIso) qb.andWhere('a.at >= :from', { from: f.fromIso });
    if (f.toIso) qb.andWhere('a.at < :to', { to: f.toIso });
    if (f.beforeSeq) qb.andWhere('a.seq < :b', { b: f.beforeSeq });
    if (f.searchFingerprint) qb.andWhere("a.action = 'search' AND a.details LIKE :fp", { fp: `%"queryFingerprint":"${f.searchFingerprint}"%` });
    if (f.offset) qb.offset(f.offset);
    const rows = await qb.getMany();
    return rows.map(toRow);
  }

  /** Rows in a time range, oldest first, in pages, for exports and reports (never all in memory at once). */
  async *range(fromIso: string, toIso: string, page = 5000): AsyncGenerator<AuditEntryRecord[]> {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows: AuditEntryRecord[] = await this.db.manager.query(
        `SELECT ${COLS} FROM audit_log WHERE seq > ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?`,
        [after, fromIso, toIso, page],
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].seq;
    }
  }

  /** The newest entry, or null for an empty trail: what a printed checkpoint records. */
  async latest(): Promise<AuditEntryRecord | null> {
    const rows: AuditEntryRecord[] = await this.db.manager.query(`SELECT ${COLS} FROM audit_log ORDER BY seq DESC LIMIT 1`);
    return rows[0] ?? null;
  }

  /**
   * Does the trail still hold exactly the entry a checkpoint recorded, with a sound chain up to it?
   * Truncation shows as a missing entry; a rewritten chain (even one re-MACed with the key) shows as
   * a different hash at that sequence; an edit, deletion, insertion or move before it breaks the walk.
   */
  async checkAgainst(seq: number, hash: string): Promise<{ found: boolean; hashMatches: boolean; chain: AuditVerifyResult; latestSeq: number }> {
    const at: { hmac: string }[] = await this.db.manager.query('SELECT hmac FROM audit_log WHERE seq = ?', [seq]);
    const found = at.length === 1;
    const hashMatches = found && safeEq(at[0].hmac, hash);
    const chain = await this.verify(seq);
    const latestSeq = (await this.latest())?.seq ?? 0;
    return { found, hashMatches, chain, latestSeq };
  }

  /**
   * Walks the chain (all of it, or up to `upToSeq`) in pages; names the first broken entry and what
   * happened to it. Raw rows, not entities, and a synchronous fast path: 1M entries in a few seconds.
   */
  async verify(upToSeq?: number): Promise<AuditVerifyResult> {
    const page = 20000;
    const last = upToSeq ?? Number.MAX_SAFE_INTEGER;
    // One row more than the page, so the last row of a page is classified knowing its successor.
    const fetch = (after: number): Promise<AuditEntryRecord[]> =>
      this.db.manager.query(`SELECT ${COLS} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, [after, last, page + 1]);
    let prev: AuditEntryRecord | null = null;
    let checked = 0;
    // Start below zero: a forged row with seq <= 0 must be walked and named, not skipped.
    let pending = fetch(Number.MIN_SAFE_INTEGER);
    for (;;) {
      const rows = await pending;
      if (rows.length === 0) break;
      const n = Math.min(rows.length, page);
      const more = rows.length > page;
      // Read the next page on the driver's thread while this one is checked on the main thread.
      if (more) {
        pending = fetch(rows[n - 1].seq);
        pending.catch(() => undefined); // an early return below must not leave an unhandled rejection
      }
      for (let i = 0; i < n; i++) {
        const row = rows[i];
        const sound = row.seq === (prev?.seq ?? 0) + 1 && row.prevHash === (prev?.hmac ?? GENESIS_HASH) && this.macOk(row, row.seq);
        if (!sound) {
          const bad = await this.classify(row, prev, rows[i + 1] ?? null);
          if (bad) return { ok: false, checked, lastSeq: prev?.seq ?? 0, lastHash: prev?.hmac ?? null, ...bad };
        }
        prev = row;
        checked++;
      }
      if (!more) break;
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
    return auditMac(this.key, r);
  }
}

/**
 * The bytes an entry's HMAC covers. canonicalJson of a flat array of strings, numbers and null is
 * exactly JSON.stringify of it; exported so the bench can build a real chain in bulk.
 */
export function auditMacBody(r: AuditEntryRecord): string {
  return JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prevHash]);
}

export function auditMac(key: Buffer, r: AuditEntryRecord): string {
  return createHmac('sha256', key).update(auditMacBody(r)).digest('hex');
}

export function toRow({ seq, at, actor, action, subject, details }: AuditEntryRecord): AuditRow {
  return { seq, at, actor, action, subject, details };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function safeEq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
