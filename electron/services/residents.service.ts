import { maskCitizenId } from '../../shared/domain/citizen-id';
import { Not, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { RegisterFilters, ResidentDetail, ResidentRow } from '../../shared/contract/register.contract';
import type { ResidentInput } from '../../shared/contract/register-fields';
import { parseCitizenId } from '../../shared/domain/citizen-id';
import { rosterStatus } from '../../shared/domain/life-events';
import { nameKeys } from '../../shared/domain/search-keys';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { BuildingEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, UnitEntity } from '../db/entities';
import type { ResidentRecord } from '../db/entities/resident.entity';
import { likeEscape } from '../db/sql-where';
import type { ChangeHistory } from './change-history';
import { householdShield, type Viewer } from './shield';
import { readCursor, writeCursor } from './page-cursor';
import type { Actor } from './actor';

export type Warning = { zh: string; en: string };

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
    const m = this.db.manager;
    const d = dialectOf(m);
    const hidden = householdShield(viewer, 'h.id', this.nowIso());
    // Households lead, in address order (idx_households_address), so a page reads as many rows as
    // it shows; within one household the few members are sorted by name. One household: its members.
    // (SQLite's plan, checked: households by the address index, then residents by household_id.)
    const qb = m.createQueryBuilder();
    if (f.householdId) qb.from(ResidentEntity, 'r').innerJoin(HouseholdEntity.options.name, 'h', 'h.id = r.householdId');
    else qb.from(HouseholdEntity, 'h').innerJoin(ResidentEntity.options.name, 'r', 'r.householdId = h.id');
    qb.innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId').innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId');
    if (hidden) qb.andWhere(`NOT ${hidden.sql}`, hidden.params);
    if (given(f.householdId)) qb.andWhere('r.householdId = :householdId', { householdId: f.householdId });
    if (given(f.unitId)) qb.andWhere('h.unitId = :unitId', { unitId: f.unitId });
    if (given(f.buildingId)) qb.andWhere('u.buildingId = :buildingId', { buildingId: f.buildingId });
    if (given(f.gridId)) qb.andWhere('b.gridId = :gridId', { gridId: f.gridId });
    if (given(f.tagId)) qb.andWhere('EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = h.id AND t.tag_id = :tagId)', { tagId: f.tagId });
    if (given(f.text)) qb.andWhere(d.likeAnyCase('r.name', 'text'), { text: `%${likeEscape(f.text ?? '')}%` });
    const filtered = !!hidden || [f.householdId, f.unitId, f.buildingId, f.gridId, f.tagId, f.text].some(given);
    // The active roster unless asked otherwise: departed residents (迁出, 死亡) keep their archive.
    const st = rosterStatus(f.status);
    // Almost everyone is active, so the status index must not drive the join (SQLite would scan
    // every active resident once per household); each household's members come by household_id.
    if (st.length > 0) qb.andWhere(`${st.includes('active') ? d.noIndex('r.status') : 'r.status'} IN (:...st)`, { st });
    const unfiltered = !filtered && st.length === 1 && st[0] === 'active';
    const after = f.after ? readCursor(f.after, 3) : null;
    // The total is counted once, on the first page; the whole active roster's total is the dashboard's counter.
    const count = async () => Number((await qb.clone().select('count(*)', 'n').getRawOne<{ n: number }>())?.n ?? 0);
    const total = after ? -1 : unfiltered ? ((await d.keptTotal(m, 'residents')) ?? (await count())) : await count();
    // `h.address >= …` lets the address index lead even on the first page (else SQLite sorts everyone).
    if (after) qb.andWhere('h.address >= :k0 AND (h.address, r.name, r.id) > (:k0, :k1, :k2)', { k0: after[0], k1: after[1], k2: after[2] });
    else if (!f.householdId) qb.andWhere('h.address >= :k0', { k0: '' });
    selectRow(qb).orderBy('h.address').addOrderBy('r.name').addOrderBy('r.id').limit(f.limit);
    if (!after && f.offset) qb.offset(f.offset);
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const last = rows.length === f.limit ? rows[rows.length - 1] : null;
    return { rows: rows.map(listRow), total, next: last ? writeCursor([String(last.address), String(last.name), String(last.id)]) : null };
  }

  async detail(id: string, m: EntityManager = this.db.manager): Promise<ResidentDetail> {
    const r = await m.findOneBy(ResidentEntity, { id });
    if (!r) throw new AppError('NOT_FOUND', ERR.residents.notFound);
    const h = await m.findOneBy(HouseholdEntity, { id: r.householdId });
    const tags = await m.find(HouseholdTagEntity, { select: { tagId: true }, where: { householdId: r.householdId } });
    const { namePinyin: _p, nameInitials: _i, createdAt: _c, updatedAt: _u, ...rest } = r;
    return { ...rest, address: h?.address ?? '', tagIds: tags.map((t) => t.tagId), specialCategories: JSON.parse(r.specialCategories) as string[] };
  }

  async row(id: string, m: EntityManager = this.db.manager): Promise<ResidentRow> {
    const qb = m
      .createQueryBuilder()
      .from(ResidentEntity, 'r')
      .innerJoin(HouseholdEntity.options.name, 'h', 'h.id = r.householdId')
      .where('r.id = :id', { id });
    const row = await selectRow(qb).getRawOne<Record<string, unknown>>();
    if (!row) throw new AppError('NOT_FOUND', ERR.residents.notFound);
    return listRow(row);
  }

  /** The warnings a save would give (and its refusals), read outside a transaction: shown also when the change goes to review. */
  warnings(d: ResidentInput, selfId: string | null): Promise<Warning[]> {
    return this.check(this.db.manager, d, selfId);
  }

  /** Registers a resident: the checks again in the writing transaction, the row, its history and audit. */
  async create(actor: Actor, d: ResidentInput): Promise<{ resident: ResidentRow; warnings: Warning[] }> {
    const warnings = await this.warnings(d, null);
    const resident = await this.db.write(async (m) => {
      await this.check(m, d, null);
      return this.applyCreate(m, actor, d);
    });
    return { resident, warnings };
  }

  /** Saves the form of a registered resident (the roster status is left to life events). */
  async update(actor: Actor, id: string, d: ResidentInput): Promise<{ resident: ResidentRow; warnings: Warning[] }> {
    const warnings = await this.warnings(d, id);
    const resident = await this.db.write(async (m) => {
      await this.check(m, d, id);
      return this.applyUpdate(m, actor, id, d);
    });
    return { resident, warnings };
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
      const same = await m.existsBy(ResidentEntity, { name: d.name, birthDate: d.birthDate, id: Not(selfId ?? '') });
      if (same)
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

/** The columns of a list row (ResidentRow), from residents `r` joined to households `h`. */
function selectRow<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const cols = ['id', 'householdId', 'name', 'gender', 'birthDate', 'citizenId', 'residentType', 'relationToHead', 'reviewStatus', 'status', 'statusOn'];
  qb.select('r.id', 'id');
  for (const c of cols.slice(1))
    qb.addSelect(
      `r.${c}`,
      c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`),
    );
  return qb.addSelect('h.address', 'address');
}

const given = (x: unknown): boolean => x !== undefined && x !== null && x !== '';

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
