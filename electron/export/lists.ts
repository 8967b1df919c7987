import type { EntityManager } from 'typeorm';
import type { ExportRequest } from '../../shared/contract/data.contract';
import { CARRIER_LABELS, RECORD_STATUS_LABELS, RESIDENT_CLASS_LABELS, RETENTION_LABELS, SENSITIVITY_LABELS } from '../../shared/domain/archive-types';
import type { RosterFilters } from '../../shared/contract/roster.contract';
import { categoryName, descendants } from '../../shared/domain/record-categories';
import { RecordCategoryEntity } from '../db/entities';
import { SqlWhere } from '../db/sql-where';
import { rosterWhere } from '../services/roster-query';
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
const PLACE_JOIN = 'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id';
// Discreet tags leave the archives room as their code only, as on printed covers (domain: 重点户).
const TAGS_OF = (h: string) =>
  `(SELECT group_concat(CASE WHEN t.discreet THEN t.code ELSE t.name END, '、') FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id = ${h}.id)`;

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
  page: (m, q, offset, limit) => residentRows(m, rosterWhere(q.roster, q.today), offset, limit),
};

async function residentRows(m: EntityManager, w: SqlWhere, offset: number, limit: number): Promise<Cell[][]> {
  // Sorted by codes, as the import template lists them; the screen's natural order is for reading.
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT g.name AS grid, b.name AS building, u.name AS unit, h.room, h.residence_type, r.*, ${TAGS_OF('h')} AS tags
     FROM residents r JOIN households h ON h.id = r.household_id ${PLACE_JOIN} ${w} ORDER BY g.code, b.code, u.code, h.room, r.created_at, r.id LIMIT ? OFFSET ?`,
    [...w.params, limit, offset],
  );
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
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT g.name AS grid, b.name AS building, u.name AS unit, h.room, h.address, h.residence_type, h.note,
        (SELECT r.name FROM residents r WHERE r.id = h.head_resident_id) AS head, (SELECT count(*) FROM residents r WHERE r.household_id = h.id) AS members,
        ${TAGS_OF('h')} AS tags
       FROM households h ${PLACE_JOIN} ${w} ORDER BY g.code, b.code, u.code, h.room LIMIT ? OFFSET ?`,
      [...w.params, limit, offset],
    );
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
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT a.*, h.address, (SELECT l.room || ' ' || l.cabinet || '柜 ' || l.shelf || '层 ' || l.box || '盒' FROM locations l WHERE l.id = a.location_id) AS location
       FROM archive_records a LEFT JOIN households h ON h.id = a.household_id LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id
       ${w} ORDER BY a.archive_no LIMIT ? OFFSET ?`,
      [...w.params, limit, offset],
    );
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
