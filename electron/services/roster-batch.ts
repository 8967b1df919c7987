import type { EntityManager } from 'typeorm';
import type { BatchEdit } from '../../shared/contract/roster.contract';
import { AppError } from '../../shared/errors';
import type { ChangeHistory } from './change-history';
import type { HouseholdsService } from './households.service';
import type { ResidentsService } from './residents.service';
import type { Actor } from './structure.service';

export type BatchChange = Omit<BatchEdit, 'submitForReview'>;

/** The residents and households a batch touches; refuses ids that do not exist (nothing written). */
export async function batchScope(m: EntityManager, b: BatchChange): Promise<{ residentIds: string[]; householdIds: string[] }> {
  const ids = [...new Set(b.residentIds)];
  const rows: { id: string; household_id: string }[] = await m.query(
    `SELECT id, household_id FROM residents WHERE id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );
  if (rows.length !== ids.length)
    throw new AppError('NOT_FOUND', { zh: '所选居民中有已不存在的，请刷新后重选。', en: 'Some selected residents no longer exist; reload and select again.' });
  return { residentIds: ids, householdIds: [...new Set(rows.map((r) => r.household_id))] };
}

/**
 * Applies a batch on the current values (a patch, not a snapshot): tags are added to / removed from
 * the residents' households, the resident type is set. Each household and resident gets its own
 * change-history entry and audit entry, as a single edit would. Runs in the caller's transaction.
 */
export async function applyBatch(
  m: EntityManager,
  actor: Actor,
  b: BatchChange,
  s: { households: HouseholdsService; residents: ResidentsService; history: ChangeHistory; nowIso: () => string },
): Promise<{ residents: number; households: number }> {
  const scope = await batchScope(m, b);
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
      await m.query('UPDATE residents SET resident_type = ?, updated_at = ? WHERE id = ?', [b.residentType, s.nowIso(), id]);
      const after = await s.residents.detail(id, m);
      await s.history.record(m, { actor: actor.username, action: 'resident.update', subject: `resident:${id}`, before, after, extra: { batch: true } });
      residents++;
    }
  }
  return { residents, households };
}
