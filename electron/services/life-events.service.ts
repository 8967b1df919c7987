import { createHash } from 'node:crypto';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import type { LifeEventInput, LifeEventRow } from '../../shared/contract/life-events.contract';
import {
  clockEventsStartedBy,
  eventDateRefusal,
  headAfterLeaving,
  LIFE_EVENT_KINDS,
  mergeRefusal,
  residentEventRefusal,
  splitRefusal,
  statusAfter,
  type LifeEventKind,
  type ResidentEventKind,
  type ResidentStatus,
} from '../../shared/domain/life-events';
import type { Bilingual } from '../../shared/domain/retention';
import { AppError } from '../../shared/errors';
import { ERR, onField } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, HouseholdEntity, LifeEventEntity, LifeEventLinkEntity, ResidentEntity } from '../db/entities';
import type { HouseholdRecord } from '../db/entities/household.entity';
import type { LifeEventRecord } from '../db/entities/life-event.entity';
import type { ResidentRecord } from '../db/entities/resident.entity';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import type { HouseholdsService } from './households.service';
import type { Actor } from './actor';

type ResState = { householdId: string; status: string; statusOn: string | null; relationToHead: string | null };
type HhState = { headResidentId: string | null; status: string };
/** Before or after an event: the residents and households it touched, and the record clocks it set. */
interface Snapshot {
  residents: Record<string, ResState>;
  households: Record<string, HhState>;
  clocks: Record<string, string | null>;
}

/** The trail's action per kind (words in shared/domain/audit-actions.ts). */
const AUDIT: Record<LifeEventKind, { action: string }> = {
  move_in: { action: 'resident.moveIn' },
  move_out: { action: 'resident.moveOut' },
  death: { action: 'resident.death' },
  death_revoked: { action: 'resident.deathRevoked' },
  transfer: { action: 'resident.transfer' },
  set_head: { action: 'household.setHead' },
  split: { action: 'household.split' },
  merge: { action: 'household.merge' },
};
export const LIFE_EVENT_AUDIT_ACTIONS: readonly string[] = LIFE_EVENT_KINDS.map((k) => AUDIT[k].action);

const refuse = (w: Bilingual, path?: string): never => {
  throw new AppError(path ? 'VALIDATION' : 'CONFLICT', path ? onField(path, w) : w);
};

/**
 * 迁入, 迁出, 死亡注销, 调户, 设为户主, 分户, 合户 as events: each one a life_events row (who, when,
 * what, before, after) linked to the residents and households it touched, written in the caller's
 * transaction with its audit entry. Departed residents keep their household link and archive; the
 * event date starts the retention clocks waiting for it. Nothing here edits an earlier event.
 */
export class LifeEventsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly households: HouseholdsService,
    private readonly calendar: ArchiveCalendar,
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {}

  /** The checks alone (for a proposal going to review): throws what `apply` would refuse. */
  async check(d: LifeEventInput): Promise<void> {
    await this.run(this.db.manager, null, d, null);
  }

  async apply(m: EntityManager, actor: Actor, d: LifeEventInput, proposedBy: string | null = null): Promise<LifeEventRow> {
    return (await this.run(m, actor, d, proposedBy))!;
  }

  async list(subject: string): Promise<LifeEventRow[]> {
    const rows = await eventsOf(this.db.manager, subject).orderBy('e.seq', 'ASC').getMany();
    return rows.map(toRow);
  }

  /** With no actor: checks only, writes nothing. */
  private async run(m: EntityManager, actor: Actor | null, d: LifeEventInput, proposedBy: string | null): Promise<LifeEventRow | null> {
    const today = await this.calendar.today(m);
    const snap = new Snapshots(m);
    let counterOf: string | null = null;
    let subject: string;
    let details: Record<string, unknown> = { note: d.note };

    if (d.kind === 'split' || d.kind === 'merge') {
      const source = await household(m, d.householdId);
      subject = `household:${source.id}`;
      await this.checkDate(m, d.on, today, [subject]);
      if (d.kind === 'split') {
        const members = await activeMembers(m, source.id);
        const r = splitRefusal({ activeMemberIds: members.map((x) => x.id), chosen: d.memberIds, headId: d.headId });
        if (r) refuse(r, 'memberIds');
        if (source.status !== 'active') refuse(ERR.lifeEvents.householdMerged);
        if (!actor) return null;
        await snap.takeBefore(d.memberIds, [source.id]);
        const created = await this.households.applyCreate(m, actor, {
          unitId: d.unitId,
          room: d.room,
          residenceType: d.residenceType,
          tagIds: [],
          note: null,
        });
        for (const id of d.memberIds) {
          await m.update(
            ResidentEntity,
            { id },
            { householdId: created.id, ...(id === d.headId ? { relationToHead: '户主' } : {}), updatedAt: this.deps.nowIso() },
          );
        }
        await m.update(HouseholdEntity, { id: created.id }, { headResidentId: d.headId });
        await m.update(HouseholdEntity, { id: source.id }, { headResidentId: headAfterLeaving(source.headResidentId, d.memberIds) });
        snap.before.households[created.id] = { headResidentId: null, status: 'none' };
        details = { ...details, newHouseholdId: created.id, address: created.address, headId: d.headId, memberIds: d.memberIds };
        await snap.takeAfter();
      } else {
        const target = await household(m, d.intoHouseholdId);
        const r = mergeRefusal({ sourceId: source.id, targetId: target.id, sourceStatus: source.status, targetStatus: target.status });
        if (r) refuse(r, 'intoHouseholdId');
        if (!actor) return null;
        const members = await activeMembers(m, source.id);
        await snap.takeBefore(
          members.map((x) => x.id),
          [source.id, target.id],
        );
        for (const x of members) {
          // They join the other household under its head; the former head's 户主 no longer holds.
          await m.update(
            ResidentEntity,
            { id: x.id },
            { householdId: target.id, ...(x.relationToHead === '户主' ? { relationToHead: null } : {}), updatedAt: this.deps.nowIso() },
          );
        }
        await m.update(HouseholdEntity, { id: source.id }, { status: 'merged', headResidentId: null, updatedAt: this.deps.nowIso() });
        details = { ...details, intoHouseholdId: target.id, intoAddress: target.address, fromAddress: source.address, memberIds: members.map((x) => x.id) };
        await snap.takeAfter();
      }
    } else {
      const r = await resident(m, d.residentId);
      subject = `resident:${r.id}`;
      const kind: ResidentEventKind = d.kind;
      const refusal = residentEventRefusal(kind, r.status as ResidentStatus);
      if (refusal) refuse(refusal);
      await this.checkDate(m, d.on, today, [subject], r.birthDate);
      const home = await household(m, r.householdId);
      const nowIso = this.deps.nowIso();
      if (d.kind === 'move_in' || d.kind === 'transfer') {
        const target = await household(m, d.householdId);
        if (target.status !== 'active') refuse(ERR.lifeEvents.targetMerged, 'householdId');
        if (d.kind === 'transfer' && target.id === r.householdId) refuse(ERR.lifeEvents.alreadyHere, 'householdId');
        if (!actor) return null;
        await snap.takeBefore([r.id], [home.id, target.id]);
        if (d.kind === 'move_in') counterOf = await this.undoClocks(m, snap, r.id, 'move_out');
        await m.update(
          ResidentEntity,
          { id: r.id },
          {
            householdId: target.id,
            relationToHead: d.relationToHead,
            ...(d.kind === 'move_in' ? { status: 'active', statusOn: null, moveInDate: d.on } : {}),
            updatedAt: nowIso,
          },
        );
        if (home.id !== target.id) await m.update(HouseholdEntity, { id: home.id }, { headResidentId: headAfterLeaving(home.headResidentId, [r.id]) });
        // Entered as 户主 of a household without a head: they are its head (a head already there is changed by 设为户主).
        if (d.relationToHead === '户主' && !target.headResidentId) await m.update(HouseholdEntity, { id: target.id }, { headResidentId: r.id });
        details = { ...details, householdId: target.id, address: target.address, fromAddress: home.address, relationToHead: d.relationToHead };
      } else if (d.kind === 'set_head') {
        if (home.headResidentId === r.id) refuse(ERR.lifeEvents.alreadyHead);
        if (!actor) return null;
        const former = home.headResidentId ? await m.findOneBy(ResidentEntity, { id: home.headResidentId }) : null;
        await snap.takeBefore(former ? [r.id, former.id] : [r.id], [home.id]);
        await m.update(HouseholdEntity, { id: home.id }, { headResidentId: r.id, updatedAt: nowIso });
        await m.update(ResidentEntity, { id: r.id }, { relationToHead: '户主', updatedAt: nowIso });
        if (former?.relationToHead === '户主') await m.update(ResidentEntity, { id: former.id }, { relationToHead: null, updatedAt: nowIso });
        details = { ...details, householdId: home.id, formerHeadId: former?.id ?? null };
      } else {
        // 迁出, 死亡注销 and 撤销死亡注销 change the status; the resident stays linked to their household.
        if (!actor) return null;
        await snap.takeBefore([r.id], [home.id]);
        const status = statusAfter(kind);
        if (d.kind === 'death_revoked') counterOf = await this.undoClocks(m, snap, r.id, 'death');
        await m.update(ResidentEntity, { id: r.id }, { status, statusOn: status === 'active' ? null : d.on, updatedAt: nowIso });
        if (status !== 'active') {
          await m.update(HouseholdEntity, { id: home.id }, { headResidentId: headAfterLeaving(home.headResidentId, [r.id]) });
          await this.startClocks(m, snap, r.id, d.kind, d.on);
        }
        details = {
          ...details,
          householdId: home.id,
          address: home.address,
          ...(d.kind === 'move_out' ? { destination: d.destination } : {}),
          ...(d.kind === 'death_revoked' ? { reason: d.reason } : {}),
        };
      }
      await snap.takeAfter();
    }

    if (!actor) return null;
    // The order of recording from a locked counter (two writers never take the same number); the
    // first time it starts after the events already there.
    const seq = await dialectOf(m).nextNumber(m, 'life_events:seq', async () => {
      const top = await m.createQueryBuilder(LifeEventEntity, 'e').select('max(e.seq)', 'n').getRawOne<{ n: number | string | null }>();
      return Number(top?.n ?? 0) + 1;
    });
    const row: LifeEventRecord = {
      id: this.deps.newId(),
      seq,
      kind: d.kind,
      occurredOn: d.on,
      recordedAt: this.deps.nowIso(),
      recordedBy: actor.username,
      details: canonicalJson(details),
      beforeValues: canonicalJson(snap.before),
      afterValues: canonicalJson(snap.after),
      counterOf,
      proposedBy,
    };
    await m.insert(LifeEventEntity, row);
    const subjects = snap.subjects();
    await m.insert(
      LifeEventLinkEntity,
      subjects.map((s) => ({ eventId: row.id, subject: s })),
    );
    // The trail names the event, its date and whom it touched (by ID); the values (destination, address)
    // stay in life_events, bound to this entry by their hash, as change_history does for edits.
    await this.audit.append(m, {
      ...AUDIT[d.kind],
      actor: actor.username,
      subject,
      details: {
        eventId: row.id,
        occurredOn: d.on,
        counterOf,
        proposedBy,
        subjects,
        clocksStarted: Object.values(snap.after.clocks).filter(Boolean).length,
        valuesSha256: createHash('sha256')
          .update(row.details + '\u0000' + row.beforeValues + '\u0000' + row.afterValues)
          .digest('hex'),
      },
    });
    return toRow(row);
  }

  private async checkDate(m: EntityManager, on: string, today: string, subjects: string[], birthDate?: string | null): Promise<void> {
    const last = await m
      .createQueryBuilder(LifeEventEntity, 'e')
      .innerJoin(LifeEventLinkEntity.options.name, 'l', 'l.eventId = e.id')
      .select('max(e.occurredOn)', 'last')
      .where('l.subject IN (:...subjects)', { subjects })
      .getRawOne<{ last: string | null }>();
    const r = eventDateRefusal(on, { today, birthDate, lastEventOn: last?.last ?? null });
    if (r) refuse(r, 'on');
  }

  /** Starts the clocks of the resident's records that wait for this event (their clock date was empty). */
  private async startClocks(m: EntityManager, snap: Snapshots, residentId: string, kind: LifeEventKind, on: string): Promise<void> {
    const events = clockEventsStartedBy(kind);
    if (!events.length) return;
    const ids = await m.find(ArchiveRecordEntity, {
      select: ['id'],
      where: { residentId, clockEvent: In(events), clockEventOn: IsNull(), status: Not('destroyed') },
    });
    for (const { id } of ids) {
      await setClock(m, id, on);
      snap.before.clocks[id] = null;
      snap.after.clocks[id] = on;
    }
  }

  /** A counter-event takes back the clocks its event started (those still showing its date); returns that event's id. */
  private async undoClocks(m: EntityManager, snap: Snapshots, residentId: string, kind: 'move_out' | 'death'): Promise<string | null> {
    const prev = await eventsOf(m, `resident:${residentId}`).andWhere('e.kind = :kind', { kind }).orderBy('e.seq', 'DESC').getOne();
    if (!prev) return null;
    const started = (JSON.parse(prev.afterValues) as Snapshot).clocks ?? {};
    for (const [id, on] of Object.entries(started)) {
      if (on === null || !(await m.exists(ArchiveRecordEntity, { where: { id, clockEventOn: on, status: Not('destroyed') } }))) continue;
      await setClock(m, id, null);
      snap.before.clocks[id] = on;
      snap.after.clocks[id] = null;
    }
    return prev.id;
  }
}

/** Before/after state of everything an event touches, taken from the database. */
class Snapshots {
  readonly before: Snapshot = { residents: {}, households: {}, clocks: {} };
  readonly after: Snapshot = { residents: {}, households: {}, clocks: {} };
  private residentIds: string[] = [];
  private householdIds: string[] = [];

  constructor(private readonly m: EntityManager) {}

  async takeBefore(residentIds: string[], householdIds: string[]): Promise<void> {
    this.residentIds = [...new Set(residentIds)];
    this.householdIds = [...new Set(householdIds)];
    await this.take(this.before);
  }

  async takeAfter(): Promise<void> {
    // A household created by the event (分户) is in `after` only; find it through the residents.
    for (const id of this.residentIds) {
      const r = await this.m.findOneBy(ResidentEntity, { id });
      if (r && !this.householdIds.includes(r.householdId)) this.householdIds.push(r.householdId);
    }
    await this.take(this.after);
  }

  subjects(): string[] {
    return [...this.residentIds.map((id) => `resident:${id}`), ...this.householdIds.map((id) => `household:${id}`)];
  }

  private async take(into: Snapshot): Promise<void> {
    for (const id of this.residentIds) {
      const r = await this.m.findOneBy(ResidentEntity, { id });
      if (r) into.residents[id] = { householdId: r.householdId, status: r.status, statusOn: r.statusOn, relationToHead: r.relationToHead };
    }
    for (const id of this.householdIds) {
      const h = await this.m.findOneBy(HouseholdEntity, { id });
      if (h) into.households[id] = { headResidentId: h.headResidentId, status: h.status };
    }
  }
}

/** The events linked to `subject` (a timeline), as a query to narrow and order. */
function eventsOf(m: EntityManager, subject: string) {
  return m
    .createQueryBuilder(LifeEventEntity, 'e')
    .innerJoin(LifeEventLinkEntity.options.name, 'l', 'l.eventId = e.id')
    .where('l.subject = :subject', { subject });
}

/**
 * Sets a record's retention clock date. Not an edit of the record: its version stays (a keeper's
 * form open on it saves as before; the clock date is not on the form).
 */
async function setClock(m: EntityManager, id: string, on: string | null): Promise<void> {
  await m
    .createQueryBuilder()
    .update(ArchiveRecordEntity)
    .set({ clockEventOn: on, version: () => 'version' })
    .where('id = :id', { id })
    .execute();
}

async function resident(m: EntityManager, id: string): Promise<ResidentRecord> {
  const r = await m.findOneBy(ResidentEntity, { id });
  if (!r) throw new AppError('NOT_FOUND', ERR.residents.notFound);
  return r;
}

async function household(m: EntityManager, id: string): Promise<HouseholdRecord> {
  const h = await m.findOneBy(HouseholdEntity, { id });
  if (!h) throw new AppError('NOT_FOUND', ERR.households.notFound);
  return h;
}

async function activeMembers(m: EntityManager, householdId: string): Promise<ResidentRecord[]> {
  return m.findBy(ResidentEntity, { householdId, status: 'active' });
}

function toRow(r: LifeEventRecord): LifeEventRow {
  return {
    id: r.id,
    kind: r.kind as LifeEventKind,
    occurredOn: r.occurredOn,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
    details: JSON.parse(r.details) as Record<string, unknown>,
    before: JSON.parse(r.beforeValues) as Record<string, unknown>,
    after: JSON.parse(r.afterValues) as Record<string, unknown>,
    counterOf: r.counterOf,
    proposedBy: r.proposedBy,
  };
}
