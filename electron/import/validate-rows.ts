import { BI_SEP } from '../../shared/contract/channel';
import { ResidentInput } from '../../shared/contract/register-fields';
import { CITIZEN_ID_MESSAGES, parseCitizenId } from '../../shared/domain/citizen-id';
import { COLUMNS, columnFor, columnLabel, GENDERS, HEAD_WORDS, RESIDENCE, RESIDENT_TYPE, type ColumnKey } from './columns';
import type { Cell, Sheet } from './sheet-reader';

/** One problem in one cell: what the dry-run report lists. */
export interface RowIssue {
  row: number;
  column: string;
  value: string;
  zh: string;
  en: string;
  /** The column's key, when the issue belongs to one column. */
  columnKey?: ColumnKey;
  /**
   * Set when the cell holds a value the importer does not recognise for a coded column (户标签,
   * 居住类型, 性别 …): such issues are grouped by (key, value) in the dry run and can be fixed by a
   * mapping instead of by editing every row.
   */
  unknown?: true;
}

/**
 * Keeper-chosen meanings for values the importer does not know: column → sheet value → a known
 * value of that column (for 户标签: a tag name). Consulted before the built-in synonym tables.
 */
export type ValueMappings = Partial<Record<ColumnKey, Record<string, string>>>;

/** A row that passed every check that needs no database. */
export interface ImportRow {
  rowNo: number;
  grid: string;
  building: string;
  unit: string;
  room: string;
  isHead: boolean;
  residenceType: 'own' | 'rented' | 'other' | null;
  tagIds: string[];
  /** ResidentInput without householdId (filled in when the household is known). */
  resident: Omit<ResidentInput, 'householdId'>;
}

export interface Validated {
  rows: ImportRow[];
  issues: RowIssue[];
  present: Set<ColumnKey>;
}

const MAX_LEN: Partial<Record<ColumnKey, number>> = { grid: 60, building: 60, unit: 40, room: 16 };

/** Text of a cell; Excel dates become YYYY-MM-DD; the apostrophe our CSV export adds before = + - @ goes. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

/** Accepts 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305, Excel dates and serial numbers. */
export function parseDateCell(v: Cell): { ok: true; value: string | null } | { ok: false; impossible: boolean } {
  if (v === null || v === '') return { ok: true, value: null };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { ok: false, impossible: true } : { ok: true, value: v.toISOString().slice(0, 10) };
  if (typeof v === 'number') {
    // Excel serial day numbers (1900 system): 1 = 1900-01-01, with its famous fake 29 Feb 1900.
    if (v < 1 || v > 2958465) return { ok: false, impossible: true };
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000);
    return { ok: true, value: d.toISOString().slice(0, 10) };
  }
  const s = cellText(v);
  if (!s) return { ok: true, value: null };
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, impossible: false };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1880) return { ok: false, impossible: true };
  return { ok: true, value: `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** Splits 户标签 on 、 ; , (full- and half-width). */
export function splitTags(s: string): string[] {
  return s.split(/[、;；,，]/).map((t) => t.trim()).filter(Boolean);
}

const FIELD_OF_PATH: Record<string, ColumnKey> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.key]));

/**
 * Checks every row without touching the database: formats, citizen IDs (check digit, scientific
 * notation, also when the cell is a number), dates, coded values, tag names, duplicates within the sheet.
 */
export function validateRows(sheet: Sheet, tagIdByName: Map<string, string>, today: string, mappings: ValueMappings = {}): Validated {
  const issues: RowIssue[] = [];
  const colIndex = new Map<ColumnKey, number>();
  sheet.headers.forEach((h, i) => {
    const key = columnFor(h);
    if (key && !colIndex.has(key)) colIndex.set(key, i);
  });
  const missing = COLUMNS.filter((c) => c.required && !colIndex.has(c.key));
  if (missing.length) {
    const names = missing.map((c) => c.zh).join('、');
    issues.push({ row: 1, column: names, value: '', zh: `表头缺少必填列：${names}`, en: `The header lacks required columns: ${missing.map((c) => c.en).join(', ')}` });
    return { rows: [], issues, present: new Set(colIndex.keys()) };
  }
  const rows: ImportRow[] = [];
  const seenId = new Map<string, number>();
  const seenName = new Map<string, { row: number; hasId: boolean }>();
  const heads = new Map<string, number>();
  for (const { rowNo, cells } of sheet.rows) {
    const raw = (k: ColumnKey): Cell => {
      const i = colIndex.get(k);
      return i === undefined ? null : (cells[i] ?? null);
    };
    const text = (k: ColumnKey) => cellText(raw(k));
    const before = issues.length;
    const bad = (k: ColumnKey, zh: string, en: string, value = text(k)) => issues.push({ row: rowNo, column: columnLabel(k), columnKey: k, value, zh, en });
    const unknown = (k: ColumnKey, zh: string, en: string, value = text(k)) => issues.push({ row: rowNo, column: columnLabel(k), columnKey: k, value, zh, en, unknown: true });
    const mapped = (k: ColumnKey, s: string): string => mappings[k]?.[s] ?? s;

    for (const k of ['grid', 'building', 'unit', 'room', 'name'] as const) {
      if (!text(k)) bad(k, `请填写${columnLabel(k)}`, `${k} is required`);
      else if (MAX_LEN[k] && text(k).length > MAX_LEN[k]!) bad(k, `最多 ${MAX_LEN[k]} 个字`, `At most ${MAX_LEN[k]} characters`);
    }
    // Citizen ID: a number cell has already lost digits (Excel keeps 15 significant digits).
    const idCell = raw('citizenId');
    let citizenId: string | null = null;
    if (typeof idCell === 'number') {
      const m = CITIZEN_ID_MESSAGES['scientific-notation'];
      bad('citizenId', m.zh, m.en, idCell.toExponential(5).toUpperCase());
    } else if (text('citizenId')) {
      const p = parseCitizenId(text('citizenId'), today);
      if (!p.ok) bad('citizenId', CITIZEN_ID_MESSAGES[p.problem].zh, CITIZEN_ID_MESSAGES[p.problem].en);
      else citizenId = p.info.id;
    }
    const dates: Partial<Record<'birthDate' | 'moveInDate', string | null>> = {};
    for (const k of ['birthDate', 'moveInDate'] as const) {
      const d = parseDateCell(raw(k));
      if (d.ok) dates[k] = d.value;
      else if (d.impossible) bad(k, '日期不存在', 'This date does not exist (impossible date)', text(k));
      else bad(k, '日期格式应为 YYYY-MM-DD', 'Dates look like YYYY-MM-DD', text(k));
    }
    const coded = <T>(k: ColumnKey, table: Record<string, T>, zh: string, en: string): T | null => {
      const s = text(k);
      if (!s) return null;
      const m = mapped(k, s);
      const v = table[m.toLowerCase()] ?? table[m];
      if (v === undefined) unknown(k, zh, en);
      return v ?? null;
    };
    const gender = coded('gender', GENDERS, '性别应为“男”或“女”', 'Gender is 男 (male) or 女 (female)');
    const residenceType = coded('residenceType', RESIDENCE, '居住类型应为 自有 / 租住 / 其他', 'Residence type is own / rented / other');
    const residentType = coded('residentType', RESIDENT_TYPE, '人员类别应为 户籍居民 / 非户籍居民 / 流动人口', 'Resident type is registered / unregistered / floating');
    const tagIds: string[] = [];
    for (const name of splitTags(text('tags'))) {
      const id = tagIdByName.get(mapped('tags', name));
      if (id) tagIds.push(id);
      else unknown('tags', `未知的户标签“${name}”，请先在 设置→标签 中添加`, `Unknown household tag "${name}"; add it under Settings → Tags first`, name);
    }
    const opt = (k: ColumnKey) => text(k) || null;
    const candidate = {
      householdId: '-',
      name: text('name'),
      gender,
      birthDate: dates.birthDate ?? null,
      citizenId,
      ethnicity: opt('ethnicity'), politicalStatus: opt('politicalStatus'), education: opt('education'), occupation: opt('occupation'),
      employer: opt('employer'), phone: opt('phone'), hukouPlace: opt('hukouPlace'), moveInDate: dates.moveInDate ?? null,
      residentType: residentType ?? 'registered',
      relationToHead: opt('relationToHead'), maritalStatus: opt('maritalStatus'), health: opt('health'), disability: opt('disability'),
      medicalInsurance: opt('medicalInsurance'), socialInsurance: opt('socialInsurance'), subsistence: opt('subsistence'),
      familyPlanning: opt('familyPlanning'), specialCategories: [], notes: opt('notes'),
    };
    // The same field rules as the register's form (lengths, phone, ID ↔ birth date/gender).
    const parsed = ResidentInput.safeParse(candidate);
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const key = FIELD_OF_PATH[String(iss.path[0])];
        if (!key || issues.some((x) => x.row === rowNo && x.column === columnLabel(key))) continue;
        const [zh, en] = iss.message.includes(BI_SEP) ? iss.message.split(BI_SEP) : [iss.message, iss.message];
        bad(key, zh, en);
      }
      // Never drop a row silently: a rule on a field the sheet has no column for is still reported.
      if (issues.length === before) {
        const [zh, en] = (parsed.error.issues[0]?.message ?? '').split(BI_SEP);
        issues.push({ row: rowNo, column: '', value: '', zh: zh || '该行数据有误', en: en || zh || 'This row is invalid' });
      }
    }
    const hhKey = householdKey(text('grid'), text('building'), text('unit'), text('room'));
    if (citizenId) {
      const first = seenId.get(citizenId);
      if (first !== undefined) bad('citizenId', `身份证号与第 ${first} 行重复`, `Duplicate citizen ID: same as row ${first}`);
      else seenId.set(citizenId, rowNo);
    }
    // Without an ID, a resident is matched by name within the household: names must then be unique there.
    const nameKey = `${hhKey}\u0000${text('name')}`;
    const prevName = seenName.get(nameKey);
    if (prevName && (!citizenId || !prevName.hasId)) bad('name', `同一户中姓名与第 ${prevName.row} 行重复（无身份证号时无法区分）`, `Same name as row ${prevName.row} in this household (cannot tell them apart without an ID)`);
    else if (!prevName) seenName.set(nameKey, { row: rowNo, hasId: !!citizenId });
    const isHead = HEAD_WORDS.has(text('relationToHead').toLowerCase());
    if (isHead) {
      const h = heads.get(hhKey);
      if (h !== undefined) bad('relationToHead', `本户已在第 ${h} 行指定户主`, `This household already has a head on row ${h}`);
      else heads.set(hhKey, rowNo);
    }
    if (issues.length > before || !parsed.success) continue;
    const { householdId: _h, ...resident } = parsed.data;
    rows.push({ rowNo, grid: text('grid'), building: text('building'), unit: text('unit'), room: text('room'), isHead, residenceType, tagIds, resident });
  }
  return { rows, issues, present: new Set(colIndex.keys()) };
}

export function householdKey(grid: string, building: string, unit: string, room: string): string {
  return [grid, building, unit, room].join('\u0000');
}
