import { wallTime } from '../../shared/domain/archive-time';

/**
 * The TZ this run was started with (vitest projects tz-utc and tz-shanghai), after checking that
 * Date really reads local fields in it; a *.tz.test.ts run any other way fails here, loudly.
 */
export function processZone(): string {
  const tz = process.env.TZ;
  if (!tz) throw new Error('TZ is not set: *.tz.test.ts run in the vitest projects tz-utc and tz-shanghai');
  for (const ms of [Date.UTC(2026, 11, 31, 23, 30), Date.UTC(2026, 5, 15, 4, 0)]) {
    const w = wallTime(ms, tz);
    const d = new Date(ms);
    const local = [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours()].join(' ');
    if (local !== [w.year, w.month, w.day, w.hour].join(' ')) throw new Error(`TZ=${tz} is not in force: Date reads ${local}`);
  }
  return tz;
}
