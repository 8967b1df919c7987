import type { EntityManager } from 'typeorm';
import type { RegisterFilters, ResidentDetail, ResidentRow } from '../../shared/contract/register.contract';
import type { ResidentInput } from '../../shared/contract/register-fields';
import { parseCitizenId } from '../../shared/domain/citizen-id';
import { rosterStatus } from '../../shared/domain/life-events';
import { nameKeys } from '../../shared/domain/search-keys';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { HouseholdEntity, ResidentEntity } from '../db/entities';
import type { ResidentRecord } from '../db/entities/resident.entity';
import { likeEscape, SqlWhere } from '../db/sql-where';
import type { ChangeHistory } from './change-history';
import { notShielded, shieldedHousehold, type Viewer } from './shield';
import type { Actor } from './structure.service';

export type Warning = { zh: string; en: string };

export function maskCitizenId(id: string | null): string | null {
  return id ? `${id.slice(0, 6)}********${id.slice(14)}` : null;
}

/** Residents (居民) and their basic-information form. */
export class ResidentsService {
  constructor(
    private readonly db: Database,
    private readonly newId: () => string,
    private readonly nowIso: () => string,
    private readonly history: ChangeHistory,
  ) {}

  /**
   * Residents of shielded households are left out for the viewer (a clerk without approval). Pages
   * go by keyset: `after` is the cursor of the last row shown (address, name, id), so page 5 000 reads
   * as little as page 1; `offset` is honoured only without a cursor.
   */
  async list(
    f: RegisterFilters & { householdId?: string; offset: number; limit: number; after?: string },
    viewer?: Viewer,
  ): Promise<{ rows: ResidentRow[]; total: number; next: string | null }> {
    const hidden = notShielded(shieldedHousehold(viewer, 'h.id', this.nowIso()));
    const w = new SqlWhere()
      .add(hidden.sql, ...hidden.params)
      .when(f.householdId, 'r.household_id = ?')
      .when(f.unitId, 'h.unit_id = ?')
      .when(f.buildingId, 'u.building_id = ?')
      .when(f.gridId, 'b.grid_id = ?')
      .when(f.tagId, 'EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = h.id AND t.tag_id = ?)')
      .when(f.text, "r.name LIKE ? ESCAPE '\\'", `%${likeEscape(f.text ?? '')}%`);
    // Households lead, in address order (idx_households_address), so a page reads as many rows as
    // it shows; within one household the few members are sorted by name. One household: its members.
    const from = f.householdId
      ? 'FROM residents r JOIN households h ON h.id = r.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id'
      : 'FROM households h CROSS JOIN residents r ON r.household_id = h.id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';
    // The active roster unless asked otherwise: departed residents (迁出, 死亡) keep their archive.
    const st = rosterStatus(f.status);
    const unfiltered = w.params.length === 0 && hidden.params.length === 0 && st.length === 1 && st[0] === 'active';
    // `+r.status`: almost everyone is active, so the status index must not drive the join (SQLite
    // would scan every active resident once per household); each household's members come by household_id.
    w.if(st.length > 0, `${st.includes('active') ? '+' : ''}r.status IN (${st.map(() => '?').join(', ')})`, ...st);
    const m = this.db.manager;
    const after = f.after ? readCursor(f.after) : null;
    // The total is counted once, on the first page; the whole active roster's total is the dashboard's counter.
    const total = after
      ? -1
      : unfiltered
        ? Number((await m.query("SELECT n FROM tally_totals WHERE what = 'residents'"))[0]?.n ?? 0)
        : Number((await m.query(`SELECT count(*) AS n ${from} ${w}`, w.params))[0].n);
    // `h.address >= ?` lets the address index lead even on the first page (else SQLite sorts everyone).
    if (after) w.add('h.address >= ? AND (h.address, r.name, r.id) > (?, ?, ?)', after[0], ...after);
    else if (!f.householdId) w.add('h.address >= ?', '');
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.household_id, r.name, r.gender, r.birth_date, r.citizen_id, r.resident_type, r.relation_to_head, r.review_status, r.status, r.status_on, h.address
       ${from} ${w} ORDER BY h.address, r.name, r.id LIMIT ?${after || !f.offset ? '' : ' OFFSET ?'}`,
      [...w.params, f.limit, ...(after || !f.offset ? [] : [f.offset])],
    );
    const last = rows.length === f.limit ? rows[rows.length - 1] : null;
    return { rows: rows.map(listRow), total, next: last ? writeCursor([String(last.address), String(last.name), String(last.id)]) : null };
  }

  async detail(id: string, m: EntityManager = this.db.manager): Promise<ResidentDetail> {
    const r = await m.findOneBy(ResidentEntity, { id });
    if (!r) throw new AppError('NOT_FOUND', ERR.residents.notFound);
    const h = await m.findOneBy(HouseholdEntity, { id: r.householdId });
    const tags: { tag_id: string }[] = await m.query('SELECT tag_id FROM household_tags WHERE household_id = ?', [r.householdId]);
    const { namePinyin: _p, nameInitials: _i, createdAt: _c, updatedAt: _u, ...rest } = r;
    return { ...rest, address: h?.address ?? '', tagIds: tags.map((t) => t.tag_id), specialCategories: JSON.parse(r.specialCategories) as string[] };
  }

  async row(id: string, m: EntityManager = this.db.manager): Promise<ResidentRow> {
    const rows: Record<string, unknown>[] = await m.query(
      'SELECT r.id, r.household_id, r.name, r.gender, r.birth_date, r.citizen_id, r.resident_type, r.relation_to_head, r.review_status, r.status, r.status_on, h.address FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id = ?',
      [id],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', ERR.residents.notFound);
    return listRow(rows[0]);
  }

  /** Checks that need the database; returns warnings that do not block saving. */
  async check(m: EntityManager, d: ResidentInput, selfId: string | null): Promise<Warning[]> {
    if (!(await m.findOneBy(HouseholdEntity, { id: d.householdId }))) {
      throw new AppError('VALIDATION', ERR.residents.noHousehold);
    }
    if (d.citizenId) {
      const dup = await m.findOneBy(ResidentEntity, { citizenId: d.citizenId });
      if (dup && dup.id !== selfId) {
        throw new AppError('CONFLICT', ERR.residents.citizenIdTaken(dup.name));
      }
    }
    const warnings: Warning[] = [];
    if (d.birthDate) {
      const same: { n: number }[] = await m.query('SELECT count(*) AS n FROM residents WHERE name = ? AND birth_date = ? AND id <> ?', [
        d.name,
        d.birthDate,
        selfId ?? '',
      ]);
      if (Number(same[0].n) > 0)
        warnings.push({
          zh: `已有同名且同出生日期的居民（${d.name}），请确认不是重复登记。`,
          en: `A resident with the same name and birth date exists; check this is not a duplicate.`,
        });
    }
    return warnings;
  }

  async applyCreate(m: EntityManager, actor: Actor, d: ResidentInput, id = this.newId()): Promise<ResidentRow> {
    const rec = this.toRecord(d, id, this.nowIso());
    await m.insert(ResidentEntity, rec);
    const after = await this.detail(id, m);
    await this.history.record(m, { actor: actor.username, action: 'resident.create', subject: `resident:${id}`, after });
    return this.row(id, m);
  }

  async applyUpdate(m: EntityManager, actor: Actor, id: string, d: ResidentInput): Promise<ResidentRow> {
    const before = await this.detail(id, m);
    const existing = (await m.findOneBy(ResidentEntity, { id }))!;
    // The roster status changes through life events only (迁出, 死亡注销 …), never through the form.
    await m.save(ResidentEntity, {
      ...this.toRecord(d, id, existing.createdAt),
      reviewStatus: existing.reviewStatus,
      status: existing.status,
      statusOn: existing.statusOn,
    });
    const after = await this.detail(id, m);
    await this.history.record(m, { actor: actor.username, action: 'resident.update', subject: `resident:${id}`, before, after });
    return this.row(id, m);
  }

  private toRecord(d: ResidentInput, id: string, createdAt: string): ResidentRecord {
    const keys = nameKeys(d.name);
    // Birth date and gender follow the citizen ID when they were left empty.
    const fromId = d.citizenId ? parseCitizenId(d.citizenId) : null;
    const info = fromId?.ok ? fromId.info : null;
    return {
      id,
      householdId: d.householdId,
      name: d.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      gender: d.gender ?? info?.gender ?? null,
      birthDate: d.birthDate ?? info?.birthDate ?? null,
      citizenId: d.citizenId ?? null,
      ethnicity: d.ethnicity,
      politicalStatus: d.politicalStatus,
      education: d.education,
      occupation: d.occupation,
      employer: d.employer,
      phone: d.phone ?? null,
      hukouPlace: d.hukouPlace,
      moveInDate: d.moveInDate ?? null,
      residentType: d.residentType,
      relationToHead: d.relationToHead,
      maritalStatus: d.maritalStatus,
      health: d.health,
      disability: d.disability,
      medicalInsurance: d.medicalInsurance,
      socialInsurance: d.socialInsurance,
      subsistence: d.subsistence,
      familyPlanning: d.familyPlanning,
      specialCategories: JSON.stringify(d.specialCategories ?? []),
      notes: d.notes,
      reviewStatus: 'approved',
      status: 'active',
      statusOn: null,
      createdAt,
      updatedAt: this.nowIso(),
    };
  }
}

/** A page cursor: the last row's sort key, opaque to the screen. */
function writeCursor(key: [string, string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function readCursor(c: string): [string, string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 3 && key.every((x) => typeof x === 'string')) return key as [string, string, string];
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('VALIDATION', ERR.residents.badCursor);
}

function listRow(r: Record<string, unknown>): ResidentRow {
  return {
    id: String(r.id),
    householdId: String(r.household_id),
    name: String(r.name),
    gender: (r.gender as string | null) ?? null,
    birthDate: (r.birth_date as string | null) ?? null,
    citizenIdMasked: maskCitizenId((r.citizen_id as string | null) ?? null),
    residentType: String(r.resident_type),
    relationToHead: (r.relation_to_head as string | null) ?? null,
    address: String(r.address ?? ''),
    reviewStatus: String(r.review_status),
    status: String(r.status ?? 'active'),
    statusOn: (r.status_on as string | null) ?? null,
  };
}
