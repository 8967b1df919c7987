import { isAllowed, type Permission } from '../permissions';
import type { Role } from '../roles';

/**
 * 今日待办: a tile stands for work, so it is shown only to a role that can do that work (a clerk
 * does not approve look-ups, an auditor lends nothing). The Node side leaves the others out of the
 * answer; the home page draws what it gets.
 */
export const TILE_PERMISSION = {
  overdueLoans: 'lending.manage',
  loansDueThisWeek: 'lending.manage',
  dueForAppraisal: 'retention.manage',
  destructionWaiting: 'destruction.read',
  pendingReviews: 'review.approve',
  lookupRequestsWaiting: 'lookups.decide',
  daysSinceBackup: 'backup.manage',
} as const satisfies Record<string, Permission>;
export type TileKey = keyof typeof TILE_PERMISSION;

export function tilesFor(role: Role | undefined): TileKey[] {
  return (Object.keys(TILE_PERMISSION) as TileKey[]).filter((k) => isAllowed(role, TILE_PERMISSION[k]));
}
