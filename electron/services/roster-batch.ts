import { In, type EntityManager } from 'typeorm';
import type { BatchEdit, GridMove } from '../../shared/contract/roster.contract';
import { naturalCompare } from '../../shared/domain/natural-order';
import { batchNeedsReview } from '../../shared/domain/roster-policy';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { BuildingEntity, GridEntity, HouseholdEntity, ResidentEntity, UnitEntity } from '../db/entities';
import type { Database } from '../db/database';
import type { ChangeHistory } from './change-history';
import type { ReviewService } from './review.service';
import type { Viewer } from './shield';
import type { HouseholdsService } from './households.service';
import type { ResidentsService } from './residents.service';
import { missing, type StructureService } from './structure.service';
import type { Actor } from './actor';

export type BatchChange = Omit<BatchEdit, 'submitForReview'>;

/** residents r → households h → units u (→ buildings b when asked), as a query to select from. */
const placesOf = (m: EntityManager, withBuildings: boolean) => {
  const q = m
    .createQueryBuilder(ResidentEntity, 'r')
    .innerJoin(HouseholdEntity.options.name, 'h', 'h.id = r.householdId')
    .innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId');
  return withBuildings ? q.innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId') : q;
};
const gone = () => new AppError('NOT_FOUND', ERR.roster.residentsGone);

/**
 * What moving the selected residents to a grid really changes. A household has no grid of its
 * own: it lies in a unit of a building, and the building belongs to a grid. So the selected
 * residents' buildings move — each with all its units, households and residents, selected or not.
 * Counts are of live households and residents (moved-out and dead ones move too, uncounted).
 */
export async function gridMoveOf(m: EntityManager, residentIds: string[], gridId: string): Promise<GridMove> {
  const grid = await m.findOneBy(GridEntity, { id: gridId });
  if (!grid) throw missing('grid');
  const ids = [...new Set(residentIds)];
  const picked = await placesOf(m, true)
    .select('r.id', 'id')
    .addSelect('b.id', 'building_id')
    .addSelect('b.gridId', 'grid_id')
    .where('r.id IN (:...ids)', { ids })
    .getRawMany<{ id: string; building_id: string; grid_id: string }>();
  if (picked.length !== ids.length) throw gone();
  const moving = picked.filter((r) => r.grid_id !== gridId);
  return describeMove(m, grid, [...new Set(moving.map((r) => r.building_id))], new Set(ids), picked.length - moving.length);
}

async function describeMove(
  m: EntityManager,
  grid: { id: string; name: string },
  buildingIds: string[],
  selected: Set<string>,
  alreadyThere: number,
): Promise<GridMove> {
  if (!buildingIds.length) return { gridId: grid.id, gridName: grid.name, buildings: [], households: 0, residents: 0, unselected: 0, alreadyThere };
  const buildings = await m
    .createQueryBuilder(BuildingEntity, 'b')
    .innerJoin(GridEntity.options.name, 'g', 'g.id = b.gridId')
    .select('b.id', 'id')
    .addSelect('b.name', 'name')
    .addSelect('g.name', 'from_grid')
    .where('b.id IN (:...buildingIds)', { buildingIds })
    .getRawMany<{ id: string; name: string; from_grid: string }>();
  const households = await m
    .createQueryBuilder(HouseholdEntity, 'h')
    .innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
    .select('u.buildingId', 'building_id')
    .addSelect('count(*)', 'n')
    .where('u.buildingId IN (:...buildingIds)', { buildingIds })
    .andWhere("h.status = 'active'")
    .groupBy('u.buildingId')
    .getRawMany<{ building_id: string; n: number | string }>();
  const people = await placesOf(m, false)
    .select('r.id', 'id')
    .addSelect('u.buildingId', 'building_id')
    .where('u.buildingId IN (:...buildingIds)', { buildingIds })
    .andWhere("r.status = 'active' AND h.status = 'active'")
    .getRawMany<{ id: string; building_id: string }>();
  const rows = buildings
    .map((b) => ({
      id: b.id,
      name: b.name,
      fromGrid: b.from_grid,
      households: Number(households.find((h) => h.building_id === b.id)?.n ?? 0),
      residents: people.filter((p) => p.building_id === b.id).length,
    }))
    .sort((a, b) => naturalCompare(a.fromGrid, b.fromGrid) || naturalCompare(a.name, b.name));
  return {
    gridId: grid.id,
    gridName: grid.name,
    buildings: rows,
    households: rows.reduce((n, b) => n + b.households, 0),
    residents: people.length,
    unselected: people.filter((p) => !selected.has(p.id)).length,
    alreadyThere,
  };
}

/**
 * Moves the buildings of a reviewed GridMove to its grid: each one's grid is changed (a building
 * with the same code already in that grid is refused, nothing moved), its households' address
 * text follows, and each move is a change of its own in the history and the audit trail.
 */
async function moveBuildings(m: EntityManager, actor: Actor, move: GridMove, s: { structure: StructureService; history: ChangeHistory }): Promise<number> {
  const grid = await m.findOneBy(GridEntity, { id: move.gridId });
  if (!grid) throw missing('grid');
  let moved = 0;
  for (const { id } of move.buildings) {
    const before = await m.findOneBy(BuildingEntity, { id });
    if (!before) throw missing('building');
    if (before.gridId === grid.id) continue;
    const clash = await m.findOneBy(BuildingEntity, { gridId: grid.id, code: before.code });
    if (clash) {
      throw new AppError('CONFLICT', ERR.roster.buildingCodeClash(grid.name, before.code, clash.name, before.name));
    }
    await m.update(BuildingEntity, { id }, { gridId: grid.id });
    await s.structure.refreshAddresses(m, 'building', id);
    const after = { ...before, gridId: grid.id };
    await s.history.record(m, {
      actor: actor.username,
      action: 'building.move',
      subject: `building:${id}`,
      before: { ...before },
      after,
      extra: { batch: true, toGrid: grid.name },
    });
    moved++;
  }
  return moved;
}

/** The residents and households a batch touches; refuses ids that do not exist (nothing written). */
export async function batchScope(m: EntityManager, b: BatchChange): Promise<{ residentIds: string[]; householdIds: string[] }> {
  const ids = [...new Set(b.residentIds)];
  const rows = await m.find(ResidentEntity, { select: ['id', 'householdId'], where: { id: In(ids) } });
  if (rows.length !== ids.length) throw gone();
  return { residentIds: ids, householdIds: [...new Set(rows.map((r) => r.householdId))] };
}

/**
 * Applies a batch on the current values (a patch, not a snapshot): tags are added to / removed from
 * the residents' households, the resident type is set, the buildings of a grid move change grid.
 * Each household, resident and building gets its own change-history entry and audit entry, as a
 * single edit would. Runs in the caller's transaction. `move` is the grid move as reviewed (the
 * pending change keeps it); without one it is worked out now.
 */
export async function applyBatch(
  m: EntityManager,
  actor: Actor,
  b: BatchChange,
  s: { households: HouseholdsService; residents: ResidentsService; structure: StructureService; history: ChangeHistory; nowIso: () => string },
  move?: GridMove,
): Promise<{ residents: number; households: number; buildings: number }> {
  const scope = await batchScope(m, b);
  // The grid first: a refused move (a code clash) leaves the tags and types unwritten too.
  let buildings = 0;
  if (b.gridId) {
    if (move && move.gridId !== b.gridId) throw new AppError('VALIDATION', ERR.roster.gridMoveMismatch);
    buildings = await moveBuildings(m, actor, move ?? (await gridMoveOf(m, b.residentIds, b.gridId)), s);
  }
  let households = 0;
  if (b.addTagIds.length || b.removeTagIds.length) {
    for (const id of scope.householdIds) {
      const h = await s.households.get(id, m);
      const tagIds = [...new Set([...h.tagIds, ...b.addTagIds])].filter((t) => !b.removeTagIds.includes(t));
      if (tagIds.length === h.tagIds.length && tagIds.every((t) => h.tagIds.includes(t))) continue;
      await s.households.applyUpdate(m, actor, id, { unitId: h.unitId, room: h.room, residenceType: h.residenceType as 'own', tagIds, note: h.note });
      households++;
    }
  }
  let residents = 0;
  if (b.residentType) {
    for (const id of scope.residentIds) {
      const before = await s.residents.detail(id, m);
      if (before.residentType === b.residentType) continue;
      await m.update(ResidentEntity, { id }, { residentType: b.residentType, updatedAt: s.nowIso() });
      const after = await s.residents.detail(id, m);
      await s.history.record(m, { actor: actor.username, action: 'resident.update', subject: `resident:${id}`, before, after, extra: { batch: true } });
      residents++;
    }
  }
  return { residents, households, buildings };
}

type BatchDeps = {
  db: Database;
  review: ReviewService;
  households: HouseholdsService;
  residents: ResidentsService;
  structure: StructureService;
  history: ChangeHistory;
  nowIso: () => string;
};

/** 花名册 → 批量修改: applied at once, or waiting for review (roster-policy.ts says which). */
export class RosterBatch {
  constructor(private readonly s: BatchDeps) {}

  async edit(
    by: Viewer,
    { submitForReview, ...b }: BatchEdit,
  ): Promise<{ pendingId: string | null; residents: number; households: number; buildings: number }> {
    const s = this.s;
    const actor = { username: by.username };
    if (batchNeedsReview(by.role, submitForReview)) {
      const scope = await batchScope(s.db.manager, b);
      // A grid move waits with the buildings it moves, as the proposer saw them: the reviewer
      // approves those buildings (and everyone in them), and approval moves exactly those.
      const gridMove = b.gridId ? await gridMoveOf(s.db.manager, b.residentIds, b.gridId) : undefined;
      const pendingId = await s.review.propose(actor, 'roster', 'batch', null, gridMove ? { ...b, gridMove } : b);
      return { pendingId, residents: scope.residentIds.length, households: scope.householdIds.length, buildings: gridMove?.buildings.length ?? 0 };
    }
    const done = await s.db.write((m) => applyBatch(m, actor, b, s));
    return { pendingId: null, ...done };
  }

  gridMovePreview(residentIds: string[], gridId: string): Promise<GridMove> {
    return gridMoveOf(this.s.db.manager, residentIds, gridId);
  }
}
