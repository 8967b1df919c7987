import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ExportRequest } from '../../shared/contract/data.contract';
import { CARRIER_LABELS, RECORD_STATUS_LABELS, RESIDENT_CLASS_LABELS, RETENTION_LABELS, SENSITIVITY_LABELS } from '../../shared/domain/archive-types';
import type { RosterFilters } from '../../shared/contract/roster.contract';
import { categoryName, descendants } from '../../shared/domain/record-categories';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, BuildingEntity, GridEntity, HouseholdEntity, RecordCategoryEntity, ResidentEntity, UnitEntity } from '../db/entities';
import { SqlWhere, type NamedPart } from '../db/sql-where';
import { rosterConditions } from '../services/roster-query';
import { COLUMNS, GENDER_LABEL, RESIDENCE_LABEL, RESIDENT_TYPE_LABEL } from '../import/columns';

export type Cell = string | number | null;
export type ListFilters = ExportRequest['filters'];
/** What a list is asked for: the place filters, the roster's filters and the archive's date (for ages). */
export interface ListQuery {
  filters: ListFilters;
  roster: RosterFilters;
  today: string;
}

/**
 * One exportable list. Adding a list (loans, the due list …) is one more entry in LISTS: a title,
 * columns, and a paged query returning rows of cells. Columns flagged `text` stay text in XLSX
 * (citizen IDs, phones), so Excel never turns them into numbers.
 */
export interface ListKind {
  title: { zh: string; en: string };
  columns: { header: string; width: number; text?: boolean }[];
  page(m: EntityManager, q: ListQuery, offset: number, limit: number): Promise<Cell[][]>;
}

const label = (table: Record<string, { zh: string }>, v: unknown): string => (v == null ? '' : (table[String(v)]?.zh ?? String(v)));
const place = (f: ListFilters, h = 'h') =>
  new SqlWhere()
    .when(f.unitId, `${h}.unit_id = ?`)
    .when(f.buildingId, 'u.building_id = ?')
    .when(f.gridId, 'b.grid_id = ?')
    .when(f.tagId, `EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = ${h}.id AND t.tag_id = ?)`);
/** h → units u → buildings b → grids g, inner or (records: a record need not have a household) left joins. */
function placeJoin<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, inner = true): SelectQueryBuilder<T> {
  const join = (e: { options: { name: string } }, alias: string, on: string) =>
    inner ? qb.innerJoin(e.options.name, alias, on) : qb.leftJoin(e.options.name, alias, on);
  join(UnitEntity, 'u', 'u.id = h.unitId');
  join(BuildingEntity, 'b', 'b.id = u.buildingId');
  if (inner) join(GridEntity, 'g', 'g.id = b.gridId');
  return qb;
}
// Discreet tags leave the archives room as their code only, as on printed covers (domain: 重点户).
const TAGS_OF = (m: EntityManager, h: string) =>
  `(SELECT ${dialectOf(m).groupConcat('CASE WHEN t.discreet THEN t.code ELSE t.name END', '、')} FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id = ${h}.id)`;

/**
 * A SqlWhere (`?` parameters) as a QueryBuilder condition with named ones; quoted text is left alone.
 * Named conditions (the roster's, in the engine's own forms) go in as they are.
 */
function where<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, w: SqlWhere | NamedPart[]): SelectQueryBuilder<T> {
  if (Array.isArray(w)) {
    if (!w.length) return qb;
    return qb.where(w.map((c) => c.sql).join(' AND '), Object.assign({}, ...w.map((c) => c.params)) as Record<string, unknown>);
  }
  const text = w.toString().replace(/^WHERE /, '');
  if (!text) return qb;
  const params: Record<string, unknown> = {};
  let sql = '';
  let quote = false;
  for (const c of text) {
    if (c === "'") quote = !quote;
    if (c === '?' && !quote) {
      const key = `lw${Object.keys(params).length}`;
      params[key] = w.params[Object.keys(params).length];
      sql += `:${key}`;
    } else sql += c;
  }
  return qb.where(sql, params);
}

/** Text sorted by code point on either engine, as the lists always were. */
const byText = (m: EntityManager, expr: string) => dialectOf(m).textOrder(expr);

/** Residents in the import template's own columns: an export can be corrected and imported back. */
const residents: ListKind = {
  title: { zh: '居民名单', en: 'Residents' },
  columns: COLUMNS.map((c) => ({ header: c.zh, width: c.width, text: ['citizenId', 'phone', 'room'].includes(c.key) })),
  page: (m, q, offset, limit) => residentRows(m, place(q.filters), offset, limit),
};

/** The roster's filtered list (花名册 → 导出): the same WHERE as on screen, template columns. */
const roster: ListKind = {
  title: { zh: '居民花名册', en: 'Residents roster' },
  columns: residents.columns,
  page: (m, q, offset, limit) => residentRows(m, rosterConditions(q.roster, q.today, dialectOf(m)), offset, limit),
};

const RESIDENT_COLUMNS = [
  'name',
  'relation_to_head',
  'gender',
  'birth_date',
  'citizen_id',
  'ethnicity',
  'political_status',
  'education',
  'occupation',
  'employer',
  'phone',
  'hukou_place',
  'move_in_date',
  'resident_type',
  'marital_status',
  'health',
  'disability',
  'medical_insurance',
  'social_insurance',
  'subsistence',
  'family_planning',
  'notes',
];

async function residentRows(m: EntityManager, w: SqlWhere | NamedPart[], offset: number, limit: number): Promise<Cell[][]> {
  // Sorted by codes, as the import template lists them; the screen's natural order is for reading.
  const qb = placeJoin(m.createQueryBuilder(ResidentEntity, 'r').innerJoin(HouseholdEntity.options.name, 'h', 'h.id = r.householdId'))
    .select('g.name', 'grid')
    .addSelect('b.name', 'building')
    .addSelect('u.name', 'unit')
    .addSelect('h.room', 'room')
    .addSelect('h.residenceType', 'residence_type');
  for (const c of RESIDENT_COLUMNS) qb.addSelect(`r.${c}`, c);
  qb.addSelect(TAGS_OF(m, 'h'), 'tags');
  for (const [i, o] of ['g.code', 'b.code', 'u.code', 'h.room', 'r.createdAt', 'r.id'].entries()) qb[i ? 'addOrderBy' : 'orderBy'](byText(m, o));
  const rows: Record<string, unknown>[] = await where(qb, w).limit(limit).offset(offset).getRawMany();
  const s = (v: unknown) => (v == null ? '' : String(v));
  return rows.map((r) => [
    s(r.grid),
    s(r.building),
    s(r.unit),
    s(r.room),
    s(r.name),
    s(r.relation_to_head),
    GENDER_LABEL[s(r.gender)] ?? '',
    s(r.birth_date),
    s(r.citizen_id),
    s(r.ethnicity),
    s(r.political_status),
    s(r.education),
    s(r.occupation),
    s(r.employer),
    s(r.phone),
    s(r.hukou_place),
    s(r.move_in_date),
    RESIDENCE_LABEL[s(r.residence_type)] ?? '',
    RESIDENT_TYPE_LABEL[s(r.resident_type)] ?? '',
    s(r.marital_status),
    s(r.health),
    s(r.disability),
    s(r.medical_insurance),
    s(r.social_insurance),
    s(r.subsistence),
    s(r.family_planning),
    s(r.tags),
    s(r.notes),
  ]);
}

const households: ListKind = {
  title: { zh: '住户名单', en: 'Households' },
  columns: [
    { header: '网格', width: 12 },
    { header: '楼栋', width: 10 },
    { header: '单元', width: 8 },
    { header: '房号', width: 8, text: true },
    { header: '地址', width: 30 },
    { header: '居住类型', width: 10 },
    { header: '户主', width: 10 },
    { header: '人数', width: 6 },
    { header: '户标签', width: 16 },
    { header: '备注', width: 20 },
  ],
  async page(m, q, offset, limit) {
    const f = q.filters;
    const w = place(f);
    const qb = placeJoin(m.createQueryBuilder(HouseholdEntity, 'h'))
      .select('g.name', 'grid')
      .addSelect('b.name', 'building')
      .addSelect('u.name', 'unit')
      .addSelect('h.room', 'room')
      .addSelect('h.address', 'address')
      .addSelect('h.residenceType', 'residence_type')
      .addSelect('h.note', 'note')
      .addSelect('(SELECT r.name FROM residents r WHERE r.id = h.head_resident_id)', 'head')
      .addSelect('(SELECT count(*) FROM residents r WHERE r.household_id = h.id)', 'members')
      .addSelect(TAGS_OF(m, 'h'), 'tags');
    for (const [i, o] of ['g.code', 'b.code', 'u.code', 'h.room'].entries()) qb[i ? 'addOrderBy' : 'orderBy'](byText(m, o));
    const rows: Record<string, unknown>[] = await where(qb, w).limit(limit).offset(offset).getRawMany();
    return rows.map(
      (r) =>
        [r.grid, r.building, r.unit, r.room, r.address, RESIDENCE_LABEL[String(r.residence_type)] ?? '', r.head, Number(r.members), r.tags, r.note] as Cell[],
    );
  },
};

const records: ListKind = {
  title: { zh: '档案目录', en: 'Records' },
  columns: [
    { header: '档号', width: 22, text: true },
    { header: '题名', width: 30 },
    { header: '档案分类', width: 12 },
    { header: '档案类别', width: 14 },
    { header: '载体', width: 8 },
    { header: '年度', width: 6 },
    { header: '页数', width: 6 },
    { header: '件数', width: 6 },
    { header: '保管期限', width: 10 },
    { header: '密级', width: 6 },
    { header: '状态', width: 8 },
    { header: '存放位置', width: 20 },
    { header: '地址', width: 28 },
  ],
  async page(m, q, offset, limit) {
    const f = q.filters;
    // Names as configured (设置 → 档案分类); a category filter takes in the categories below it.
    const categories = await m.find(RecordCategoryEntity);
    const codes = f.contentCategory ? descendants(categories, f.contentCategory) : [];
    const w = new SqlWhere()
      .when(f.status, 'a.status = ?')
      .when(f.contentCategory, `a.content_category IN (${codes.map(() => '?').join(', ')})`, ...codes)
      .when(f.unitId, 'h.unit_id = ?')
      .when(f.buildingId, '(u.building_id = ? OR a.building_id = ?)', f.buildingId, f.buildingId)
      .when(f.gridId, 'b.grid_id = ?')
      .when(f.tagId, 'EXISTS (SELECT 1 FROM household_tags t WHERE t.household_id = a.household_id AND t.tag_id = ?)');
    const qb = placeJoin(m.createQueryBuilder(ArchiveRecordEntity, 'a').leftJoin(HouseholdEntity.options.name, 'h', 'h.id = a.householdId'), false)
      .select('h.address', 'address')
      .addSelect(`(SELECT l.room || ' ' || l.cabinet || '柜 ' || l.shelf || '层 ' || l.box || '盒' FROM locations l WHERE l.id = a.location_id)`, 'location');
    for (const c of [
      'archive_no',
      'title',
      'content_category',
      'resident_class',
      'carrier',
      'year',
      'pages',
      'items',
      'retention_class',
      'sensitivity',
      'status',
    ])
      qb.addSelect(`a.${c}`, c);
    const rows: Record<string, unknown>[] = await where(qb, w).orderBy(byText(m, 'a.archiveNo')).limit(limit).offset(offset).getRawMany();
    return rows.map(
      (r) =>
        [
          r.archive_no,
          r.title,
          categoryName(categories, String(r.content_category)),
          label(RESIDENT_CLASS_LABELS, r.resident_class),
          label(CARRIER_LABELS, r.carrier),
          Number(r.year),
          Number(r.pages),
          Number(r.items),
          label(RETENTION_LABELS, r.retention_class),
          label(SENSITIVITY_LABELS, r.sensitivity),
          label(RECORD_STATUS_LABELS, r.status),
          r.location,
          r.address,
        ] as Cell[],
    );
  },
};

export const LISTS: Record<ExportRequest['kind'], ListKind> = { residents, households, records, roster };
