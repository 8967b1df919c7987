import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { LifeEventInput } from '../../shared/contract/life-events.contract';
import { HouseholdInput, ResidentInput } from '../../shared/contract/register-fields';
import type { Database } from '../db/database';
import { PendingChangeEntity } from '../db/entities';
import type { PendingChangeRow } from '../db/entities/record.entity';
import type { AuditService } from './audit.service';
import type { ChangeHistory } from './change-history';
import type { HouseholdsService } from './households.service';
import type { LifeEventsService } from './life-events.service';
import type { ResidentsService } from './residents.service';
import type { StructureService } from './structure.service';
import { BatchEdit, GridMove } from '../../shared/contract/roster.contract';
import { applyBatch } from './roster-batch';
import type { Actor } from './actor';

/**
 * Pending review: grid workers' entries wait here and count only once a keeper (another
 * person) approves them; approval applies the stored values through the normal write path.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly households: HouseholdsService,
    private readonly residents: ResidentsService,
    private readonly deps: { newId: () => string; nowIso: () => string },
    private readonly history: ChangeHistory,
    private readonly lifeEvents: LifeEventsService,
    private readonly structure: StructureService,
  ) {}

  /**
   * A life event (迁出, 分户 …) waits here as entity 'life_event', op 'event', keyed by the resident
   * or household it concerns (`subject`); approval records it with the proposer named.
   */
  async propose(
    actor: Actor,
    entity: 'resident' | 'household' | 'life_event' | 'roster',
    op: 'create' | 'update' | 'event' | 'batch',
    entityId: string | null,
    after: unknown,
    subject?: string,
  ): Promise<string> {
    return this.db.write(async (m) => {
      const row: PendingChangeRow = {
        id: this.deps.newId(),
        entity,
        entityId: entityId ?? this.deps.newId(),
        op,
        after: JSON.stringify(after),
        proposedBy: actor.username,
        proposedAt: this.deps.nowIso(),
        status: 'pending',
        reviewedBy: null,
        reviewedAt: null,
        reviewNote: null,
      };
      await m.insert(PendingChangeEntity, row);
      await this.history.record(m, {
        actor: actor.username,
        action: 'review.propose',
        subject: subject ?? `${entity}:${row.entityId}`,
        after: after as Record<string, unknown>,
        extra: { pendingId: row.id, op },
      });
      return row.id;
    });
  }

  list(): Promise<PendingChangeRow[]> {
    return this.db.manager.find(PendingChangeEntity, { where: { status: 'pending' }, order: { proposedAt: 'ASC' } });
  }

  async approve(actor: Actor, id: string): Promise<void> {
    await this.db.write(async (m) => {
      const p = await this.pending(m, id, actor);
      const data = JSON.parse(p.after);
      if (p.entity === 'life_event') {
        await this.lifeEvents.apply(m, actor, LifeEventInput.parse(data), p.proposedBy);
      } else if (p.entity === 'roster') {
        // A batch is a patch on today's values, applied as each household and resident's own change.
        const { submitForReview: _r, ...b } = BatchEdit.parse(data);
        const move = data.gridMove === undefined ? undefined : GridMove.parse(data.gridMove);
        const s = { households: this.households, residents: this.residents, structure: this.structure, history: this.history, nowIso: this.deps.nowIso };
        await applyBatch(m, actor, b, s, move);
      } else if (p.entity === 'resident') {
        const d = ResidentInput.parse(data);
        await this.residents.check(m, d, p.op === 'update' ? p.entityId : null);
        if (p.op === 'create') await this.residents.applyCreate(m, actor, d, p.entityId);
        else await this.residents.applyUpdate(m, actor, p.entityId, d);
      } else {
        const d = HouseholdInput.parse(data);
        if (p.op === 'create') await this.households.applyCreate(m, actor, d, p.entityId);
        else await this.households.applyUpdate(m, actor, p.entityId, d);
      }
      await m.update(PendingChangeEntity, { id }, { status: 'approved', reviewedBy: actor.username, reviewedAt: this.deps.nowIso() });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'review.approve',
        subject: `${p.entity}:${p.entityId}`,
        details: { pendingId: id, proposedBy: p.proposedBy },
      });
    });
  }

  async reject(actor: Actor, id: string, note?: string): Promise<void> {
    await this.db.write(async (m) => {
      const p = await this.pending(m, id, actor);
      await m.update(PendingChangeEntity, { id }, { status: 'rejected', reviewedBy: actor.username, reviewedAt: this.deps.nowIso(), reviewNote: note ?? null });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'review.reject',
        subject: `${p.entity}:${p.entityId}`,
        details: { pendingId: id, note: note ?? null },
      });
    });
  }

  private async pending(m: Parameters<Parameters<Database['write']>[0]>[0], id: string, actor: Actor): Promise<PendingChangeRow> {
    const p = await m.findOneBy(PendingChangeEntity, { id });
    if (!p || p.status !== 'pending') throw new AppError('NOT_FOUND', ERR.review.noPending);
    if (p.proposedBy === actor.username) {
      throw new AppError('FORBIDDEN', ERR.review.ownChange);
    }
    return p;
  }
}
