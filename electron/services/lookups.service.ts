import { MoreThan, type EntityManager } from 'typeorm';
import type { AccessRequestRow } from '../../shared/contract/lookups.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import type { Database } from '../db/database';
import { AccessRequestEntity, ArchiveRecordEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, TagEntity } from '../db/entities';
import type { AccessRequestRow as AccessRequestDb } from '../db/entities/access-request.entity';
import type { AuditService } from './audit.service';
import type { Actor } from './actor';

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
    if (kind === 'resident') householdId = (await m.findOne(ResidentEntity, { select: ['householdId'], where: { id } }))?.householdId ?? null;
    if (kind === 'record') {
      const r = await m.findOne(ArchiveRecordEntity, { select: ['householdId', 'sensitivity'], where: { id } });
      if (!r) return null;
      if (r.householdId && (await this.discreet(m, r.householdId))) return `household:${r.householdId}`;
      return r.sensitivity === 'sensitive' ? `record:${id}` : null;
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
    const live = await this.db.manager.findOne(AccessRequestEntity, {
      select: ['expiresAt'],
      where: { requester: actor.username, scope, status: 'approved', expiresAt: MoreThan(this.deps.nowIso()) },
      order: { expiresAt: 'DESC' },
    });
    return { sensitive: true, allowed: !!live, expiresAt: live?.expiresAt ?? null };
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
      if (kind === 'resident') return (await m.findOne(ResidentEntity, { select: ['name'], where: { id } }))?.name ?? null;
      if (kind === 'household') return (await m.findOne(HouseholdEntity, { select: ['address'], where: { id } }))?.address ?? null;
      if (kind === 'record') {
        const r = await m.findOne(ArchiveRecordEntity, { select: ['archiveNo', 'title'], where: { id } });
        return r ? `${r.archiveNo} ${r.title}` : null;
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
    // The flag as a bound boolean: SQLite stores 1, PostgreSQL a boolean.
    return m
      .createQueryBuilder(HouseholdTagEntity, 'ht')
      .innerJoin(TagEntity.options.name, 't', 't.id = ht.tagId')
      .where('ht.householdId = :householdId AND t.discreet = :discreet', { householdId, discreet: true })
      .getExists();
  }
}
