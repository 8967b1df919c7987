import { Brackets, type EntityManager, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Settings } from '../../shared/contract/settings.contract';
import { patternFor } from '../../shared/domain/record-categories';
import type { ArchiveNoValues } from '../../shared/domain/archive-number';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, BuildingEntity, GridEntity, HouseholdEntity, RecordCategoryEntity, ResidentEntity, UnitEntity } from '../db/entities';
import { ArchiveNumberIssuer } from './archive-numbers';
import { LedgerView, MemoryLedger, type KeyLedger } from './key-ledger';
import { columnLabel } from './columns';
import { ownAscii, rowRef, RowRefs, type ImportRow, type RowIssue } from './validate-rows';

export interface ImportCounts {
  grids: number;
  buildings: number;
  units: number;
  householdsCreated: number;
  householdsUpdated: number;
  residentsCreated: number;
  residentsUpdated: number;
  recordsCreated: number;
}

type Place = { id: string; name: string; code: string; parent: string; isNew: boolean };
export interface PlannedHousehold {
  id: string;
  unitId: string;
  room: string;
  address: string;
  residenceType: string;
  headResidentId: string | null;
  isNew: boolean;
  /** Tags this batch's rows give the household (added, never removed). */
  tagIds: Set<string>;
  codes: { grid: string; building: string; unit: string };
  /**
   * Which of residenceType / headResidentId this batch's rows set: only those are written over a
   * household that exists (in the archive, or from an earlier batch of the same sheet); a new one
   * is written whole the first time.
   */
  sets: { residenceType: boolean; head: boolean };
}
export interface PlannedResident {
  id: string;
  isNew: boolean;
  row: ImportRow;
  householdId: string;
}
export interface PlannedRecord {
  id: string;
  archiveNo: string;
  title: string;
  residentId: string;
  householdId: string;
  residentClass: string;
  year: number;
}

export interface Plan {
  issues: RowIssue[];
  counts: ImportCounts;
  places: { grids: Place[]; buildings: Place[]; units: Place[] };
  households: PlannedHousehold[];
  residents: PlannedResident[];
  records: PlannedRecord[];
}

const where = (row: ImportRow) => (row.sheet === undefined ? { row: row.rowNo } : { row: row.rowNo, sheet: row.sheet });

/** Codes follow the name (letters and digits of any script), made unique among siblings. */
function codeFor(name: string, taken: Set<string>, fallback: string): string {
  const base = name.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 12) || fallback;
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  taken.add(code);
  return code;
}

/**
 * Matches validated rows against what the archive already holds and decides, row by row, what
 * to create and what to update. Reads only; runs for the dry run and again inside the commit's
 * transaction, so the commit acts on exactly what it checked.
 */
/** `deps.basicRecords`: a 基本信息档案 per new person, only when the keeper chose it in the dry run. */
export async function planImport(
  m: EntityManager,
  rows: ImportRow[],
  s: Settings,
  deps: { newId: () => string; today: string; basicRecords?: boolean },
): Promise<Plan> {
  const planner = await openPlanner(m, s, deps);
  const p = await planner.add(rows);
  return { issues: p.issues, counts: planner.counts, places: p.places, households: p.households, residents: p.residents, records: p.records };
}

/** What one batch of rows adds to the plan: its issues, what it creates, and the households it touched (new or changed). */
export type PlanChunk = Omit<Plan, 'counts'>;

export interface Planner {
  /** Counts of everything added so far. */
  readonly counts: ImportCounts;
  add(rows: ImportRow[]): Promise<PlanChunk>;
}

type Existing = { id: string; household_id: string; name: string; citizen_id: string | null };
type ExistingHousehold = { id: string; unit_id: string; room: string; address: string; residence_type: string; head_resident_id: string | null };

/** Ids per query: well inside both engines' limits on bound parameters. */
const PER_QUERY = 900;

/**
 * planImport for rows that arrive in batches (a streamed import): each batch is planned against the
 * archive and against the batches before it, so the batches together get planImport's answer for
 * the whole sheet. `atomic`: a row the plan refuses leaves no trace (no place or household made for
 * it, no tags or residence type applied), as planning the sheet again without it does.
 *
 * Memory stays flat with the sheet: the archive's structure (grids, buildings, units: a few
 * thousand rows for a street) is read once; its households and residents are looked up per batch,
 * by the batch's addresses and citizen IDs, through their indexes. What the planner remembers across
 * batches — each household the sheet names (its number in the sheet → id), and each resident of the
 * archive a row matched (id → row, so a later row cannot match the same person again) — is kept in
 * `ledger` (a streamed sheet's: in memory up to SPILL_KEYS, then on disk; key-ledger.ts) and asked
 * for per batch. Only the residents the import moves or re-identifies (`before`) stay in memory.
 *
 * Inside the commit the look-ups run in the transaction that is writing the earlier batches, so
 * they see those writes. That cannot change an answer: a person the import creates is never matched
 * by a later row (the sheet's own checks refuse a second row with the same ID, or with the same
 * name in the household unless both rows carry different IDs), a household it creates is found by
 * its number in the sheet first, and the residents it updates — moved to another household, or given or
 * cleared an ID — are looked up as they were before the import (`before`), as the dry run sees them.
 */
export async function openPlanner(
  m: EntityManager,
  s: Settings,
  deps: { newId: () => string; today: string; basicRecords?: boolean },
  atomic = false,
  ledger: KeyLedger = new MemoryLedger(),
): Promise<Planner> {
  // Whole tables, as raw rows (no entity hydration).
  const raw = <T>(entity: EntityTarget<ObjectLiteral>, cols: Record<string, string>, where?: (qb: SelectQueryBuilder<ObjectLiteral>) => void): Promise<T[]> => {
    const qb = m.createQueryBuilder(entity, 'x').select([]);
    for (const [alias, prop] of Object.entries(cols)) qb.addSelect(`x.${prop}`, alias);
    where?.(qb);
    return qb.getRawMany<T>();
  };
  /** `raw` for the rows whose `prop` is one of `ids`, a slice of ids per query. */
  const rawIn = async <T>(entity: EntityTarget<ObjectLiteral>, cols: Record<string, string>, prop: string, ids: string[], extra?: string): Promise<T[]> => {
    const out: T[] = [];
    // One after another: a transaction's connection runs one statement at a time on either engine.
    for (let i = 0; i < ids.length; i += PER_QUERY) {
      const slice = ids.slice(i, i + PER_QUERY);
      out.push(
        ...(await raw<T>(entity, cols, (qb) => {
          qb.where(`x.${prop} IN (:...ids)`, { ids: slice });
          if (extra) qb.andWhere(extra);
        })),
      );
    }
    return out;
  };
  const grids = await raw<{ id: string; name: string; code: string }>(GridEntity, { id: 'id', name: 'name', code: 'code' });
  const buildings = await raw<{ id: string; grid_id: string; name: string; code: string }>(BuildingEntity, {
    id: 'id',
    grid_id: 'gridId',
    name: 'name',
    code: 'code',
  });
  const units = await raw<{ id: string; building_id: string; name: string; code: string }>(UnitEntity, {
    id: 'id',
    building_id: 'buildingId',
    name: 'name',
    code: 'code',
  });
  const HH_COLS = { id: 'id', unit_id: 'unitId', room: 'room', address: 'address', residence_type: 'residenceType', head_resident_id: 'headResidentId' };
  const RES_COLS = { id: 'id', household_id: 'householdId', name: 'name', citizen_id: 'citizenId' };
  const counts: ImportCounts = {
    grids: 0,
    buildings: 0,
    units: 0,
    householdsCreated: 0,
    householdsUpdated: 0,
    residentsCreated: 0,
    residentsUpdated: 0,
    recordsCreated: 0,
  };
  // Structure by name: grid → building (in grid) → unit (in building); missing ones are created.
  const index = (list: { id: string; name: string; code: string }[], parentOf: (x: never) => string) => {
    const byName = new Map<string, Place>();
    const codes = new Map<string, Set<string>>();
    for (const x of list) {
      const parent = parentOf(x as never);
      const key = `${parent}\u0000${x.name}`;
      if (!byName.has(key)) byName.set(key, { ...x, parent, isNew: false });
      (codes.get(parent) ?? codes.set(parent, new Set()).get(parent)!).add(x.code);
    }
    return { byName, codes };
  };
  const gIdx = index(grids, () => '');
  const bIdx = index(buildings, (x: { grid_id: string }) => x.grid_id);
  const uIdx = index(units, (x: { building_id: string }) => x.building_id);
  const place = (idx: ReturnType<typeof index>, out: Place[], parent: string, name: string, fallback: string, count: keyof ImportCounts): Place => {
    const key = `${parent}\u0000${name}`;
    let p = idx.byName.get(key);
    if (!p) {
      const taken = idx.codes.get(parent) ?? idx.codes.set(parent, new Set()).get(parent)!;
      p = { id: ownAscii(deps.newId()), name, code: codeFor(name, taken, fallback), parent, isNew: true };
      idx.byName.set(key, p);
      out.push(p);
      counts[count]++;
    }
    return p;
  };
  /** The existing unit a row names, if every level of it is in the archive. */
  const existingUnit = (row: ImportRow): Place | undefined => {
    const g = gIdx.byName.get(`\u0000${row.grid}`);
    const b = g && bIdx.byName.get(`${g.id}\u0000${row.building}`);
    const u = b && uIdx.byName.get(`${b.id}\u0000${row.unit}`);
    return u && !u.isNew ? u : undefined;
  };

  /**
   * Every household the sheet has named so far, by its number in the sheet (ImportRow.household):
   * its id, and whether the import creates it. Earlier batches' are in the ledger ('household':
   * "1<id>" for one the import creates, "0<id>" for one the archive has), asked for per batch.
   */
  const planned = new LedgerView<string>(ledger, 'household');
  const plannedOf = (row: ImportRow): { id: string; isNew: boolean } | undefined => {
    const v = planned.get(String(row.household));
    return v === undefined ? undefined : { id: v.slice(1), isNew: v[0] === '1' };
  };
  /** Residents of the archive matched by a row: id → that row (RowRefs); earlier batches' in the ledger ('matched'). */
  const refs = new RowRefs();
  const matched = new LedgerView<number>(ledger, 'matched');
  /**
   * Matched residents whose household or ID the import changes, as they were before it (the rows of
   * the look-ups below are read through this), indexed by the old ID and the old household.
   */
  const before = new Map<string, Existing>();
  const beforeByCid = new Map<string, string>();
  const beforeByHh = new Map<string, string[]>();
  const year = Number(deps.today.slice(0, 4));
  // 基本信息 records take their category's 档号 pattern (设置 → 档案分类) when it, or a class above it, has one.
  const basicPattern = patternFor(await m.find(RecordCategoryEntity), 'basic', s.archiveNoPattern).pattern;
  const issuer = new ArchiveNumberIssuer(basicPattern, (prefixes) => numbersUnder(m, prefixes));

  const add = async (rows: ImportRow[]): Promise<PlanChunk> => {
    await planned.begin(rows.map((r) => String(r.household)));
    // The batch's look-ups: households at the addresses it names (in units the archive has) …
    const unitIds = new Set<string>();
    for (const row of rows) {
      if (plannedOf(row)) continue;
      const u = existingUnit(row);
      if (u) unitIds.add(u.id);
    }
    const hhs = await rawIn<ExistingHousehold>(HouseholdEntity, HH_COLS, 'unitId', [...unitIds]);
    const hhByUnitRoom = new Map(hhs.map((h) => [`${h.unit_id}\u0000${h.room}`, h]));
    // … the residents with its citizen IDs, and the residents of those households (as they were before the import).
    const cids = [...new Set(rows.map((r) => r.resident.citizenId).filter((c): c is string => !!c))];
    const hhIds = new Set(hhs.map((h) => h.id));
    for (const row of rows) {
      const p = plannedOf(row);
      if (p && !p.isNew) hhIds.add(p.id);
    }
    const asBefore = (r: Existing): Existing => before.get(r.id) ?? r;
    const byId = new Map<string, Existing>();
    for (const r of await rawIn<Existing>(ResidentEntity, RES_COLS, 'citizenId', cids)) {
      const was = asBefore(r);
      if (was.citizen_id) byId.set(was.citizen_id, was);
    }
    for (const c of cids) {
      const id = beforeByCid.get(c);
      if (id) byId.set(c, before.get(id)!);
    }
    const byHhName = new Map<string, Existing[]>();
    const members = (await rawIn<Existing>(ResidentEntity, RES_COLS, 'householdId', [...hhIds])).map(asBefore);
    for (const h of hhIds) for (const id of beforeByHh.get(h) ?? []) members.push(before.get(id)!);
    const listed = new Set<string>();
    for (const r of members) {
      if (!hhIds.has(r.household_id) || listed.has(r.id)) continue;
      listed.add(r.id);
      const k = `${r.household_id}\u0000${r.name}`;
      (byHhName.get(k) ?? byHhName.set(k, []).get(k)!).push(r);
    }
    // Which of the residents this batch can match an earlier batch's row already matched.
    await matched.begin([...[...byId.values()].map((r) => r.id), ...listed]);

    // What a row's household would be, without making anything (the atomic plan matches first).
    const peek = (row: ImportRow): { id: string; isNew: boolean } => {
      const hh = plannedOf(row);
      if (hh) return hh;
      const u = existingUnit(row);
      const ex = u ? hhByUnitRoom.get(`${u.id}\u0000${row.room}`) : undefined;
      return ex ? { id: ex.id, isNew: false } : { id: '', isNew: true };
    };
    // Match: by citizen ID anywhere in the archive, else by name within this household.
    const match = (row: ImportRow, hh: { id: string; isNew: boolean }): { existing?: Existing; issue?: RowIssue } => {
      const cid = row.resident.citizenId;
      let existing = cid ? byId.get(cid) : undefined;
      if (existing && existing.name !== row.resident.name) {
        return {
          issue: {
            ...where(row),
            column: columnLabel('citizenId'),
            columnKey: 'citizenId',
            value: cid ?? '',
            zh: '该身份证号已登记给另一位居民（姓名不同），请核对',
            en: 'This citizen ID is registered to another resident (different name); check it',
          },
        };
      }
      if (!existing && !hh.isNew) {
        const same = byHhName.get(`${hh.id}\u0000${row.resident.name}`) ?? [];
        existing = same.find((r) => !r.citizen_id || !cid || r.citizen_id === cid);
      }
      if (existing) {
        const first = matched.get(existing.id);
        if (first !== undefined) {
          const at = refs.at(first);
          const ref = rowRef(at.row, at.sheet);
          return {
            issue: {
              ...where(row),
              column: columnLabel('name'),
              columnKey: 'name',
              value: row.resident.name,
              zh: `与${ref.zh}对应同一位已登记居民`,
              en: `Matches the same registered resident as ${ref.en}`,
            },
          };
        }
      }
      return { existing };
    };

    const issues: RowIssue[] = [];
    const places: Plan['places'] = { grids: [], buildings: [], units: [] };
    const touched = new Map<number, PlannedHousehold>();
    const out: PlannedResident[] = [];
    /** Basic-information records to make, once the batch's numbers can be issued. */
    const wanted: { residentId: string; isNew: boolean; row: ImportRow; hh: PlannedHousehold }[] = [];
    for (const row of rows) {
      const early = atomic ? match(row, peek(row)) : undefined;
      if (early?.issue) {
        issues.push(early.issue);
        continue;
      }
      const g = place(gIdx, places.grids, '', row.grid, 'G', 'grids');
      const b = place(bIdx, places.buildings, g.id, row.building, 'B', 'buildings');
      const u = place(uIdx, places.units, b.id, row.unit, 'U', 'units');
      let known = plannedOf(row);
      let ex: ExistingHousehold | undefined;
      if (!known) {
        ex = u.isNew ? undefined : hhByUnitRoom.get(`${u.id}\u0000${row.room}`);
        known = { id: ex?.id ?? deps.newId(), isNew: !ex };
        planned.set(String(row.household), (known.isNew ? '1' : '0') + known.id);
        counts[ex ? 'householdsUpdated' : 'householdsCreated']++;
      }
      let hh = touched.get(row.household);
      if (!hh) {
        // Written again if an earlier batch wrote it: then only what this batch's rows set (see `sets`).
        hh = {
          id: known.id,
          unitId: u.id,
          room: row.room,
          address: ex?.address ?? `${g.name} ${b.name} ${u.name} ${row.room}`,
          residenceType: ex?.residence_type ?? 'other',
          headResidentId: ex?.head_resident_id ?? null,
          isNew: known.isNew,
          tagIds: new Set(),
          codes: { grid: g.code, building: b.code, unit: u.code },
          sets: { residenceType: false, head: false },
        };
        touched.set(row.household, hh);
      }
      if (row.residenceType) {
        hh.residenceType = row.residenceType;
        hh.sets.residenceType = true;
      }
      for (const t of row.tagIds) hh.tagIds.add(t);

      const { existing, issue } = early ?? match(row, known);
      if (issue) {
        issues.push(issue);
        continue;
      }
      if (existing) {
        matched.set(existing.id, refs.ref(where(row)));
        const cid = row.resident.citizenId ?? null;
        if ((existing.household_id !== hh.id || existing.citizen_id !== cid) && !before.has(existing.id)) {
          before.set(existing.id, existing);
          if (existing.citizen_id) beforeByCid.set(existing.citizen_id, existing.id);
          (beforeByHh.get(existing.household_id) ?? beforeByHh.set(existing.household_id, []).get(existing.household_id)!).push(existing.id);
        }
      }
      const id = existing?.id ?? deps.newId();
      out.push({ id, isNew: !existing, row, householdId: hh.id });
      counts[existing ? 'residentsUpdated' : 'residentsCreated']++;
      if (row.isHead) {
        hh.headResidentId = id;
        hh.sets.head = true;
      }
      if (deps.basicRecords) wanted.push({ residentId: id, isNew: !existing, row, hh });
    }

    const records: PlannedRecord[] = [];
    if (wanted.length) {
      // A 基本信息档案 for each person who has none yet (a resident the import creates has none).
      const olds = wanted.filter((w) => !w.isNew).map((w) => w.residentId);
      const hasBasic = new Set(
        (await rawIn<{ resident_id: string }>(ArchiveRecordEntity, { resident_id: 'residentId' }, 'residentId', olds, "x.contentCategory = 'basic'")).map(
          (r) => r.resident_id,
        ),
      );
      const make = wanted.filter((w) => w.isNew || !hasBasic.has(w.residentId));
      const values = (w: (typeof make)[number]): ArchiveNoValues => ({
        fonds: s.fondsCode,
        community: s.fondsCode,
        year,
        retention: 'Y',
        category: 'basic',
        ...w.hh.codes,
        room: w.hh.room,
      });
      await issuer.prepare(make.map(values));
      for (const w of make) {
        records.push({
          id: deps.newId(),
          archiveNo: issuer.issue(values(w)),
          title: `${w.row.resident.name}基本信息档案`,
          residentId: w.residentId,
          householdId: w.hh.id,
          residentClass: w.row.resident.residentType === 'registered' ? 'registered' : 'unregistered',
          year,
        });
        counts.recordsCreated++;
      }
    }
    await planned.end();
    await matched.end();
    return { issues, places, households: [...touched.values()], residents: out, records };
  };
  return { counts, add };
}

/** Prefixes per query when asking for the 档号 under several at once. */
const PREFIXES_PER_QUERY = 50;

/**
 * The 档号 that start with any of `prefixes`, each prefix a range of the archive_no index
 * ([prefix, prefix with its last character raised by one), in code point order: SQLite's binary
 * order; on PostgreSQL COLLATE "C", which migration 0013 indexes).
 */
async function numbersUnder(m: EntityManager, prefixes: string[]): Promise<string[]> {
  const d = dialectOf(m);
  const col = d.textOrder('a.archiveNo');
  const out: string[] = [];
  for (let i = 0; i < prefixes.length; i += PREFIXES_PER_QUERY) {
    const slice = prefixes.slice(i, i + PREFIXES_PER_QUERY);
    if (slice.includes('')) {
      // A pattern that starts with its sequence: every number may be one of them.
      const all = await m.createQueryBuilder(ArchiveRecordEntity, 'a').select('a.archiveNo', 'archive_no').getRawMany<{ archive_no: string }>();
      return all.map((r) => r.archive_no);
    }
    const qb = m.createQueryBuilder(ArchiveRecordEntity, 'a').select('a.archiveNo', 'archive_no');
    qb.where(
      new Brackets((w) => {
        slice.forEach((p, k) => {
          const upper = raised(p);
          const range = upper === null ? `${col} >= :lo${k}` : `(${col} >= :lo${k} AND ${col} < :hi${k})`;
          w.orWhere(range, upper === null ? { [`lo${k}`]: p } : { [`lo${k}`]: p, [`hi${k}`]: upper });
        });
      }),
    );
    out.push(...(await qb.getRawMany<{ archive_no: string }>()).map((r) => r.archive_no));
  }
  return out;
}

/** The least string above every string that starts with `p` (null: none, p ends with the last code point). */
function raised(p: string): string | null {
  const chars = [...p];
  const last = chars.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff) return null;
  return chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
}
