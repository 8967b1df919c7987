import type { EntityManager } from 'typeorm';
import type { AccessRequestRow } from '../../shared/contract/lookups.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import type { Database } from '../db/database';
import { AccessRequestEntity } from '../db/entities';
import type { AccessRequestRow as AccessRequestDb } from '../db/entities/access-request.entity';
import type { AuditService } from './audit.service';
import type { Actor } from './structure.service';

/**
 * 查阅须经授权: look-ups of a household with a discreet tag (or of a record marked sensitive)
 * need a keeper's approval before a look-up clerk may open them; approvals expire.
 * Keepers and administrators are the approvers themselves: their look-ups are audited, not held.
 */
export class LookupsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {}

  /** The approval scope of a subject, or null when it is not sensitive. */
  async scopeOf(subject: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [kind, id] = subject.split(':');
    let householdId: string | null = null;
    if (kind === 'household') householdId = id;
    if (kind === 'resident') householdId = (await m.query('SELECT household_id FROM residents WHERE id = ?', [id]))[0]?.household_id ?? null;
    if (kind === 'record') {
      const r: { household_id: string | null; sensitivity: string }[] = await m.query('SELECT household_id, sensitivity FROM archive_records WHERE id = ?', [
        id,
      ]);
      if (!r[0]) return null;
      if (r[0].household_id && (await this.discreet(m, r[0].household_id))) return `household:${r[0].household_id}`;
      return r[0].sensitivity === 'sensitive' ? `record:${id}` : null;
    }
    return householdId && (await this.discreet(m, householdId)) ? `household:${householdId}` : null;
  }

  /** Throws APPROVAL_REQUIRED unless the caller may open `subject` now. */
  async assertMayOpen(actor: Actor, role: Role, subject: string): Promise<void> {
    const st = await this.status(actor, role, subject);
    if (!st.allowed) {
      // Refused attempts are part of "who tried to look at this resident".
      await this.audit.record({ actor: actor.username, action: 'lookup.refused', subject, details: { reason: '未经批准', reasonEn: 'approval required' } });
      throw new AppError('APPROVAL_REQUIRED');
    }
  }

  async status(actor: Actor, role: Role, subject: string): Promise<{ sensitive: boolean; allowed: boolean; expiresAt: string | null }> {
    const scope = await this.scopeOf(subject);
    if (!scope) return { sensitive: false, allowed: true, expiresAt: null };
    if (role === 'admin' || role === 'keeper') return { sensitive: true, allowed: true, expiresAt: null };
    const rows: { expires_at: string }[] = await this.db.manager.query(
      "SELECT expires_at FROM access_requests WHERE requester = ? AND scope = ? AND status = 'approved' AND expires_at > ? ORDER BY expires_at DESC LIMIT 1",
      [actor.username, scope, this.deps.nowIso()],
    );
    return { sensitive: true, allowed: rows.length > 0, expiresAt: rows[0]?.expires_at ?? null };
  }

  async request(actor: Actor, subject: string, purpose: string): Promise<AccessRequestRow> {
    const scope = (await this.scopeOf(subject)) ?? subject;
    return this.db.write(async (m) => {
      const row = {
        id: this.deps.newId(),
        requester: actor.username,
        scope,
        subject,
        purpose,
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        expiresAt: null,
        note: null,
        createdAt: this.deps.nowIso(),
      };
      await m.insert(AccessRequestEntity, row);
      await this.audit.append(m, { actor: actor.username, action: 'lookup.request', subject, details: { requestId: row.id, scope, purpose } });
      return { ...row, subjectLabel: null, scopeLabel: null } as AccessRequestRow;
    });
  }

  async mine(actor: Actor): Promise<AccessRequestRow[]> {
    return this.labelled(await this.db.manager.find(AccessRequestEntity, { where: { requester: actor.username }, order: { createdAt: 'DESC' }, take: 100 }));
  }

  async pending(): Promise<AccessRequestRow[]> {
    return this.labelled(await this.db.manager.find(AccessRequestEntity, { where: { status: 'pending' }, order: { createdAt: 'ASC' } }));
  }

  /** What the request is about, readable: the resident's name or the record's 档号 and 题名, and the scope it opens. */
  private async labelled(rows: AccessRequestDb[]): Promise<AccessRequestRow[]> {
    const m = this.db.manager;
    const name = async (ref: string): Promise<string | null> => {
      const [kind, id] = ref.split(':');
      if (kind === 'resident') return (await m.query('SELECT name FROM residents WHERE id = ?', [id]))[0]?.name ?? null;
      if (kind === 'household') return (await m.query('SELECT address FROM households WHERE id = ?', [id]))[0]?.address ?? null;
      if (kind === 'record') {
        const r = (await m.query('SELECT archive_no, title FROM archive_records WHERE id = ?', [id]))[0];
        return r ? `${r.archive_no} ${r.title}` : null;
      }
      return null;
    };
    return Promise.all(rows.map(async (r) => ({ ...r, subjectLabel: await name(r.subject), scopeLabel: await name(r.scope) }) as AccessRequestRow));
  }

  async decide(actor: Actor, id: string, approve: boolean, hours: number, note?: string): Promise<AccessRequestRow> {
    return this.db.write(async (m) => {
      const r = await m.findOneBy(AccessRequestEntity, { id });
      if (!r || r.status !== 'pending') throw new AppError('NOT_FOUND', ERR.review.noPendingLookup);
      if (r.requester === actor.username) throw new AppError('FORBIDDEN', ERR.review.ownLookup);
      const now = this.deps.nowIso();
      const decided = {
        ...r,
        status: approve ? 'approved' : 'denied',
        decidedBy: actor.username,
        decidedAt: now,
        expiresAt: approve ? new Date(Date.parse(now) + hours * 3_600_000).toISOString() : null,
        note: note ?? null,
      };
      await m.save(AccessRequestEntity, decided);
      await this.audit.append(m, {
        actor: actor.username,
        action: approve ? 'lookup.approve' : 'lookup.deny',
        subject: r.subject,
        details: { requestId: id, requester: r.requester, expiresAt: decided.expiresAt },
      });
      return { ...decided, subjectLabel: null, scopeLabel: null } as AccessRequestRow;
    });
  }

  private async discreet(m: EntityManager, householdId: string): Promise<boolean> {
    const r: unknown[] = await m.query('SELECT 1 FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id = ? AND t.discreet = 1 LIMIT 1', [
      householdId,
    ]);
    return r.length > 0;
  }
}
