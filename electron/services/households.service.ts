import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import type { HouseholdRow, RegisterFilters } from '../../shared/contract/register.contract';
import { HouseholdInput } from '../../shared/contract/register-fields';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { BuildingEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, TagEntity, UnitEntity } from '../db/entities';
import { selectColumns } from '../db/select-columns';
import { likeEscape } from '../db/sql-where';
import type { HouseholdRecord } from '../db/entities/household.entity';
import type { ChangeHistory } from './change-history';
import { householdShield, shieldColumn, type Viewer } from './shield';
import { StructureService } from './structure.service';
import { readCursor, writeCursor } from './page-cursor';
import type { Actor } from './actor';

export type HouseholdData = z.output<typeof HouseholdInput> & { headResidentId?: string | null };

/** Households (户): address, residence type, head, colour tags. */
export class HouseholdsService {
  constructor(
    private readonly db: Database,
    private readonly structure: StructureService,
    private readonly newId: () => string,
    private readonly nowIso: () => string,
    private readonly history: ChangeHistory,
  ) {}

  /**
   * A clerk still sees a shielded household's place in the building (to ask for a look-up), but
   * not its members, head, tags or note; a filter by tag never finds it. Pages go by keyset in
   * reading order: `after` is the `next` of the page before (place key, id), so a street's last page
   * reads as few rows as its first; `offset` is honoured only without a cursor. `total` is counted
   * for the first page only (a page after a cursor says -1).
   */
  async list(
    f: RegisterFilters & { offset: number; limit: number; after?: string },
    viewer?: Viewer,
  ): Promise<{ rows: HouseholdRow[]; total: number; next: string | null }> {
    const m = this.db.manager;
    const d = dialectOf(m);
    const shield = householdShield(viewer, 'h.id', this.nowIso());
    const qb = m
      .createQueryBuilder()
      .from(HouseholdEntity, 'h')
      .innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
      .innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId');
    if (given(f.tagId) && shield) qb.andWhere(`NOT ${shield.sql}`, shield.params);
    if (given(f.unitId)) qb.andWhere('h.unitId = :unitId', { unitId: f.unitId });
    if (given(f.buildingId)) qb.andWhere('u.buildingId = :buildingId', { buildingId: f.buildingId });
    if (given(f.gridId)) qb.andWhere('b.gridId = :gridId', { gridId: f.gridId });
    if (given(f.tagId)) qb.andWhere('EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = h.id AND t.tag_id = :tagId)', { tagId: f.tagId });
    if (given(f.text)) qb.andWhere(d.likeAnyCase('h.address', 'text'), { text: `%${likeEscape(f.text ?? '')}%` });
    // Households closed by 合户 leave the list unless asked for ('all').
    if (f.status !== 'all') qb.andWhere("h.status = 'active'");
    const after = f.after ? readCursor(f.after, 2) : null;
    // Every active household: the dashboard's counter, not a count of the table.
    const everyone = ![f.unitId, f.buildingId, f.gridId, f.tagId, f.text].some(given) && f.status !== 'all';
    const count = async () => Number((await qb.clone().select('count(*)', 'n').getRawOne<{ n: number }>())?.n ?? 0);
    const n = after ? -1 : everyone ? ((await d.keptTotal(m, 'households')) ?? (await count())) : await count();
    // Both engines keep households.place_key (place-order.ts) in reading order; a range over the
    // keys lets the place index lead (without one SQLite scans and sorts every household).
    if (after) qb.andWhere('h.place_key >= :k0 AND (h.place_key, h.id) > (:k0, :k1)', { k0: after[0], k1: after[1] });
    else qb.andWhere('h.place_key >= :k0', { k0: '' });
    selectRow(qb, m, d.noIndex('r.status'))
      .addSelect('h.place_key', 'place_key')
      .addSelect(shieldColumn(shield), 'shielded')
      .setParameters(shield?.params ?? {})
      .orderBy('h.place_key, h.id')
      .limit(f.limit);
    if (!after && f.offset) qb.offset(f.offset);
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const last = rows.length === f.limit ? rows[rows.length - 1] : null;
    return {
      rows: (await this.withTags(m, rows.map(toRow))).map(withheld),
      total: n,
      next: last ? writeCursor([String(last.place_key), String(last.id)]) : null,
    };
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<HouseholdRow> {
    const qb = m.createQueryBuilder().from(HouseholdEntity, 'h').where('h.id = :id', { id });
    const row = await selectRow(qb, m, dialectOf(m).noIndex('r.status')).getRawOne<Record<string, unknown>>();
    if (!row) throw new AppError('NOT_FOUND', ERR.households.notFound);
    return (await this.withTags(m, [toRow(row)]))[0];
  }

  /** Registers a household in its own transaction (history and audit with it). */
  create(actor: Actor, d: HouseholdData): Promise<HouseholdRow> {
    return this.db.write((m) => this.applyCreate(m, actor, d));
  }

  /** Saves a household's form in its own transaction. */
  update(actor: Actor, id: string, d: HouseholdData): Promise<HouseholdRow> {
    return this.db.write((m) => this.applyUpdate(m, actor, id, d));
  }

  async applyCreate(m: EntityManager, actor: Actor, d: HouseholdData, id = this.newId()): Promise<HouseholdRow> {
    await this.assertTags(m, d.tagIds);
    await this.assertRoomFree(m, d.unitId, d.room, null);
    const now = this.nowIso();
    const rec: HouseholdRecord = {
      id,
      unitId: d.unitId,
      room: d.room,
      address: await this.structure.addressOf(m, d.unitId, d.room),
      residenceType: d.residenceType,
      headResidentId: null,
      note: d.note,
      reviewStatus: 'approved',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await m.insert(HouseholdEntity, rec);
    await this.setTags(m, id, d.tagIds);
    const after = await this.get(id, m);
    await this.history.record(m, { actor: actor.username, action: 'household.create', subject: `household:${id}`, after });
    return after;
  }

  async applyUpdate(m: EntityManager, actor: Actor, id: string, d: HouseholdData): Promise<HouseholdRow> {
    const before = await this.get(id, m);
    await this.assertTags(m, d.tagIds);
    await this.assertRoomFree(m, d.unitId, d.room, id);
    if (d.headResidentId) {
      const head = await m.findOneBy(ResidentEntity, { id: d.headResidentId });
      if (!head || head.householdId !== id) {
        throw new AppError('VALIDATION', ERR.households.headNotMember);
      }
    }
    await m.update(
      HouseholdEntity,
      { id },
      {
        unitId: d.unitId,
        room: d.room,
        address: await this.structure.addressOf(m, d.unitId, d.room),
        residenceType: d.residenceType,
        note: d.note,
        ...(d.headResidentId !== undefined ? { headResidentId: d.headResidentId } : {}),
        updatedAt: this.nowIso(),
      },
    );
    await this.setTags(m, id, d.tagIds);
    const after = await this.get(id, m);
    await this.history.record(m, { actor: actor.username, action: 'household.update', subject: `household:${id}`, before, after });
    return after;
  }

  private async withTags(m: EntityManager, rows: HouseholdRow[]): Promise<HouseholdRow[]> {
    if (rows.length === 0) return rows;
    const tags = await m
      .createQueryBuilder(HouseholdTagEntity, 'ht')
      .innerJoin(TagEntity.options.name, 't', 't.id = ht.tagId')
      .select('ht.householdId', 'household_id')
      .addSelect('ht.tagId', 'tag_id')
      .where('ht.householdId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .orderBy('t.order')
      .getRawMany<{ household_id: string; tag_id: string }>();
    const by = new Map<string, string[]>();
    for (const t of tags) by.set(t.household_id, [...(by.get(t.household_id) ?? []), t.tag_id]);
    return rows.map((r) => ({ ...r, tagIds: by.get(r.id) ?? [] }));
  }

  private async setTags(m: EntityManager, householdId: string, tagIds: string[]): Promise<void> {
    await m.delete(HouseholdTagEntity, { householdId });
    const unique = [...new Set(tagIds)];
    if (unique.length)
      await m.insert(
        HouseholdTagEntity,
        unique.map((tagId) => ({ householdId, tagId })),
      );
  }

  private async assertTags(m: EntityManager, tagIds: string[]): Promise<void> {
    for (const id of tagIds) {
      if (!(await m.findOneBy(TagEntity, { id }))) {
        throw new AppError('VALIDATION', ERR.households.unknownTag);
      }
    }
  }

  private async assertRoomFree(m: EntityManager, unitId: string, room: string, selfId: string | null): Promise<void> {
    const other = await m.findOneBy(HouseholdEntity, { unitId, room });
    if (other && other.id !== selfId) {
      throw new AppError('CONFLICT', ERR.households.roomTaken(room));
    }
  }
}

/**
 * Every column of households `h`, its head's name and its count of active members (`active` is
 * the status test, kept from driving the plan where the engine needs that).
 */
function selectRow<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, m: EntityManager, status: string): SelectQueryBuilder<T> {
  selectColumns(qb.select([]), m, HouseholdEntity, 'h');
  return qb
    .addSelect('(SELECT r.name FROM residents r WHERE r.id = h.head_resident_id)', 'head_name')
    .addSelect(`(SELECT count(*) FROM residents r WHERE r.household_id = h.id AND ${status} = 'active')`, 'member_count');
}

const given = (x: unknown): boolean => x !== undefined && x !== null && x !== '';

/** What a clerk may not see of a shielded household. */
function withheld(r: HouseholdRow): HouseholdRow {
  return r.shielded ? { ...r, headResidentId: null, headName: null, memberCount: 0, tagIds: [], note: null } : r;
}

function toRow(r: Record<string, unknown>): HouseholdRow {
  return {
    id: String(r.id),
    unitId: String(r.unit_id),
    room: String(r.room),
    address: String(r.address),
    residenceType: String(r.residence_type),
    headResidentId: (r.head_resident_id as string | null) ?? null,
    headName: (r.head_name as string | null) ?? null,
    memberCount: Number(r.member_count ?? 0),
    tagIds: [],
    reviewStatus: String(r.review_status),
    status: String(r.status ?? 'active'),
    note: (r.note as string | null) ?? null,
    ...(Number(r.shielded ?? 0) === 1 ? { shielded: true } : {}),
  };
}
