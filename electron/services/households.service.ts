import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { HouseholdRow, RegisterFilters } from '../../shared/contract/register.contract';
import { HouseholdInput } from '../../shared/contract/register-fields';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { likeEscape, SqlWhere } from '../db/sql-where';
import { HouseholdEntity, HouseholdTagEntity, ResidentEntity, TagEntity } from '../db/entities';
import type { HouseholdRecord } from '../db/entities/household.entity';
import type { ChangeHistory } from './change-history';
import { notShielded, shieldedHousehold, shieldFlag, type Viewer } from './shield';
import type { Actor, StructureService } from './structure.service';

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
   * not its members, head, tags or note; a filter by tag never finds it.
   */
  async list(f: RegisterFilters & { offset: number; limit: number }, viewer?: Viewer): Promise<{ rows: HouseholdRow[]; total: number }> {
    const shield = shieldedHousehold(viewer, 'h.id', this.nowIso());
    const flag = shieldFlag(shield);
    const w = new SqlWhere()
      .if(!!f.tagId && !!shield, notShielded(shield).sql, ...notShielded(shield).params)
      .when(f.unitId, 'h.unit_id = ?')
      .when(f.buildingId, 'u.building_id = ?')
      .when(f.gridId, 'b.grid_id = ?')
      .when(f.tagId, 'EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = h.id AND t.tag_id = ?)')
      .when(f.text, "h.address LIKE ? ESCAPE '\\'", `%${likeEscape(f.text ?? '')}%`)
      // Households closed by 合户 leave the list unless asked for ('all').
      .if(f.status !== 'all', "h.status = 'active'");
    // SQLite: a range over every key lets the place index lead (without one SQLite scans and sorts every household).
    if (this.db.dialect.kind === 'sqlcipher') w.add('h.place_key >= ?', '');
    const params = w.params;
    // SQLite: households lead (CROSS JOIN keeps the order written) in the place index's order.
    const placeKey = this.db.dialect.kind === 'sqlcipher';
    const from = `FROM households h ${placeKey ? 'CROSS JOIN' : 'JOIN'} units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id`;
    const m = this.db.manager;
    // Every active household: the dashboard's counter, not a count of the table.
    const everyone = placeKey && !f.unitId && !f.buildingId && !f.gridId && !f.tagId && !f.text && f.status !== 'all';
    const [{ n }] = everyone
      ? await m.query("SELECT n FROM tally_totals WHERE what = 'households'")
      : await m.query(`SELECT count(*) AS n ${from} ${w}`, params);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT h.*, (SELECT r.name FROM residents r WHERE r.id = h.head_resident_id) AS head_name,
        (SELECT count(*) FROM residents r WHERE r.household_id = h.id AND +r.status = 'active') AS member_count, ${flag.sql} AS shielded
       ${from} ${w} ORDER BY ${placeKey ? 'h.place_key, h.id' : NATURAL_ORDER} LIMIT ? OFFSET ?`,
      [...flag.params, ...params, f.limit, f.offset],
    );
    return { rows: (await this.withTags(m, rows.map(toRow))).map(withheld), total: Number(n) };
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<HouseholdRow> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT h.*, (SELECT r.name FROM residents r WHERE r.id = h.head_resident_id) AS head_name,
        (SELECT count(*) FROM residents r WHERE r.household_id = h.id AND +r.status = 'active') AS member_count FROM households h WHERE h.id = ?`,
      [id],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', ERR.households.notFound);
    return (await this.withTags(m, [toRow(rows[0])]))[0];
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
    const ids = rows.map((r) => r.id);
    const tags: { household_id: string; tag_id: string }[] = await m.query(
      `SELECT ht.household_id, ht.tag_id FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id IN (${ids.map(() => '?').join(',')}) ORDER BY t.sort_order`,
      ids,
    );
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
 * The order a keeper reads the doors in (第一网格 before 第二网格, 2号楼 before 10号楼, 101 before 1001),
 * in SQL so paging keeps it: by each code's length, then the code — numbers of different widths sort
 * as numbers, codes of one width as written.
 */
const NATURAL_ORDER = `(SELECT length(g.code) FROM grids g WHERE g.id = b.grid_id), (SELECT g.code FROM grids g WHERE g.id = b.grid_id),
  length(b.code), b.code, length(u.code), u.code, length(h.room), h.room`;

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
