import type { EntityManager } from 'typeorm';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, BuildingEntity, GridEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, UnitEntity } from '../db/entities';
import type { ResidentRecord } from '../db/entities/resident.entity';
import type { ArchiveRecordRow } from '../db/entities/record.entity';
import { nameKeys } from '../../shared/domain/search-keys';
import type { ColumnKey } from './columns';
import type { Plan, PlanChunk } from './plan';

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

export interface CommitControl {
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

type ResidentProp = keyof ResidentRecord & string;
/** Resident property ← sheet column that feeds it (gender and birth date also follow the ID). */
const RESIDENT_COLS: [ResidentProp, ColumnKey[]][] = [
  ['householdId', []],
  ['name', []],
  ['namePinyin', []],
  ['nameInitials', []],
  ['gender', ['gender', 'citizenId']],
  ['birthDate', ['birthDate', 'citizenId']],
  ['citizenId', ['citizenId']],
  ['ethnicity', ['ethnicity']],
  ['politicalStatus', ['politicalStatus']],
  ['education', ['education']],
  ['occupation', ['occupation']],
  ['employer', ['employer']],
  ['phone', ['phone']],
  ['hukouPlace', ['hukouPlace']],
  ['moveInDate', ['moveInDate']],
  ['residentType', ['residentType']],
  ['relationToHead', ['relationToHead']],
  ['maritalStatus', ['maritalStatus']],
  ['health', ['health']],
  ['disability', ['disability']],
  ['medicalInsurance', ['medicalInsurance']],
  ['socialInsurance', ['socialInsurance']],
  ['subsistence', ['subsistence']],
  ['familyPlanning', ['familyPlanning']],
  ['notes', ['notes']],
];
/** Distinct names whose pinyin keys are kept while an import runs. */
const NAME_CACHE = 20_000;

const RECORD_COLS: (keyof ArchiveRecordRow & string)[] = [
  'id',
  'archiveNo',
  'title',
  'residentId',
  'householdId',
  'residentClass',
  'contentCategory',
  'carrier',
  'pages',
  'items',
  'year',
  'sensitivity',
  'retentionClass',
  'status',
  'reviewStatus',
  'createdAt',
  'updatedAt',
];

/**
 * Writes a checked plan inside the caller's transaction: structure, households (upsert), residents
 * (upsert by id: existing residents keep the columns the sheet does not have, their review state and
 * creation time), tags (added, never removed), basic-information records. Throws ImportCancelled
 * between batches when asked to stop; the caller's transaction then rolls everything back.
 */
export async function executePlan(m: EntityManager, plan: Plan, present: Set<ColumnKey>, now: string, ctl: CommitControl): Promise<void> {
  const w = await chunkWriter(m, present, now, ctl, () => 0);
  try {
    await w.write(plan, 0);
    await w.finish();
  } finally {
    await w.close();
  }
}

/** A plan written chunk by chunk (a streamed import): see chunkWriter. */
export interface ChunkWriter {
  /**
   * Starts writing one chunk (`sheetRows`: the sheet rows it came from) once the chunk before has
   * landed, and returns as soon as it has started: the caller reads and checks the next batch
   * while the database writes this one.
   */
  write(chunk: PlanChunk, sheetRows: number): Promise<void>;
  /** Waits for the last chunk; progress ends at total = done. */
  finish(): Promise<void>;
  /** Waits for whatever is still being written (also after an error) and puts the cache back. */
  close(): Promise<void>;
}

/**
 * The writer behind executePlan and the streamed commit. Progress counts rows written; the total
 * is estimated from the sheet rows still expected (`expectedSheetRows`) until the last chunk.
 */
export async function chunkWriter(
  m: EntityManager,
  present: Set<ColumnKey>,
  now: string,
  ctl: CommitControl,
  expectedSheetRows: () => number,
): Promise<ChunkWriter> {
  let done = 0;
  let planned = 0;
  let sheetRows = 0;
  let pending: Promise<void> = Promise.resolve();
  const total = () => {
    const expected = expectedSheetRows();
    return Math.max(planned, done, sheetRows && expected > sheetRows ? Math.round((planned * expected) / sheetRows) : 0);
  };
  const step = async (n: number) => {
    done += n;
    ctl.onProgress(done, total());
    if (ctl.isCancelled()) throw new ImportCancelled();
  };
  // Pinyin keys per name: names repeat across a street's residents (NAME_CACHE at most).
  const names = new Map<string, { full: string; initials: string }>();
  ctl.onProgress(0, Math.max(1, expectedSheetRows()));
  if (ctl.isCancelled()) throw new ImportCancelled();
  // A bulk write that outgrows the page cache spills (encrypted) pages mid-transaction: ~2.5× slower.
  const restoreCache = await dialectOf(m).enlargeCache(m, 128);
  return {
    async write(chunk, n) {
      await pending;
      const tagLinks = chunk.households.flatMap((h) => [...h.tagIds].map((t) => [h.id, t]));
      planned +=
        chunk.places.grids.length +
        chunk.places.buildings.length +
        chunk.places.units.length +
        chunk.households.length +
        chunk.residents.length +
        chunk.records.length +
        tagLinks.length;
      sheetRows += n;
      pending = writeAll(m, chunk, present, now, tagLinks, step, names);
      // Awaited by the next write, finish or close; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
    },
    async finish() {
      await pending;
      ctl.onProgress(done, done);
    },
    async close() {
      await pending.catch(() => undefined);
      await restoreCache();
    },
  };
}

async function writeAll(
  m: EntityManager,
  plan: PlanChunk,
  present: Set<ColumnKey>,
  now: string,
  tagLinks: string[][],
  step: (n: number) => Promise<void>,
  names: Map<string, { full: string; initials: string }>,
): Promise<void> {
  const d = dialectOf(m);
  await d.insertRows(
    m,
    GridEntity,
    ['id', 'name', 'code'],
    plan.places.grids.map((p) => [p.id, p.name, p.code]),
    null,
    step,
  );
  await d.insertRows(
    m,
    BuildingEntity,
    ['id', 'gridId', 'name', 'code'],
    plan.places.buildings.map((p) => [p.id, p.parent, p.name, p.code]),
    null,
    step,
  );
  await d.insertRows(
    m,
    UnitEntity,
    ['id', 'buildingId', 'name', 'code'],
    plan.places.units.map((p) => [p.id, p.parent, p.name, p.code]),
    null,
    step,
  );
  // A household already there (in the archive, or written by an earlier batch) takes only what this
  // batch's rows set; a new one goes in whole.
  for (const [residenceType, head] of [
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ]) {
    const group = plan.households.filter((h) => h.sets.residenceType === residenceType && h.sets.head === head);
    await d.insertRows(
      m,
      HouseholdEntity,
      ['id', 'unitId', 'room', 'address', 'residenceType', 'headResidentId', 'reviewStatus', 'createdAt', 'updatedAt'],
      group.map((h) => [h.id, h.unitId, h.room, h.address, h.residenceType, h.headResidentId, 'approved', now, now]),
      { on: ['id'], update: [...(residenceType ? ['residenceType' as const] : []), ...(head ? ['headResidentId' as const] : []), 'updatedAt'] },
      step,
    );
  }

  const kept = RESIDENT_COLS.filter(([, src]) => src.length === 0 || src.some((k) => present.has(k))).map(([c]) => c);
  const cols: ResidentProp[] = ['id', ...RESIDENT_COLS.map(([c]) => c), 'specialCategories', 'reviewStatus', 'createdAt', 'updatedAt'];
  const rows = plan.residents.map(({ id, row, householdId }) => {
    const d = row.resident;
    let keys = names.get(d.name);
    if (!keys) {
      // Bounded: a street's 1M residents hold hundreds of thousands of names; the common ones come back soon.
      if (names.size >= NAME_CACHE) names.clear();
      names.set(d.name, (keys = nameKeys(d.name)));
    }
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
  await d.insertRows(m, ResidentEntity, cols, rows, { on: ['id'], update: [...kept, 'updatedAt'] }, step);

  await d.insertRows(
    m,
    ArchiveRecordEntity,
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
    null,
    step,
  );
  await d.insertRows(m, HouseholdTagEntity, ['householdId', 'tagId'], tagLinks, 'ignore', step);
}
