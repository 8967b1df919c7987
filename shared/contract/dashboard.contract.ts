import { z } from 'zod';
import { channel } from './channel';
import { Empty } from './common';

/** `labelEn`: where the label is a name an administrator keeps in both languages (record categories). */
const Count = z.object({ key: z.string(), label: z.string(), labelEn: z.string().optional(), count: z.number() });
export type CountRow = z.infer<typeof Count>;

/** Numbers only (aggregate queries): safe to show every signed-in role, auditors included. */
export const DashboardData = z.object({
  /** Only the work the signed-in role can do (shared/domain/home-tiles.ts): the others are left out. */
  today: z.object({
    overdueLoans: z.number().optional(),
    loansDueThisWeek: z.number().optional(),
    dueForAppraisal: z.number().optional(),
    destructionWaiting: z.number().optional(),
    pendingReviews: z.number().optional(),
    lookupRequestsWaiting: z.number().optional(),
    /** null: never backed up. */
    daysSinceBackup: z.number().nullable().optional(),
  }),
  /**
   * With the days-since-backup tile: whether the backup reminder is on (older than the reminder
   * days, or a scheduled backup was missed — backup.status). The tile turns red by it.
   */
  backupDue: z.boolean().optional(),
  totals: z.object({ residents: z.number(), households: z.number(), records: z.number(), attachments: z.number() }),
  recordsByCategory: z.array(Count),
  recordsByGrid: z.array(Count),
  /** key = tag id; a discreet tag's label is its code (its name is never sent: every role sees the home page). */
  householdsByTag: z.array(Count.extend({ color: z.string(), code: z.string(), discreet: z.boolean() })),
  loansByMonth: z.array(Count),
  recordsByRetention: z.array(Count),
  recordsByDueYear: z.array(Count),
});
export type DashboardData = z.infer<typeof DashboardData>;

export const dashboardContract = {
  get: channel({ req: Empty, res: DashboardData, access: 'dashboard.read', passive: true }),
};
