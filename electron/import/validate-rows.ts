import { BI_SEP } from '../../shared/contract/channel';
import { ResidentInput } from '../../shared/contract/register-fields';
import { CITIZEN_ID_MESSAGES, normalizeCitizenId, parseCitizenId } from '../../shared/domain/citizen-id';
import { RESIDENT_TYPES } from '../../shared/domain/resident-types';
import { codedHint, isOpenVocabulary, normaliseCoded, type CodedColumn } from '../../shared/domain/coded-values';
import { parseSheetDate } from '../../shared/domain/sheet-dates';
import { COLUMN_BY_KEY, COLUMNS, columnLabel, HEAD_WORDS, type ColumnKey } from './columns';
import { columnIndex } from './header-row';
import { LedgerView, MemoryLedger, type KeyLedger } from './key-ledger';
import type { Cell, Sheet, SheetRow } from './sheet-reader';

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
  /** The worksheet, when the workbook has several (row numbers alone would be ambiguous). */
  sheet?: string;
}

/**
 * Keeper-chosen meanings for values the importer does not know: column → sheet value → a known
 * value of that column (for 户标签: a tag name). Consulted before the built-in synonym tables.
 */
export type ValueMappings = Partial<Record<ColumnKey, Record<string, string>>>;

/** A row that passed every check that needs no database. */
export interface ImportRow {
  rowNo: number;
  sheet?: string;
  grid: string;
  building: string;
  unit: string;
  room: string;
  /** The household's number in this sheet: rows at the same address (grid, building, unit, room) share it. */
  household: number;
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

/** Dates as sheets hold them (see shared/domain/sheet-dates.ts: one rule for the importer and the form). */
export function parseDateCell(v: Cell): { ok: true; value: string | null } | { ok: false; impossible: boolean } {
  return parseSheetDate(v);
}

/** "第 6 行", or "「1号楼」第 6 行" when the workbook has several worksheets. */
export function rowRef(row: number, sheet?: string): { zh: string; en: string } {
  return sheet ? { zh: `「${sheet}」第 ${row} 行`, en: `row ${row} of sheet "${sheet}"` } : { zh: `第 ${row} 行`, en: `row ${row}` };
}

/** Splits 户标签 on 、 ; , (full- and half-width). */
export function splitTags(s: string): string[] {
  return s
    .split(/[、;；,，]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

const FIELD_OF_PATH: Record<string, ColumnKey> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.key]));

/** The coded columns read through the shared normaliser, besides 户标签 (tags live in the archive). */
const CODED: readonly CodedColumn[] = [
  'gender',
  'residenceType',
  'residentType',
  'ethnicity',
  'politicalStatus',
  'education',
  'maritalStatus',
  'relationToHead',
  'health',
  'medicalInsurance',
  'socialInsurance',
  'subsistence',
];
type Coded = { ok: true; value: string } | { ok: false };

/** Every worksheet read must have the required columns; the report names the worksheet and its header row. */
export function headerIssues(sheet: Sheet): RowIssue[] {
  const parts = sheet.parts ?? [{ name: null, headerRow: 1, headers: sheet.headers, rows: sheet.rows.length }];
  const issues: RowIssue[] = [];
  for (const p of parts) {
    const idx = columnIndex(p.headers);
    const missing = COLUMNS.filter((c) => c.required && !idx.has(c.key));
    if (!missing.length) continue;
    const names = missing.map((c) => c.zh).join('、');
    issues.push({
      row: p.headerRow,
      column: names,
      value: '',
      ...(p.name !== null ? { sheet: p.name } : {}),
      zh: `表头缺少必填列：${names}`,
      en: `The header lacks required columns: ${missing.map((c) => c.en).join(', ')}`,
    });
  }
  return issues;
}

/**
 * Checks every row without touching the database: formats, citizen IDs (check digit, scientific
 * notation, also when the cell is a number), dates, coded values, tag names, duplicates within the sheet.
 */
export async function validateRows(sheet: Sheet, tagIdByName: Map<string, string>, today: string, mappings: ValueMappings = {}): Promise<Validated> {
  const present = new Set(columnIndex(sheet.headers).keys());
  const issues = headerIssues(sheet);
  if (issues.length) return { rows: [], issues, present };
  return { ...(await rowChecker(sheet.headers, tagIdByName, today, mappings)(sheet.rows)), present };
}

/**
 * validateRows's row checks for a sheet that arrives in batches (a streamed 1M-row import): the
 * checks that span rows (duplicate IDs, names in a household, two heads) remember earlier batches
 * in `ledger` (a streamed sheet's: in memory up to SPILL_KEYS, then on disk; see key-ledger.ts), so
 * the batches together get exactly the issues the whole sheet would.
 */
export function rowChecker(
  headers: string[],
  tagIdByName: Map<string, string>,
  today: string,
  mappings: ValueMappings = {},
  ledger: KeyLedger = new MemoryLedger(),
): (batch: SheetRow[]) => Promise<{ rows: ImportRow[]; issues: RowIssue[] }> {
  const colIndex = columnIndex(headers);
  let issues: RowIssue[] = [];
  let rows: ImportRow[] = [];
  // Where a row was, as one small integer (RowRefs), not an object per row.
  const refs = new RowRefs();
  // What the cross-row checks know in the batch in hand: the ledger's answers for the batch's keys
  // (rows of earlier batches), then the batch's own first sightings, recorded when it is done.
  /** Citizen ID → where first seen. */
  const seenId = new LedgerView<number>(ledger, 'citizenId');
  /** Each address once (grid, building, unit, room) → its household number; the checks below key by the number. */
  const households = new LedgerView<number>(ledger, 'address');
  let nextHousehold = 0;
  /** Household number and name → where first seen, flagged when that row had a citizen ID. */
  const seenName = new LedgerView<number>(ledger, 'name');
  /** Household number → its head's row. */
  const heads = new LedgerView<number>(ledger, 'head');
  // Sheets repeat the same few values thousands of times: normalise each distinct one once.
  const codedCache = new Map<CodedColumn, Map<string, Coded>>(CODED.map((k) => [k, new Map()]));
  const normalised = (k: CodedColumn, s: string): Coded => {
    const cache = codedCache.get(k)!;
    let r = cache.get(s);
    if (!r) cache.set(s, (r = normaliseCoded(k, mappings[k]?.[s] ?? s)));
    return r;
  };
  // Each column's position once, and each cell's text once per row (rules read a cell several times).
  const keys = [...colIndex.keys()];
  const slot = new Map(keys.map((k, i) => [k, i]));
  // The row in hand, read by helpers made once (not once per row: a sheet has 1M rows at street scale).
  let cells: Cell[] = [];
  let texts: (string | undefined)[] = [];
  let at: { row: number; sheet?: string } = { row: 0 };
  const raw = (k: ColumnKey): Cell => {
    const i = colIndex.get(k);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const text = (k: ColumnKey): string => {
    const i = slot.get(k);
    if (i === undefined) return '';
    return (texts[i] ??= cellText(cells[colIndex.get(k)!] ?? null));
  };
  const bad = (k: ColumnKey, zh: string, en: string, value = text(k)) => issues.push({ ...at, column: columnLabel(k), columnKey: k, value, zh, en });
  const unknown = (k: ColumnKey, zh: string, en: string, value = text(k)) =>
    issues.push({ ...at, column: columnLabel(k), columnKey: k, value, zh, en, unknown: true });
  const mapped = (k: ColumnKey, s: string): string => mappings[k]?.[s] ?? s;
  const ref = (n: number) => {
    const p = refs.at(n);
    return rowRef(p.row, p.sheet);
  };
  // Coded values: the stored value, or (closed vocabularies) an unknown-value issue the mapping step can fix.
  const coded = (k: CodedColumn): string | null => {
    const s = text(k);
    if (!s) return null;
    const r = normalised(k, s);
    if (r.ok) return r.value;
    if (isOpenVocabulary(k)) return s;
    const label = columnLabel(k);
    const hint = codedHint(k);
    unknown(k, `无法识别的${label}“${s}”，应为 ${hint.zh}`, `Unknown ${COLUMN_BY_KEY.get(k)!.en.toLowerCase()} "${s}"; expected ${hint.en}`);
    return null;
  };
  const opt = (k: ColumnKey) => text(k) || null;
  /** The row's citizen ID as checked (null: none, or refused), read before the batch's look-ups. */
  const citizenIdOf = (): { id: string | null; problem?: () => void } => {
    const idCell = raw('citizenId');
    if (typeof idCell === 'number') {
      const m = CITIZEN_ID_MESSAGES['scientific-notation'];
      return { id: null, problem: () => bad('citizenId', m.zh, m.en, idCell.toExponential(5).toUpperCase()) };
    }
    if (!text('citizenId')) return { id: null };
    const p = parseCitizenId(text('citizenId'), today);
    if (!p.ok) return { id: null, problem: () => bad('citizenId', CITIZEN_ID_MESSAGES[p.problem].zh, CITIZEN_ID_MESSAGES[p.problem].en) };
    return { id: p.info.id };
  };
  /** Per row of the batch in hand: its cell texts read so far, its citizen ID, its household number. */
  let pre: { texts: (string | undefined)[]; cid: ReturnType<typeof citizenIdOf>; household: number }[] = [];
  const nameKey = (household: number, name: string) => JSON.stringify([household, name]);

  const checkRow = (row: SheetRow, i: number): void => {
    const { rowNo, sheet: sheetName } = row;
    cells = row.cells;
    texts = pre[i].texts;
    const before = issues.length;
    at = sheetName === undefined ? { row: rowNo } : { row: rowNo, sheet: sheetName };

    for (const k of ['grid', 'building', 'unit', 'room', 'name'] as const) {
      if (!text(k)) bad(k, `请填写${columnLabel(k)}`, `${k} is required`);
      else if (MAX_LEN[k] && text(k).length > MAX_LEN[k]!) bad(k, `最多 ${MAX_LEN[k]} 个字`, `At most ${MAX_LEN[k]} characters`);
    }
    // Citizen ID: a number cell has already lost digits (Excel keeps 15 significant digits).
    const { id: citizenId, problem } = pre[i].cid;
    problem?.();
    const dates: Partial<Record<'birthDate' | 'moveInDate', string | null>> = {};
    for (const k of ['birthDate', 'moveInDate'] as const) {
      const d = parseDateCell(raw(k));
      if (d.ok) dates[k] = d.value;
      else if (d.impossible) bad(k, '日期不存在', 'This date does not exist (impossible date)', text(k));
      else
        bad(
          k,
          '日期格式应为 YYYY-MM-DD（也可写 1985/3/2、1985.3.2、19850302、1985年3月2日）',
          'Dates look like YYYY-MM-DD (1985/3/2, 1985.3.2, 19850302 and 1985年3月2日 work too)',
          text(k),
        );
    }
    const value = {} as Record<CodedColumn, string | null>;
    for (const k of CODED) value[k] = coded(k);
    const tagIds: string[] = [];
    for (const name of splitTags(text('tags'))) {
      const id = tagIdByName.get(mapped('tags', name));
      if (id) tagIds.push(id);
      else unknown('tags', `未知的户标签“${name}”，请先在 设置→标签 中添加`, `Unknown household tag "${name}"; add it under Settings → Tags first`, name);
    }
    const candidate = {
      householdId: '-',
      name: text('name'),
      gender: value.gender,
      birthDate: dates.birthDate ?? null,
      citizenId,
      ethnicity: value.ethnicity,
      politicalStatus: value.politicalStatus,
      education: value.education,
      occupation: opt('occupation'),
      employer: opt('employer'),
      phone: opt('phone'),
      hukouPlace: opt('hukouPlace'),
      moveInDate: dates.moveInDate ?? null,
      residentType: value.residentType ?? 'registered',
      relationToHead: value.relationToHead,
      maritalStatus: value.maritalStatus,
      health: value.health,
      disability: opt('disability'),
      medicalInsurance: value.medicalInsurance,
      socialInsurance: value.socialInsurance,
      subsistence: value.subsistence,
      familyPlanning: opt('familyPlanning'),
      specialCategories: [],
      notes: opt('notes'),
    };
    // The same field rules as the register's form (lengths, phone, ID ↔ birth date/gender).
    const parsed = residentInput(candidate);
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const key = FIELD_OF_PATH[String(iss.path[0])];
        if (!key || issues.some((x) => x.row === rowNo && x.sheet === sheetName && x.column === columnLabel(key))) continue;
        const [zh, en] = iss.message.includes(BI_SEP) ? iss.message.split(BI_SEP) : [iss.message, iss.message];
        bad(key, zh, en);
      }
      // Never drop a row silently: a rule on a field the sheet has no column for is still reported.
      if (issues.length === before) {
        const [zh, en] = (parsed.error.issues[0]?.message ?? '').split(BI_SEP);
        issues.push({ ...at, column: '', value: '', zh: zh || '该行数据有误', en: en || zh || 'This row is invalid' });
      }
    }
    const household = pre[i].household;
    if (citizenId) {
      const first = seenId.get(citizenId);
      if (first !== undefined) bad('citizenId', `身份证号与${ref(first).zh}重复`, `Duplicate citizen ID: same as ${ref(first).en}`);
      else seenId.set(citizenId, refs.ref(at));
    }
    // Without an ID, a resident is matched by name within the household: names must then be unique there.
    const nk = nameKey(household, text('name'));
    const prevName = seenName.get(nk);
    if (prevName !== undefined && (!citizenId || !refs.flag(prevName)))
      bad(
        'name',
        `同一户中姓名与${ref(prevName).zh}重复（无身份证号时无法区分）`,
        `Same name as ${ref(prevName).en} in this household (cannot tell them apart without an ID)`,
      );
    else if (prevName === undefined) seenName.set(nk, refs.ref(at, !!citizenId));
    const isHead = HEAD_WORDS.has((value.relationToHead ?? '').toLowerCase());
    if (isHead) {
      const h = heads.get(String(household));
      if (h !== undefined) bad('relationToHead', `本户已在${ref(h).zh}指定户主`, `This household already has a head on ${ref(h).en}`);
      else heads.set(String(household), refs.ref(at));
    }
    if (issues.length > before || !parsed.success) return;
    const { householdId: _h, ...resident } = parsed.data;
    const residenceType = value.residenceType as ImportRow['residenceType'];
    rows.push({
      ...(sheetName === undefined ? {} : { sheet: sheetName }),
      rowNo,
      grid: text('grid'),
      building: text('building'),
      unit: text('unit'),
      room: text('room'),
      household,
      isHead,
      residenceType,
      tagIds,
      resident,
    });
  };
  return async (batch) => {
    rows = [];
    issues = [];
    // The batch's keys first, so the ledger is asked once per set for the whole batch.
    pre = batch.map((row) => {
      cells = row.cells;
      texts = new Array(keys.length);
      at = row.sheet === undefined ? { row: row.rowNo } : { row: row.rowNo, sheet: row.sheet };
      return { texts, cid: citizenIdOf(), household: -1 };
    });
    const addressOf = (i: number) => {
      cells = batch[i].cells;
      texts = pre[i].texts;
      return householdKey(text('grid'), text('building'), text('unit'), text('room'));
    };
    const addresses = batch.map((_, i) => addressOf(i));
    await households.begin(addresses);
    addresses.forEach((a, i) => {
      let n = households.get(a);
      if (n === undefined) households.set(a, (n = nextHousehold++));
      pre[i].household = n;
    });
    await seenId.begin(pre.map((p) => p.cid.id).filter((c): c is string => !!c));
    await seenName.begin(
      batch.map((row, i) => {
        cells = row.cells;
        texts = pre[i].texts;
        return nameKey(pre[i].household, text('name'));
      }),
    );
    await heads.begin(pre.map((p) => String(p.household)));
    batch.forEach(checkRow);
    for (const v of [households, seenId, seenName, heads]) await v.end();
    pre = [];
    return { rows, issues };
  };
}

type ResidentParse = { success: true; data: ResidentInput } | ReturnType<typeof ResidentInput.safeParse>;

const OPT_MAX = {
  ethnicity: 20,
  politicalStatus: 20,
  education: 20,
  occupation: 40,
  employer: 100,
  hukouPlace: 100,
  relationToHead: 20,
  maritalStatus: 20,
  health: 40,
  disability: 40,
  medicalInsurance: 40,
  socialInsurance: 40,
  subsistence: 40,
  familyPlanning: 60,
  notes: 1000,
} as const;
const PHONE_RE = /^[\d+\-\s]{5,20}$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A text the schema's trim/max/empty→null leaves as it is. */
const keptText = (v: unknown, max: number) => v === null || (typeof v === 'string' && v !== '' && v.length <= max && v.trim() === v);
/** A date the schema's date reader gives back unchanged (already YYYY-MM-DD and a real day). */
const keptDate = (v: unknown) => {
  if (v === null) return true;
  if (typeof v !== 'string' || !ISO_DATE_RE.test(v)) return false;
  const r = parseSheetDate(v);
  return r.ok && r.value === v;
};

/**
 * ResidentInput.safeParse for the importer's candidate rows. Most rows arrive already in the form
 * the schema returns (trimmed texts, normalised codes, YYYY-MM-DD dates, a checked ID): for those
 * the schema would hand back the same values, so they are taken as they are; every other row — any
 * value the schema would change or refuse — goes through the schema itself, which words the issues.
 * test/unit/import-fast-check.test.ts holds both to the same answers.
 */
export function residentInput(c: Record<string, unknown>): ResidentParse {
  if (c.householdId !== '-' || !Array.isArray(c.specialCategories) || c.specialCategories.length) return ResidentInput.safeParse(c);
  const name = c.name;
  if (typeof name !== 'string' || name === '' || name.length > 40 || name.trim() !== name) return ResidentInput.safeParse(c);
  if (c.gender !== null && c.gender !== 'male' && c.gender !== 'female') return ResidentInput.safeParse(c);
  if (!keptDate(c.birthDate) || !keptDate(c.moveInDate)) return ResidentInput.safeParse(c);
  if (typeof c.residentType !== 'string' || !(RESIDENT_TYPES as readonly string[]).includes(c.residentType)) return ResidentInput.safeParse(c);
  const phone = c.phone;
  if (phone !== null && (typeof phone !== 'string' || phone.trim() !== phone || !PHONE_RE.test(phone))) return ResidentInput.safeParse(c);
  for (const [k, max] of Object.entries(OPT_MAX)) if (!keptText(c[k], max)) return ResidentInput.safeParse(c);
  const cid = c.citizenId;
  if (cid !== null) {
    if (typeof cid !== 'string' || cid.length > 30 || cid.trim() !== cid || normalizeCitizenId(cid) !== cid) return ResidentInput.safeParse(c);
    // The schema's cross-field rule: the ID checks out and agrees with the birth date and gender.
    const p = parseCitizenId(cid);
    if (!p.ok || (c.birthDate && c.birthDate !== p.info.birthDate) || (c.gender && c.gender !== p.info.gender)) return ResidentInput.safeParse(c);
  }
  // In the schema's key order.
  const data = {
    householdId: '-',
    name,
    gender: c.gender,
    birthDate: c.birthDate,
    citizenId: cid,
    ethnicity: c.ethnicity,
    politicalStatus: c.politicalStatus,
    education: c.education,
    occupation: c.occupation,
    employer: c.employer,
    phone,
    hukouPlace: c.hukouPlace,
    moveInDate: c.moveInDate,
    residentType: c.residentType,
    relationToHead: c.relationToHead,
    maritalStatus: c.maritalStatus,
    health: c.health,
    disability: c.disability,
    medicalInsurance: c.medicalInsurance,
    socialInsurance: c.socialInsurance,
    subsistence: c.subsistence,
    familyPlanning: c.familyPlanning,
    specialCategories: [],
    notes: c.notes,
  } as ResidentInput;
  return { success: true, data };
}

/** An address as one key (JSON: unambiguous whatever the cells hold, and plain text for the ledger). */
export function householdKey(grid: string, building: string, unit: string, room: string): string {
  return JSON.stringify([grid, building, unit, room]);
}

/**
 * An ASCII text kept for the whole import (a checked citizen ID, an id) as one string of its own.
 * Not a slice of a cell's text: an inline string of the sheet's XML is one, and would keep that
 * whole chunk of XML alive. Not a concatenation either: Node's randomUUID builds its result from ~20
 * pieces, ~400 bytes an id where 48 will do.
 */
export function ownAscii(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

/**
 * Row positions kept per row across a whole sheet, each as one number — row × 128 + worksheet × 2 +
 * a flag — a small integer to V8 (no object per row) up to row 8 388 607. Worksheets past the 63rd
 * (or rows past that) are kept aside and referred to by a negative number.
 */
export class RowRefs {
  private readonly sheets = new Map<string | undefined, number>([[undefined, 0]]);
  private readonly names: (string | undefined)[] = [undefined];
  private readonly aside: { row: number; sheet?: string; flag: boolean }[] = [];

  ref(at: { row: number; sheet?: string }, flag = false): number {
    let i = this.sheets.get(at.sheet);
    if (i === undefined) {
      i = this.names.push(at.sheet) - 1;
      this.sheets.set(at.sheet, i);
    }
    if (i < 64 && at.row < 8_388_608) return at.row * 128 + i * 2 + (flag ? 1 : 0);
    return -this.aside.push({ row: at.row, ...(at.sheet === undefined ? {} : { sheet: at.sheet }), flag });
  }

  at(n: number): { row: number; sheet?: string } {
    if (n < 0) {
      const { row, sheet } = this.aside[-n - 1];
      return sheet === undefined ? { row } : { row, sheet };
    }
    const sheet = this.names[(n % 128) >> 1];
    const row = Math.floor(n / 128);
    return sheet === undefined ? { row } : { row, sheet };
  }

  flag(n: number): boolean {
    return n < 0 ? this.aside[-n - 1].flag : n % 2 === 1;
  }
}
