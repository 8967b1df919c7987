import type { EntityManager } from 'typeorm';
import { enlargeCache } from '../db/dialect';
import { nameKeys } from '../../shared/domain/search-keys';
import type { ColumnKey } from './columns';
import type { Plan } from './plan';

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

export interface CommitControl {
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

/** SQLite binds at most 32766 parameters per statement; stay below with room to spare. */
const MAX_PARAMS = 30_000;

/** Multi-row INSERT (optionally an upsert) in slices: one statement per few hundred rows, not per row. */
export async function insertBatched(
  m: EntityManager,
  table: string,
  cols: string[],
  rows: unknown[][],
  tail: string,
  step: (n: number) => Promise<void>,
): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  const one = `(${cols.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await m.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(chunk.length).fill(one).join(',')} ${tail}`, chunk.flat());
    await step(chunk.length);
  }
}

/** Resident column ← sheet column that feeds it (gender and birth date also follow the ID). */
const RESIDENT_COLS: [string, ColumnKey[]][] = [
  ['household_id', []],
  ['name', []],
  ['name_pinyin', []],
  ['name_initials', []],
  ['gender', ['gender', 'citizenId']],
  ['birth_date', ['birthDate', 'citizenId']],
  ['citizen_id', ['citizenId']],
  ['ethnicity', ['ethnicity']],
  ['political_status', ['politicalStatus']],
  ['education', ['education']],
  ['occupation', ['occupation']],
  ['employer', ['employer']],
  ['phone', ['phone']],
  ['hukou_place', ['hukouPlace']],
  ['move_in_date', ['moveInDate']],
  ['resident_type', ['residentType']],
  ['relation_to_head', ['relationToHead']],
  ['marital_status', ['maritalStatus']],
  ['health', ['health']],
  ['disability', ['disability']],
  ['medical_insurance', ['medicalInsurance']],
  ['social_insurance', ['socialInsurance']],
  ['subsistence', ['subsistence']],
  ['family_planning', ['familyPlanning']],
  ['notes', ['notes']],
];
const RECORD_COLS = [
  'id',
  'archive_no',
  'title',
  'resident_id',
  'household_id',
  'resident_class',
  'content_category',
  'carrier',
  'pages',
  'items',
  'year',
  'sensitivity',
  'retention_class',
  'status',
  'review_status',
  'created_at',
  'updated_at',
];

/**
 * Writes a checked plan inside the caller's transaction: structure, households (upsert), residents
 * (upsert by id: existing residents keep the columns the sheet does not have, their review state and
 * creation time), tags (added, never removed), basic-information records. Throws ImportCancelled
 * between batches when asked to stop; the caller's transaction then rolls everything back.
 */
export async function executePlan(m: EntityManager, plan: Plan, present: Set<ColumnKey>, now: string, ctl: CommitControl): Promise<void> {
  const tagLinks = plan.households.flatMap((h) => [...h.tagIds].map((t) => [h.id, t]));
  const total =
    plan.places.grids.length +
    plan.places.buildings.length +
    plan.places.units.length +
    plan.households.length +
    plan.residents.length +
    plan.records.length +
    tagLinks.length;
  let done = 0;
  const step = async (n: number) => {
    done += n;
    ctl.onProgress(done, total);
    if (ctl.isCancelled()) throw new ImportCancelled();
  };
  ctl.onProgress(0, total);
  if (ctl.isCancelled()) throw new ImportCancelled();
  // A bulk write that outgrows the page cache spills (encrypted) pages mid-transaction: ~2.5× slower.
  const restoreCache = await enlargeCache(m, 128);
  try {
    await writeAll(m, plan, present, now, tagLinks, step);
  } finally {
    await restoreCache();
  }
}

async function writeAll(
  m: EntityManager,
  plan: Plan,
  present: Set<ColumnKey>,
  now: string,
  tagLinks: string[][],
  step: (n: number) => Promise<void>,
): Promise<void> {
  await insertBatched(
    m,
    'grids',
    ['id', 'name', 'code'],
    plan.places.grids.map((p) => [p.id, p.name, p.code]),
    '',
    step,
  );
  await insertBatched(
    m,
    'buildings',
    ['id', 'grid_id', 'name', 'code'],
    plan.places.buildings.map((p) => [p.id, p.parent, p.name, p.code]),
    '',
    step,
  );
  await insertBatched(
    m,
    'units',
    ['id', 'building_id', 'name', 'code'],
    plan.places.units.map((p) => [p.id, p.parent, p.name, p.code]),
    '',
    step,
  );
  await insertBatched(
    m,
    'households',
    ['id', 'unit_id', 'room', 'address', 'residence_type', 'head_resident_id', 'review_status', 'created_at', 'updated_at'],
    plan.households.map((h) => [h.id, h.unitId, h.room, h.address, h.residenceType, h.headResidentId, 'approved', now, now]),
    'ON CONFLICT(id) DO UPDATE SET residence_type = excluded.residence_type, head_resident_id = excluded.head_resident_id, updated_at = excluded.updated_at',
    step,
  );

  const kept = RESIDENT_COLS.filter(([, src]) => src.length === 0 || src.some((k) => present.has(k))).map(([c]) => `${c} = excluded.${c}`);
  const cols = ['id', ...RESIDENT_COLS.map(([c]) => c), 'special_categories', 'review_status', 'created_at', 'updated_at'];
  const rows = plan.residents.map(({ id, row, householdId }) => {
    const d = row.resident;
    const keys = nameKeys(d.name);
    const fromId = d.citizenId
      ? {
          birth: `${d.citizenId.slice(6, 10)}-${d.citizenId.slice(10, 12)}-${d.citizenId.slice(12, 14)}`,
          gender: Number(d.citizenId[16]) % 2 === 1 ? 'male' : 'female',
        }
      : null;
    return [
      id,
      householdId,
      d.name,
      keys.full,
      keys.initials,
      d.gender ?? fromId?.gender ?? null,
      d.birthDate ?? fromId?.birth ?? null,
      d.citizenId ?? null,
      d.ethnicity,
      d.politicalStatus,
      d.education,
      d.occupation,
      d.employer,
      d.phone ?? null,
      d.hukouPlace,
      d.moveInDate ?? null,
      d.residentType,
      d.relationToHead,
      d.maritalStatus,
      d.health,
      d.disability,
      d.medicalInsurance,
      d.socialInsurance,
      d.subsistence,
      d.familyPlanning,
      d.notes,
      '[]',
      'approved',
      now,
      now,
    ];
  });
  await insertBatched(m, 'residents', cols, rows, `ON CONFLICT(id) DO UPDATE SET ${[...kept, 'updated_at = excluded.updated_at'].join(', ')}`, step);

  await insertBatched(
    m,
    'archive_records',
    RECORD_COLS,
    plan.records.map((r) => [
      r.id,
      r.archiveNo,
      r.title,
      r.residentId,
      r.householdId,
      r.residentClass,
      'basic',
      'electronic',
      0,
      1,
      r.year,
      'internal',
      'Y',
      'in',
      'approved',
      now,
      now,
    ]),
    '',
    step,
  );
  await insertBatched(m, 'household_tags', ['household_id', 'tag_id'], tagLinks, 'ON CONFLICT DO NOTHING', step);
}
