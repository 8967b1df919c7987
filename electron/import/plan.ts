import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Settings } from '../../shared/contract/settings.contract';
import { patternFor } from '../../shared/domain/record-categories';
import { ArchiveRecordEntity, BuildingEntity, GridEntity, HouseholdEntity, RecordCategoryEntity, ResidentEntity, UnitEntity } from '../db/entities';
import { ArchiveNumberIssuer } from './archive-numbers';
import { columnLabel } from './columns';
import { householdKey, rowRef, type ImportRow, type RowIssue } from './validate-rows';

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
  tagIds: Set<string>;
  codes: { grid: string; building: string; unit: string };
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
  const p = planner.add(rows);
  return { issues: p.issues, counts: planner.counts, places: p.places, households: p.households, residents: p.residents, records: p.records };
}

/** What one batch of rows adds to the plan: its issues, what it creates, and the households it touched (new or changed). */
export type PlanChunk = Omit<Plan, 'counts'>;

export interface Planner {
  /** Counts of everything added so far. */
  readonly counts: ImportCounts;
  add(rows: ImportRow[]): PlanChunk;
}

/**
 * planImport for rows that arrive in batches (a streamed import): the archive is read once, and
 * each batch is planned against it and against the batches before it, so the batches together get
 * planImport's answer for the whole sheet. `atomic`: a row the plan refuses leaves no trace (no
 * place or household made for it, no tags or residence type applied), as planning the sheet again
 * without it does.
 */
export async function openPlanner(
  m: EntityManager,
  s: Settings,
  deps: { newId: () => string; today: string; basicRecords?: boolean },
  atomic = false,
): Promise<Planner> {
  // Whole tables, as raw rows (no entity hydration: a street holds 100k residents).
  const raw = <T>(entity: EntityTarget<ObjectLiteral>, cols: Record<string, string>, where?: (qb: SelectQueryBuilder<ObjectLiteral>) => void): Promise<T[]> => {
    const qb = m.createQueryBuilder(entity, 'x').select([]);
    for (const [alias, prop] of Object.entries(cols)) qb.addSelect(`x.${prop}`, alias);
    where?.(qb);
    return qb.getRawMany<T>();
  };
  // One after another: a transaction's connection runs one statement at a time on either engine.
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
  const hhs = await raw<{ id: string; unit_id: string; room: string; address: string; residence_type: string; head_resident_id: string | null }>(
    HouseholdEntity,
    { id: 'id', unit_id: 'unitId', room: 'room', address: 'address', residence_type: 'residenceType', head_resident_id: 'headResidentId' },
  );
  const residents = await raw<{ id: string; household_id: string; name: string; citizen_id: string | null }>(ResidentEntity, {
    id: 'id',
    household_id: 'householdId',
    name: 'name',
    citizen_id: 'citizenId',
  });
  const basics = await raw<{ resident_id: string }>(ArchiveRecordEntity, { resident_id: 'residentId' }, (qb) =>
    qb.distinct(true).where('x.contentCategory = :basic', { basic: 'basic' }).andWhere('x.residentId IS NOT NULL'),
  );
  const numbers = await raw<{ archive_no: string }>(ArchiveRecordEntity, { archive_no: 'archiveNo' });
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
      p = { id: deps.newId(), name, code: codeFor(name, taken, fallback), parent, isNew: true };
      idx.byName.set(key, p);
      out.push(p);
      counts[count]++;
    }
    return p;
  };

  const hhByUnitRoom = new Map(hhs.map((h) => [`${h.unit_id}\u0000${h.room}`, h]));
  const planned = new Map<string, PlannedHousehold>();
  const byId = new Map<string, (typeof residents)[number]>();
  const byHhName = new Map<string, (typeof residents)[number][]>();
  for (const r of residents) {
    if (r.citizen_id) byId.set(r.citizen_id, r);
    const k = `${r.household_id}\u0000${r.name}`;
    (byHhName.get(k) ?? byHhName.set(k, []).get(k)!).push(r);
  }
  const hasBasic = new Set(basics.map((b) => b.resident_id));
  const matched = new Map<string, ImportRow>();
  const year = Number(deps.today.slice(0, 4));
  // 基本信息 records take their category's 档号 pattern (设置 → 档案分类) when it, or a class above it, has one.
  const basicPattern = patternFor(await m.find(RecordCategoryEntity), 'basic', s.archiveNoPattern).pattern;
  const issuer = new ArchiveNumberIssuer(
    basicPattern,
    numbers.map((n) => n.archive_no),
  );

  // What a row's household would be, without making anything (the atomic plan matches first).
  const peek = (row: ImportRow): { id: string; isNew: boolean } => {
    const hh = planned.get(householdKey(row.grid, row.building, row.unit, row.room));
    if (hh) return hh;
    const g = gIdx.byName.get(`\u0000${row.grid}`);
    const b = g && bIdx.byName.get(`${g.id}\u0000${row.building}`);
    const u = b && uIdx.byName.get(`${b.id}\u0000${row.unit}`);
    const ex = u && !u.isNew ? hhByUnitRoom.get(`${u.id}\u0000${row.room}`) : undefined;
    return ex ? { id: ex.id, isNew: false } : { id: '', isNew: true };
  };
  // Match: by citizen ID anywhere in the archive, else by name within this household.
  const match = (row: ImportRow, hh: { id: string; isNew: boolean }): { existing?: (typeof residents)[number]; issue?: RowIssue } => {
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
        const ref = rowRef(first.rowNo, first.sheet);
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

  const add = (rows: ImportRow[]): PlanChunk => {
    const issues: RowIssue[] = [];
    const places: Plan['places'] = { grids: [], buildings: [], units: [] };
    const touched = new Set<PlannedHousehold>();
    const out: PlannedResident[] = [];
    const records: PlannedRecord[] = [];
    for (const row of rows) {
      const early = atomic ? match(row, peek(row)) : undefined;
      if (early?.issue) {
        issues.push(early.issue);
        continue;
      }
      const g = place(gIdx, places.grids, '', row.grid, 'G', 'grids');
      const b = place(bIdx, places.buildings, g.id, row.building, 'B', 'buildings');
      const u = place(uIdx, places.units, b.id, row.unit, 'U', 'units');
      const hk = householdKey(row.grid, row.building, row.unit, row.room);
      let hh = planned.get(hk);
      if (!hh) {
        const ex = u.isNew ? undefined : hhByUnitRoom.get(`${u.id}\u0000${row.room}`);
        hh = {
          id: ex?.id ?? deps.newId(),
          unitId: u.id,
          room: row.room,
          address: ex?.address ?? `${g.name} ${b.name} ${u.name} ${row.room}`,
          residenceType: ex?.residence_type ?? 'other',
          headResidentId: ex?.head_resident_id ?? null,
          isNew: !ex,
          tagIds: new Set(),
          codes: { grid: g.code, building: b.code, unit: u.code },
        };
        planned.set(hk, hh);
        counts[ex ? 'householdsUpdated' : 'householdsCreated']++;
      }
      if (row.residenceType) hh.residenceType = row.residenceType;
      for (const t of row.tagIds) hh.tagIds.add(t);
      touched.add(hh);

      const { existing, issue } = early ?? match(row, hh);
      if (issue) {
        issues.push(issue);
        continue;
      }
      if (existing) matched.set(existing.id, row);
      const id = existing?.id ?? deps.newId();
      out.push({ id, isNew: !existing, row, householdId: hh.id });
      counts[existing ? 'residentsUpdated' : 'residentsCreated']++;
      if (row.isHead) hh.headResidentId = id;
      if (deps.basicRecords && !hasBasic.has(id)) {
        hasBasic.add(id);
        const values = { fonds: s.fondsCode, community: s.fondsCode, year, retention: 'Y', category: 'basic', ...hh.codes, room: hh.room };
        records.push({
          id: deps.newId(),
          archiveNo: issuer.issue(values),
          title: `${row.resident.name}基本信息档案`,
          residentId: id,
          householdId: hh.id,
          residentClass: row.resident.residentType === 'registered' ? 'registered' : 'unregistered',
          year,
        });
        counts.recordsCreated++;
      }
    }
    return { issues, places, households: [...touched], residents: out, records };
  };
  return { counts, add };
}
