import { carrierSetByHand } from '../../shared/domain/carrier';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { LocationRow, RecordRow, RegisterFilters } from '../../shared/contract/register.contract';
import type { RecordInput } from '../../shared/contract/register-fields';
import { formatArchiveNo, nextSequence, renderParts, type ArchiveNoValues } from '../../shared/domain/archive-number';
import { byNatural } from '../../shared/domain/natural-order';
import { AppError, STALE_EDIT } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, BuildingEntity, HouseholdEntity, LocationEntity, ResidentEntity } from '../db/entities';
import { selectColumns } from '../db/select-columns';
import type { ArchiveRecordRow, LocationRecord } from '../db/entities/record.entity';
import { likeEscape } from '../db/sql-where';
import type { AuditService } from './audit.service';
import type { CategoriesService } from './categories.service';
import type { ChangeHistory } from './change-history';
import { recordShield, shieldColumn, type QueryPart, type Viewer } from './shield';
import type { SettingsService } from './settings.service';
import { placeQuery } from './structure.service';
import type { Actor } from './actor';

/**
 * Every column of archive_records `a`, whether the viewer is shielded from it, and what the list
 * shows beside it: attachments counted, the resident's name, the household's address, the place.
 */
function selectRecord<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, m: EntityManager, shield: QueryPart | null): SelectQueryBuilder<T> {
  return selectColumns(qb.select([]), m, ArchiveRecordEntity, 'a')
    .addSelect(shieldColumn(shield), 'shielded')
    .setParameters(shield?.params ?? {})
    .addSelect('(SELECT count(*) FROM attachments t WHERE t.record_id = a.id)', 'attachment_count')
    .addSelect('(SELECT r.name FROM residents r WHERE r.id = a.resident_id)', 'resident_name')
    .addSelect('(SELECT h.address FROM households h WHERE h.id = a.household_id)', 'household_address')
    .addSelect(
      "(SELECT l.room || ' ' || l.cabinet || '柜 ' || l.shelf || '层 ' || l.box || '盒' FROM locations l WHERE l.id = a.location_id)",
      'location_label',
    );
}

export const locationLabel = (l: Pick<LocationRecord, 'room' | 'cabinet' | 'shelf' | 'box'>): string => `${l.room} ${l.cabinet}柜 ${l.shelf}层 ${l.box}盒`;

/** Archive records (档案) with 档号 issuing, and the location register. */
export class RecordsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly categories: CategoriesService,
    private readonly newId: () => string,
    private readonly nowIso: () => string,
    private readonly history: ChangeHistory,
  ) {}

  /**
   * For a clerk, records of shielded households (and sensitive records) keep their 档号 and place
   * but not their title or names, and a text search matches their 档号 only; a tag filter skips them.
   */
  async list(
    f: RegisterFilters & { residentId?: string; householdId?: string; offset: number; limit: number },
    viewer?: Viewer,
  ): Promise<{ rows: RecordRow[]; total: number }> {
    const m = this.db.manager;
    const d = dialectOf(m);
    const shield = recordShield(viewer, 'a', this.nowIso());
    // A category stands for itself and everything below it (居民档案 lists 基本信息 … 服务办理).
    const codes = f.contentCategory ? await this.categories.codesUnder(f.contentCategory) : [];
    const qb = m.createQueryBuilder().from(ArchiveRecordEntity, 'a');
    if (given(f.residentId)) qb.andWhere('a.residentId = :residentId', { residentId: f.residentId });
    if (given(f.householdId)) qb.andWhere('a.householdId = :householdId', { householdId: f.householdId });
    if (given(f.contentCategory)) qb.andWhere(codes.length ? 'a.contentCategory IN (:...codes)' : '1 = 0', { codes });
    if (given(f.residentClass)) qb.andWhere('a.residentClass = :residentClass', { residentClass: f.residentClass });
    if (given(f.status)) qb.andWhere('a.status = :status', { status: f.status });
    if (given(f.gridId))
      qb.andWhere(
        'a.household_id IN (SELECT h.id FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE b.grid_id = :gridId)',
        { gridId: f.gridId },
      );
    if (given(f.buildingId))
      qb.andWhere('a.household_id IN (SELECT h.id FROM households h JOIN units u ON u.id = h.unit_id WHERE u.building_id = :buildingId)', {
        buildingId: f.buildingId,
      });
    if (given(f.tagId)) {
      qb.andWhere('a.household_id IN (SELECT household_id FROM household_tags WHERE tag_id = :tagId)', { tagId: f.tagId });
      if (shield) qb.andWhere(`NOT ${shield.sql}`, shield.params);
    }
    if (given(f.text)) {
      // A shielded record answers to its 档号 only, never to its title.
      const title = shield ? `(${d.likeAnyCase('a.title', 'text')} AND NOT ${shield.sql})` : d.likeAnyCase('a.title', 'text');
      qb.andWhere(`(${d.likeAnyCase('a.archive_no', 'text')} OR ${title})`, { text: `%${likeEscape(f.text ?? '')}%`, ...shield?.params });
    }
    const total = Number((await qb.clone().select('count(*)', 'n').getRawOne<{ n: number }>())?.n ?? 0);
    const rows = await selectRecord(qb, m, shield).orderBy('a.archiveNo').limit(f.limit).offset(f.offset).getRawMany<Record<string, unknown>>();
    return { rows: rows.map(toRow), total };
  }

  async get(id: string, m: EntityManager = this.db.manager, viewer?: Viewer): Promise<RecordRow> {
    const qb = m.createQueryBuilder().from(ArchiveRecordEntity, 'a').where('a.id = :id', { id });
    const row = await selectRecord(qb, m, recordShield(viewer, 'a', this.nowIso())).getRawOne<Record<string, unknown>>();
    if (!row) throw new AppError('NOT_FOUND', ERR.records.notFound);
    return toRow(row);
  }

  async byArchiveNo(archiveNo: string, viewer?: Viewer): Promise<RecordRow | null> {
    const m = this.db.manager;
    const qb = m.createQueryBuilder().from(ArchiveRecordEntity, 'a').where('a.archiveNo = :archiveNo', { archiveNo });
    const row = await selectRecord(qb, m, recordShield(viewer, 'a', this.nowIso())).getRawOne<Record<string, unknown>>();
    return row ? toRow(row) : null;
  }

  /**
   * Proposes the next 档号 (not reserved until the record is saved) from the category's pattern, an
   * ancestor's, else the archive-wide one; {类别} prints the category code. Sequences count per
   * rendered prefix, so two patterns never hand out the same number.
   */
  async nextNumber(
    v: { year: number; retentionClass: string; householdId?: string | null; contentCategory?: string | null },
    m: EntityManager = this.db.manager,
  ): Promise<string> {
    const s = await this.settings.get(m);
    const pattern = await this.categories.patternFor(v.contentCategory, s.archiveNoPattern, m);
    const values: ArchiveNoValues = {
      fonds: s.fondsCode,
      community: s.fondsCode,
      year: v.year,
      retention: v.retentionClass,
      category: v.contentCategory ?? undefined,
      ...(await this.placeCodes(m, v.householdId)),
    };
    const { prefix } = renderParts(pattern, values);
    const existing = await m
      .createQueryBuilder(ArchiveRecordEntity, 'a')
      .select('a.archiveNo', 'archive_no')
      .where(dialectOf(m).likeAnyCase('a.archiveNo', 'prefix'), { prefix: `${likeEscape(prefix)}%` })
      .getRawMany<{ archive_no: string }>();
    return formatArchiveNo(
      pattern,
      values,
      nextSequence(
        pattern,
        values,
        existing.map((e) => e.archive_no),
      ),
    );
  }

  async create(actor: Actor, input: RecordInput): Promise<RecordRow> {
    return this.db.write(async (m) => {
      const d = await this.withHousehold(m, input);
      await this.categories.assertChoosable(m, d.contentCategory);
      const archiveNo =
        d.archiveNo ??
        (await this.nextNumber({ year: d.year, retentionClass: d.retentionClass, householdId: d.householdId, contentCategory: d.contentCategory }, m));
      await this.assertFree(m, archiveNo, null);
      await this.assertRefs(m, d);
      const now = this.nowIso();
      const rec: ArchiveRecordRow = { ...fields(d), id: this.newId(), archiveNo, status: 'in', reviewStatus: 'approved', createdAt: now, updatedAt: now };
      await m.insert(ArchiveRecordEntity, rec);
      const after = await this.get(rec.id, m);
      await this.history.record(m, { actor: actor.username, action: 'record.create', subject: `record:${rec.id}`, after, extra: { archiveNo: rec.archiveNo } });
      return after;
    });
  }

  /**
   * `version`: the version the editor loaded (RecordRow.version). When the record has moved on
   * since, the edit is refused with what they sent and what is stored now; the check is repeated
   * in the UPDATE itself, so of two keepers saving at once on any engine exactly one wins.
   */
  async update(actor: Actor, id: string, input: RecordInput, version?: number): Promise<RecordRow> {
    return this.db.write(async (m) => {
      const d = await this.withHousehold(m, input);
      const before = await this.get(id, m);
      if (before.status === 'destroyed') throw new AppError('CONFLICT', ERR.records.destroyedNoChange);
      await this.categories.assertChoosable(m, d.contentCategory, before.contentCategory);
      const archiveNo = d.archiveNo ?? before.archiveNo;
      const changes = { ...fields(d), archiveNo };
      if (version !== undefined && version !== before.version) throw staleEdit(version, before, changes);
      await this.assertFree(m, archiveNo, id);
      await this.assertRefs(m, d);
      const stored = await m.findOneBy(ArchiveRecordEntity, { id });
      const carrierByHand = carrierSetByHand({ carrier: before.carrier, byHand: !!stored?.carrierByHand }, d.carrier);
      // TypeORM adds `version = version + 1`; the WHERE holds only while nobody else has written.
      const done = await m.update(ArchiveRecordEntity, { id, version: before.version }, { ...changes, carrierByHand, updatedAt: this.nowIso() });
      if (done.affected === 0) throw staleEdit(version ?? before.version, await this.get(id, m), changes);
      const after = await this.get(id, m);
      await this.history.record(m, {
        actor: actor.username,
        action: 'record.update',
        subject: `record:${id}`,
        before,
        after,
        extra: { archiveNo: after.archiveNo },
      });
      return after;
    });
  }

  async locations(): Promise<LocationRow[]> {
    const rows = await this.db.manager.find(LocationEntity, { order: { room: 'ASC', cabinet: 'ASC', shelf: 'ASC', box: 'ASC' } });
    // A few hundred boxes at most: natural order here, so 2号柜 comes before 10号柜 in every picker.
    return rows
      .sort(
        byNatural(
          (l) => l.room,
          (l) => l.cabinet,
          (l) => l.shelf,
          (l) => l.box,
        ),
      )
      .map((l) => ({ ...l, label: locationLabel(l) }));
  }

  async saveLocation(actor: Actor, l: Omit<LocationRecord, 'id'> & { id?: string }): Promise<LocationRow> {
    return this.db.write(async (m) => {
      const before = l.id ? await m.findOneBy(LocationEntity, { id: l.id }) : null;
      const clash = await m.findOneBy(LocationEntity, { room: l.room, cabinet: l.cabinet, shelf: l.shelf, box: l.box });
      if (clash && clash.id !== l.id) throw new AppError('CONFLICT', ERR.records.locationTaken);
      const rec = { ...l, id: l.id ?? this.newId() };
      await m.save(LocationEntity, rec);
      await this.audit.append(m, {
        actor: actor.username,
        action: before ? 'location.update' : 'location.create',
        subject: `location:${rec.id}`,
        details: { before, after: rec },
      });
      return { ...rec, note: rec.note ?? null, label: locationLabel(rec) };
    });
  }

  /** A personal record belongs to the resident's household unless one was chosen. */
  private async withHousehold(m: EntityManager, d: RecordInput): Promise<RecordInput> {
    if (!d.residentId || d.householdId) return d;
    const r = await m.findOne(ResidentEntity, { select: { id: true, householdId: true }, where: { id: d.residentId } });
    return r ? { ...d, householdId: r.householdId } : d;
  }

  private async placeCodes(m: EntityManager, householdId?: string | null): Promise<Partial<ArchiveNoValues>> {
    if (!householdId) return {};
    const row = await placeQuery(m, true)
      .select('g.code', 'grid')
      .addSelect('b.code', 'building')
      .addSelect('u.code', 'unit')
      .addSelect('h.room', 'room')
      .where('h.id = :householdId', { householdId })
      .getRawOne<{ grid: string; building: string; unit: string; room: string }>();
    return row ? { grid: row.grid, building: row.building, unit: row.unit, room: row.room } : {};
  }

  private async assertFree(m: EntityManager, archiveNo: string, selfId: string | null): Promise<void> {
    const other = await m.findOneBy(ArchiveRecordEntity, { archiveNo });
    if (other && other.id !== selfId) {
      throw new AppError('CONFLICT', ERR.records.archiveNoTaken(archiveNo));
    }
  }

  private async assertRefs(m: EntityManager, d: RecordInput): Promise<void> {
    const checks: [string | null, EntityTarget<{ id: string }>, string][] = [
      [d.residentId, ResidentEntity, 'residentId'],
      [d.householdId, HouseholdEntity, 'householdId'],
      [d.buildingId, BuildingEntity, 'buildingId'],
      [d.locationId, LocationEntity, 'locationId'],
    ];
    for (const [id, entity, path] of checks) {
      if (!id) continue;
      if (!(await m.existsBy(entity, { id }))) throw new AppError('VALIDATION', ERR.records.chosenMissing(path));
    }
  }
}

const given = (x: unknown): boolean => x !== undefined && x !== null && x !== '';

function fields(d: RecordInput): Omit<ArchiveRecordRow, 'id' | 'archiveNo' | 'status' | 'reviewStatus' | 'createdAt' | 'updatedAt'> {
  return {
    title: d.title,
    responsible: d.responsible,
    residentId: d.residentId,
    householdId: d.householdId,
    buildingId: d.buildingId,
    residentClass: d.residentClass,
    contentCategory: d.contentCategory,
    carrier: d.carrier,
    pages: d.pages,
    items: d.items,
    dateFrom: d.dateFrom ?? null,
    dateTo: d.dateTo ?? null,
    year: d.year,
    sensitivity: d.sensitivity,
    retentionClass: d.retentionClass,
    retentionYears: d.retentionClass === 'CUSTOM' ? (d.retentionYears ?? null) : null,
    locationId: d.locationId,
    note: d.note,
  };
}

function toRow(r: Record<string, unknown>): RecordRow {
  const row = plainRow(r);
  // Shielded for this viewer: the 档号, kind and place stay (paper work needs them); what names a person goes.
  return Number(r.shielded ?? 0) === 1 ? { ...row, title: '', residentName: null, householdAddress: null, note: null, shielded: true } : row;
}

function plainRow(r: Record<string, unknown>): RecordRow {
  const s = (k: string) => (r[k] as string | null) ?? null;
  return {
    id: String(r.id),
    archiveNo: String(r.archive_no),
    title: String(r.title),
    residentId: s('resident_id'),
    householdId: s('household_id'),
    residentClass: String(r.resident_class),
    contentCategory: String(r.content_category),
    carrier: String(r.carrier),
    pages: Number(r.pages),
    items: Number(r.items),
    year: Number(r.year),
    dateFrom: s('date_from'),
    dateTo: s('date_to'),
    sensitivity: String(r.sensitivity),
    retentionClass: String(r.retention_class),
    retentionYears: r.retention_years == null ? null : Number(r.retention_years),
    locationId: s('location_id'),
    locationLabel: s('location_label'),
    status: String(r.status),
    reviewStatus: String(r.review_status),
    responsible: s('responsible'),
    note: s('note'),
    attachmentCount: Number(r.attachment_count ?? 0),
    residentName: s('resident_name'),
    householdAddress: s('household_address'),
    version: Number(r.version ?? 1),
  };
}

/** The refusal of an edit made from `loaded` while the record is now `current` (both values, per field that differs). */
function staleEdit(loaded: number, current: RecordRow, mine: Partial<Record<keyof RecordRow, unknown>>): AppError {
  const theirs = current as unknown as Record<string, unknown>;
  const fields = Object.entries(mine)
    .filter(([k, v]) => k in theirs && (v ?? null) !== (theirs[k] ?? null))
    .map(([path, v]) => ({ path, mine: v ?? null, theirs: theirs[path] ?? null }));
  return new AppError('CONFLICT', { ...STALE_EDIT, conflict: { loadedVersion: loaded, currentVersion: current.version, fields } });
}
