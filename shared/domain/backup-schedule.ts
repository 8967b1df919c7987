import { archiveToday, type Instant } from './archive-time';
import { addDays, daysBetween } from './lending';

/**
 * The scheduled backup (#19 item 11): how often, and when one counts as missed. Counted in the
 * archive's calendar days (its time zone), never in 24-hour blocks or the process zone: a daily
 * backup made at 23:50 is "yesterday's" at 00:10, whatever zone the PC runs in.
 */
export const BACKUP_FREQUENCIES = ['daily', 'weekly'] as const;
export type BackupFrequency = (typeof BACKUP_FREQUENCIES)[number];

export const FREQUENCY_DAYS: Readonly<Record<BackupFrequency, number>> = { daily: 1, weekly: 7 };

export interface ScheduleCheck {
  /** The timer should write a backup now. */
  due: boolean;
  /** A scheduled backup did not happen in time: the reminder shows. */
  missed: boolean;
  /** Whole archive days since the last backup (null: none yet). */
  daysSince: number | null;
  /** The archive date from which the next backup is due. */
  nextDueDate: string;
}

/**
 * `lastBackupAt`: the last verified backup (scheduled or by hand — either protects the archive).
 * `since`: when the schedule was saved; with no backup at all, the schedule counts as missed once
 * a whole period has passed since then (the timer had its chance), due at once.
 *
 * Due: `interval` archive days after the last backup's archive date (daily: the next day; weekly:
 * the same weekday a week on). Missed: still none on the day after it was due (daily: the last
 * backup is 2+ days old; weekly: 8+ days) — one day's grace for a PC that was off or locked.
 */
export function checkSchedule(o: { frequency: BackupFrequency; lastBackupAt: Instant | null; since: Instant; now: Instant; timeZone: string }): ScheduleCheck {
  const interval = FREQUENCY_DAYS[o.frequency];
  const today = archiveToday(o.now, o.timeZone);
  if (o.lastBackupAt === null) {
    const start = archiveToday(o.since, o.timeZone);
    return { due: true, missed: daysBetween(start, today) > interval, daysSince: null, nextDueDate: start };
  }
  const last = archiveToday(o.lastBackupAt, o.timeZone);
  const days = daysBetween(last, today);
  const next = addDays(last, interval);
  return { due: days >= interval, missed: days > interval, daysSince: days, nextDueDate: next };
}

/** Files the schedule writes (and alone may prune): "档案室定时备份-20261202-1808.arbak". */
export const SCHEDULED_PREFIX = '档案室定时备份-';
export const SCHEDULED_FILE = /^档案室定时备份-\d{8}-\d{4}(-\d+)?\.arbak$/;

/**
 * Which scheduled files to delete to keep the newest `keep`: names sort by time (fileStamp), and
 * only the schedule's own files are ever candidates — a backup made by hand is never pruned.
 */
export function filesToPrune(names: readonly string[], keep: number): string[] {
  const ours = names.filter((n) => SCHEDULED_FILE.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}
