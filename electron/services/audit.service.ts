import { likeEscape } from '../db/sql-where';
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { currentCallOrigin } from '../core/call-origin';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import type { AuditRow, AuditVerifyResult } from '../../shared/contract/audit.contract';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { AuditEntryEntity, type AuditEntryRecord } from '../db/entities/audit-entry.entity';
import { UserEntity } from '../db/entities/user.entity';
import { AuditChainHeadEntity, AuditHeadEntity, AuditOutboxEntity, VaultSecretEntity } from '../db/entities/audit-support.entity';
import { keyId, signText, verifyText } from '../vault/user-keys';
import { auditSignBody, GrantState, headBody, type Grant, type TrustAnchors } from './audit-grants';
import { auditRows } from './audit-query';
import { SignaturePool } from './signature-pool';

export const GENESIS_HASH = '0'.repeat(64);
/** The entry a person's own append writes when their signed head no longer matches the trail. */
export const TRUNCATION_FOUND = 'audit.truncationFound';
/** How far a moved row is searched for its true position (only after a MAC failure). */
const REORDER_WINDOW = 64;
/**
 * Bounds of `seq` for open-ended walks: SQLite's integers are 64-bit (a forged row far below zero
 * must still be walked); PostgreSQL's column is int4 and refuses wider parameters.
 */
function seqBounds(db: Database): { min: number; max: number } {
  return dialectOf(db.ds).kind === 'postgres' ? { min: -2147483648, max: 2147483647 } : { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
}

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
  /** For GRANT_ACTIONS: the person's whole new standing, recorded in details.grant and signed. */
  grant?: Grant;
}

/** Who signs: the acting person's own key while they are signed in, else the system key for SYSTEM_ACTIONS. */
export interface AuditTrust {
  anchors(): TrustAnchors;
  /** Throws when nobody may sign this entry here (a programming error, never silently the system key). */
  keyFor(actor: string, action: string): { id: string; key: KeyObject; person: boolean };
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
    private readonly trust: AuditTrust,
  ) {}

  /** Signers whose stored head was compared with the trail since this opening (see append). */
  private readonly headsChecked = new Set<string>();

  /** Call inside the same transaction as the change it records, so both land or neither. */
  async append(m: EntityManager, e: AuditInput): Promise<AuditEntryRecord> {
    const signer = this.trust.keyFor(e.actor, e.action);
    // The engine serialises appends (a locked head row on PostgreSQL, the write transaction on
    // SQLite): any number of connections, processes or PCs, one chain with no forks or gaps.
    await dialectOf(m).lockAuditChain(m);
    // Checked once per signer per opening: while this process holds the folder (folder-lock.ts) no one
    // else can cut entries off, so later appends trust the head they wrote themselves.
    if (signer.person && e.action !== TRUNCATION_FOUND && !this.headsChecked.has(signer.id)) {
      const lost = await this.lostHead(m, signer.id);
      // Entries of theirs were cut off the end since they last wrote: recorded (signed by them) before
      // anything else, so moving their head forward cannot hide the cut. Marked checked only when
      // sound: if this transaction rolls back, the next append looks again.
      if (lost) await this.append(m, { actor: e.actor, action: TRUNCATION_FOUND, details: lost });
      else this.headsChecked.add(signer.id);
    }
    return this.appendSigned(m, e, signer);
  }

  private async appendSigned(m: EntityManager, e: AuditInput, signer: ReturnType<AuditTrust['keyFor']>): Promise<AuditEntryRecord> {
    // Read under the chain's lock: the newest committed entry, whoever wrote it.
    const last = await m.createQueryBuilder(AuditEntryEntity, 'a').select(['a.seq', 'a.hmac']).orderBy('a.seq', 'DESC').limit(1).getOne();
    const row: AuditEntryRecord = {
      seq: (last?.seq ?? 0) + 1,
      at: this.nowIso(),
      actor: e.actor,
      action: e.action,
      subject: e.subject ?? null,
      details: canonicalJson(withClient(e.grant ? { ...e.details, grant: e.grant } : (e.details ?? {}))),
      prevHash: last?.hmac ?? GENESIS_HASH,
      hmac: '',
      signer: signer.id,
      sig: null,
      grantKey: e.grant ? keyId(e.grant.signPublic) : null,
    };
    row.hmac = this.mac(row);
    row.sig = signText(signer.key, auditSignBody(row));
    await m.insert(AuditEntryEntity, row);
    await m.update(AuditChainHeadEntity, { id: 1 }, { seq: row.seq, hmac: row.hmac });
    // Each person's newest entry, signed by them: removing entries off the end leaves a head pointing at nothing.
    if (signer.person) {
      const sig = signText(signer.key, headBody(signer.id, row.seq, row.hmac));
      await m.upsert(AuditHeadEntity, { signer: signer.id, seq: row.seq, hash: row.hmac, sig }, ['signer']);
    }
    return row;
  }

  /** A signer's head that no longer matches the trail: what was lost, or null. */
  private async lostHead(m: EntityManager, signer: string): Promise<Record<string, unknown> | null> {
    const head = await m.findOneBy(AuditHeadEntity, { signer });
    if (!head) return (await m.existsBy(AuditEntryEntity, { signer })) ? { lostSeq: null, why: 'head missing' } : null;
    const at = await m.findOne(AuditEntryEntity, { select: ['seq', 'hmac'], where: { seq: head.seq } });
    return at && at.hmac === head.hash ? null : { lostSeq: head.seq, lostHash: head.hash, headSig: head.sig };
  }

  /**
   * Writes the entries migrations left in `audit_outbox` (they run before the audit key is known)
   * into the chain and empties the outbox, in the caller's transaction: each lands exactly once.
   */
  async flushOutbox(m: EntityManager): Promise<number> {
    const rows = await m.find(AuditOutboxEntity, { order: { seq: 'ASC' } });
    for (const r of rows)
      await this.append(m, { actor: r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details) as Record<string, unknown> });
    if (rows.length)
      await m.delete(
        AuditOutboxEntity,
        rows.map((r) => r.seq),
      );
    return rows.length;
  }

  /** True when a migration left entries to write (checked before opening a write transaction). */
  async outboxPending(): Promise<boolean> {
    return this.db.manager.exists(AuditOutboxEntity);
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
    let after = seqBounds(this.db).min;
    for (;;) {
      const rows = await auditRows(this.db.manager)
        .where('a.seq > :after AND a.at >= :fromIso AND a.at < :toIso', { after, fromIso, toIso })
        .orderBy('a.seq')
        .limit(page)
        .getRawMany<AuditEntryRecord>();
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].seq;
    }
  }

  /** The newest entry, or null for an empty trail: what a printed checkpoint records. */
  async latest(): Promise<AuditEntryRecord | null> {
    return (await auditRows(this.db.manager).orderBy('a.seq', 'DESC').limit(1).getRawOne<AuditEntryRecord>()) ?? null;
  }

  /**
   * Does the trail still hold exactly the entry a checkpoint recorded, with a sound chain up to it?
   * Truncation shows as a missing entry; a rewritten chain (even one re-MACed with the key) shows as
   * a different hash at that sequence; an edit, deletion, insertion or move before it breaks the walk.
   */
  async checkAgainst(seq: number, hash: string): Promise<{ found: boolean; hashMatches: boolean; chain: AuditVerifyResult; latestSeq: number }> {
    const at = await this.db.manager.findOne(AuditEntryEntity, { select: ['seq', 'hmac'], where: { seq } });
    const found = at !== null;
    const hashMatches = found && safeEq(at.hmac, hash);
    const chain = await this.verify(seq);
    const latestSeq = (await this.latest())?.seq ?? 0;
    return { found, hashMatches, chain, latestSeq };
  }

  /**
   * Walks the chain (all of it, or up to `upToSeq`) in pages; names the first broken entry and what
   * happened to it. Each entry must also carry a signature by a key that may write it (audit-grants.ts);
   * a full walk then checks each signer's signed head and that the users table holds exactly what
   * the signed grants say. Raw rows, not entities: 1M entries in under a minute on two cores.
   */
  async verify(upToSeq?: number): Promise<AuditVerifyResult> {
    return this.walk({ after: null, upToSeq, state: new GrantState(this.trust.anchors()) });
  }

  /**
   * Verifies only what was written since the last checkpoint a verifier signed (see saveCheckpoint):
   * the grants before it are replayed and the checkpoint's entry must still hold the hash it signed.
   * Falls back to a full walk when there is no checkpoint or it does not hold.
   */
  async verifySinceCheckpoint(): Promise<AuditVerifyResult> {
    const cp = await this.checkpoint();
    if (!cp) return this.verify();
    const state = new GrantState(this.trust.anchors());
    // The grant_key index, not a walk of every row (ordered here: a handful of rows).
    const grants: AuditEntryRecord[] = (await auditRows(this.db.manager).where("a.grantKey > ''").getRawMany<AuditEntryRecord>())
      .filter((g: AuditEntryRecord) => g.seq <= cp.seq)
      .sort((a: AuditEntryRecord, b: AuditEntryRecord) => a.seq - b.seq);
    for (const g of grants) if (state.apply(g)) return this.verify();
    const at = await auditRows(this.db.manager).where('a.seq = :seq', { seq: cp.seq }).getRawMany<AuditEntryRecord>();
    const holder = state.everKeyOf(cp.signer);
    const sound =
      at.length === 1 &&
      safeEq(at[0].hmac, cp.hash) &&
      holder !== null &&
      ['admin', 'auditor'].includes(holder.grant.role) &&
      verifyText(holder.key, headBody(cp.signer, cp.seq, cp.hash), cp.sig);
    if (!sound) return this.verify();
    return this.walk({ after: at[0], upToSeq: undefined, state });
  }

  /** Records, signed by the verifier, that the trail was sound up to `r.lastSeq`. */
  async saveCheckpoint(actor: string, r: AuditVerifyResult): Promise<void> {
    if (!r.ok || !r.lastHash) return;
    const signer = this.trust.keyFor(actor, 'audit.verify');
    if (!signer.person) return;
    const value = JSON.stringify({
      seq: r.lastSeq,
      hash: r.lastHash,
      signer: signer.id,
      sig: signText(signer.key, headBody(signer.id, r.lastSeq, r.lastHash)),
    });
    await this.db.write(async (m) => {
      await m.delete(VaultSecretEntity, { name: 'audit-verified' });
      await m.insert(VaultSecretEntity, { name: 'audit-verified', value });
    });
  }

  private async checkpoint(): Promise<{ seq: number; hash: string; signer: string; sig: string } | null> {
    const row = await this.db.manager.findOneBy(VaultSecretEntity, { name: 'audit-verified' });
    try {
      return row ? (JSON.parse(row.value) as { seq: number; hash: string; signer: string; sig: string }) : null;
    } catch {
      return null;
    }
  }

  private async walk(o: { after: AuditEntryRecord | null; upToSeq: number | undefined; state: GrantState }): Promise<AuditVerifyResult> {
    const page = 20000;
    const last = o.upToSeq ?? seqBounds(this.db).max;
    // One row more than the page, so the last row of a page is classified knowing its successor.
    const fetch = (after: number): Promise<AuditEntryRecord[]> =>
      auditRows(this.db.manager)
        .where('a.seq > :after AND a.seq <= :last', { after, last })
        .orderBy('a.seq')
        .limit(page + 1)
        .getRawMany<AuditEntryRecord>();
    let prev: AuditEntryRecord | null = o.after;
    let checked = 0;
    const fromSeq = o.after ? o.after.seq + 1 : undefined;
    const result = (bad: Pick<AuditVerifyResult, 'firstBadSeq' | 'problem' | 'why'> | null): AuditVerifyResult => ({
      ok: !bad,
      checked,
      lastSeq: prev?.seq ?? 0,
      lastHash: prev?.hmac ?? null,
      firstBadSeq: null,
      problem: null,
      why: null,
      ...(fromSeq ? { fromSeq } : {}),
      ...bad,
    });
    // Start below zero: a forged row with seq <= 0 must be walked and named, not skipped.
    let pending = fetch(o.after?.seq ?? seqBounds(this.db).min);
    // Signatures of full pages are checked on worker threads (all cores); small walks stay here.
    let pool: SignaturePool | null = null;
    let publicOf: ((signer: string) => string | undefined) | null = null;
    try {
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
        if (more && !pool) {
          pool = new SignaturePool();
          publicOf = await this.signingKeysById();
        }
        const sigs = pool && publicOf ? await pool.check(rows.slice(0, n), publicOf) : null;
        for (let i = 0; i < n; i++) {
          const row = rows[i];
          const sound = row.seq === (prev?.seq ?? 0) + 1 && row.prevHash === (prev?.hmac ?? GENESIS_HASH) && this.macOk(row, row.seq);
          if (!sound) {
            const bad = await this.classify(row, prev, rows[i + 1] ?? null);
            if (bad) return result(bad);
          }
          const grantBad = o.state.apply(row, sigs?.[i]);
          if (grantBad) return result({ firstBadSeq: row.seq, ...grantBad });
          if (row.action === TRUNCATION_FOUND) return result(truncationFound(row));
          prev = row;
          checked++;
        }
        if (!more) break;
      }
    } finally {
      await pool?.close();
    }
    if (o.upToSeq === undefined) {
      const endBad = (await this.checkHeads(o.state)) ?? (await this.checkUsers(o.state));
      if (endBad) return result(endBad);
    }
    return result(null);
  }

  /** Which public key each signer id names: the anchors' and every key a grant entry ever gave. */
  private async signingKeysById(): Promise<(signer: string) => string | undefined> {
    const a = this.trust.anchors();
    const map = new Map<string, string>();
    for (const k of [a.founderSignPublic, a.systemSignPublic, a.recoverySignPublic]) map.set(keyId(k), k);
    const rows = await this.db.manager
      .createQueryBuilder(AuditEntryEntity, 'a')
      .select('a.details', 'details')
      .where("a.grantKey > ''")
      .getRawMany<{ details: string }>();
    for (const r of rows) {
      try {
        const k = (JSON.parse(r.details) as { grant?: { signPublic?: unknown } }).grant?.signPublic;
        if (typeof k === 'string') map.set(keyId(k), k);
      } catch {
        // A damaged grant is named by the walk itself.
      }
    }
    return (signer) => map.get(signer);
  }

  /** Every person who signed has a signed head at their newest entry; a cut-off end leaves one dangling. */
  private async checkHeads(state: GrantState): Promise<Pick<AuditVerifyResult, 'firstBadSeq' | 'problem' | 'why'> | null> {
    const heads = await this.db.manager.find(AuditHeadEntity);
    // Each signer's newest entry by an index seek (signer, seq): a day's quick verify must not scan 1M rows.
    const newest: { signer: string; seq: number; hmac: string }[] = [];
    for (const signer of new Set([...heads.map((h) => h.signer), ...state.everKeyIds()])) {
      const row = await this.db.manager
        .createQueryBuilder(AuditEntryEntity, 'a')
        .select('a.seq', 'seq')
        .addSelect('a.hmac', 'hmac')
        .where('a.signer = :signer', { signer })
        .orderBy('a.seq', 'DESC')
        .limit(1)
        .getRawOne<{ seq: number; hmac: string }>();
      if (row) newest.push({ signer, ...row });
    }
    const byId = new Map(heads.map((h) => [h.signer, h]));
    for (const h of heads) {
      const holder = state.everKeyOf(h.signer);
      const entry = newest.find((x) => x.signer === h.signer);
      const name = holder?.grant.username ?? h.signer;
      if (!holder || !verifyText(holder.key, headBody(h.signer, h.seq, h.hash), h.sig)) {
        return { firstBadSeq: h.seq, problem: 'forged', why: { zh: `“${name}”的签名头无效。`, en: `The signed head of "${name}" is not valid.` } };
      }
      if (!entry || entry.seq !== h.seq || !safeEq(entry.hmac, h.hash)) {
        return {
          firstBadSeq: entry ? entry.seq + 1 : h.seq,
          problem: 'truncated',
          why: {
            zh: `“${name}”签名确认的最后一条记录（第 ${h.seq} 条）已不在审计链中：末尾记录被删除。`,
            en: `The last entry "${name}" signed (no. ${h.seq}) is gone from the trail: entries were cut off its end.`,
          },
        };
      }
    }
    for (const e of newest) {
      if (!state.isPersonKey(e.signer) || byId.has(e.signer)) continue;
      const name = state.everKeyOf(e.signer)?.grant.username ?? e.signer;
      return {
        firstBadSeq: e.seq,
        problem: 'truncated',
        why: { zh: `“${name}”的签名头缺失，无法确认其记录完整。`, en: `The signed head of "${name}" is missing; their entries cannot be shown complete.` },
      };
    }
    return null;
  }

  /** The users table must say exactly what the signed grants say: a role set behind the app's back shows here. */
  private async checkUsers(state: GrantState): Promise<Pick<AuditVerifyResult, 'firstBadSeq' | 'problem' | 'why'> | null> {
    const users = await this.db.manager.find(UserEntity, { select: ['id', 'username', 'role', 'active'] });
    const granted = state.users();
    for (const u of users) {
      const g = granted.get(u.id);
      if (!g || g.username !== u.username || g.role !== u.role || g.active !== Boolean(u.active)) {
        return {
          firstBadSeq: null,
          problem: 'grantMismatch',
          why: {
            zh: `用户“${u.username}”在用户表中的角色或状态（${u.role}${u.active ? '' : '，已停用'}）没有经管理员签名的授权记录${g ? `（签名授权为 ${g.role}${g.active ? '' : '，已停用'}）` : ''}。`,
            en: `User "${u.username}" has a role or state in the users table (${u.role}${u.active ? '' : ', disabled'}) that no administrator signed${g ? ` (signed: ${g.role}${g.active ? '' : ', disabled'})` : ''}.`,
          },
        };
      }
    }
    return null;
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
      row.prevHash === GENESIS_HASH ? [{ seq: 0 }] : await this.db.manager.find(AuditEntryEntity, { select: ['seq'], where: { hmac: row.prevHash } });
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

/** A signed record that entries were cut off the end before this point: the trail stays marked. */
function truncationFound(row: AuditEntryRecord): Pick<AuditVerifyResult, 'firstBadSeq' | 'problem' | 'why'> {
  const lostSeq = (JSON.parse(row.details) as { lostSeq?: number | null }).lostSeq ?? null;
  return {
    firstBadSeq: lostSeq ?? row.seq,
    problem: 'truncated',
    why: {
      zh: `“${row.actor}”再次写入时发现其最后一条记录${lostSeq ? `（第 ${lostSeq} 条）` : ''}已不在审计链中：末尾记录曾被删除（第 ${row.seq} 条记下此事）。`,
      en: `When "${row.actor}" wrote again, their last entry${lostSeq ? ` (no. ${lostSeq})` : ''} was gone from the trail: entries had been cut off the end (entry ${row.seq} records it).`,
    },
  };
}

function safeEq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An entry written while an office-server request runs names the client it came from (call-origin.ts). */
function withClient(details: Record<string, unknown>): Record<string, unknown> {
  const origin = currentCallOrigin();
  return origin ? { ...details, client: origin.name ? { address: origin.address, name: origin.name } : { address: origin.address } } : details;
}
