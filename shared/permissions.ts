import type { Role } from './roles';

/**
 * Every action a signed-in user may take, mapped to the roles allowed.
 * Deny by default: an action missing here, or a role missing from its list, is refused.
 * Two pseudo-permissions are not in this table on purpose:
 *  - 'public': reachable without a session (first-run status, setup, sign-in, recovery);
 *  - 'session': any signed-in user (sign out, change own password, keep-alive).
 */
export const PERMISSIONS = {
  'users.read': ['admin'],
  'users.manage': ['admin'],
  'staff.read': ['admin', 'keeper'],
  'dashboard.read': ['admin', 'keeper', 'clerk', 'auditor'],
  'settings.read': ['admin', 'keeper', 'clerk', 'auditor'],
  'settings.manage': ['admin'],
  'register.read': ['admin', 'keeper', 'clerk'],
  'register.write': ['admin', 'keeper'],
  'residents.view': ['admin', 'keeper', 'clerk'],
  'attachments.read': ['admin', 'keeper', 'clerk'],
  'attachments.export': ['admin', 'keeper'],
  'tags.manage': ['admin', 'keeper'],
  /** Making a welfare/health or discreet tag public (tag-privacy.ts), after the warning. */
  'tags.publish': ['admin'],
  'review.approve': ['admin', 'keeper'],
  'lifeEvents.record': ['admin', 'keeper'],
  'lifeEvents.read': ['admin', 'keeper'],
  'lending.read': ['admin', 'keeper'],
  'lending.manage': ['admin', 'keeper'],
  /**
   * Approving a loan: not a channel of its own but what the approver (not the keeper at the
   * keyboard) must hold when they confirm a check-out with their own password.
   */
  'lending.approve': ['admin', 'keeper'],
  'retention.read': ['admin', 'keeper'],
  'retention.manage': ['admin', 'keeper'],
  'destruction.read': ['admin', 'keeper'],
  'destruction.propose': ['admin', 'keeper'],
  'destruction.approve': ['admin'],
  'destruction.execute': ['admin', 'keeper'],
  'print.run': ['admin', 'keeper'],
  // Counts only, no person named: the supervision group may read them too.
  'reports.annual': ['admin', 'keeper', 'auditor'],
  'lookups.request': ['admin', 'keeper', 'clerk'],
  'lookups.decide': ['admin', 'keeper'],
  'audit.read': ['admin', 'auditor'],
  'audit.verify': ['admin', 'auditor'],
  'audit.export': ['admin', 'auditor'],
  'data.import': ['admin', 'keeper'],
  'data.export': ['admin', 'keeper'],
  /** Keepers back up too (#19 item 11): a backup is encrypted under the same vault keys. */
  'backup.manage': ['admin', 'keeper'],
  /** Restoring a backup into a new folder from the app: administrators only (it hands over a whole archive). */
  'backup.restore': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export type Access = Permission | 'public' | 'session';

export function isAllowed(role: Role | undefined, permission: string): boolean {
  if (!role) return false;
  const allowed = (PERMISSIONS as Record<string, readonly Role[] | undefined>)[permission];
  return allowed !== undefined && allowed.includes(role);
}
