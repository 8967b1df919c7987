/**
 * Date inputs for audit filters, exports and reports. A bare date ("2026-03-01") means that day in
 * the archive's time zone (a setting), not UTC and not the zone this process happens to run in: an
 * auditor asking for March means March as the room lived it. Entries store UTC ISO times, so bounds
 * become UTC ISO strings, which compare correctly as text.
 */
import { zonedDayStart } from '../../shared/domain/archive-time';
import { addDays, isIsoDate } from '../../shared/domain/lending';

export { isDateInput } from '../../shared/contract/audit.contract';

const dayStartIso = (date: string, tz: string) => new Date(zonedDayStart(date, tz)).toISOString();

/** Start bound, inclusive. */
export function fromBound(s: string, tz: string): string {
  return isIsoDate(s) ? dayStartIso(s, tz) : new Date(s).toISOString();
}

/** End bound, exclusive: a bare date includes the whole day; a timestamp includes that millisecond. */
export function toBound(s: string, tz: string): string {
  return isIsoDate(s) ? dayStartIso(addDays(s, 1), tz) : new Date(Date.parse(s) + 1).toISOString();
}

export function rangeBounds(r: { from?: string; to?: string }, tz: string): { fromIso?: string; toIso?: string } {
  return { fromIso: r.from ? fromBound(r.from, tz) : undefined, toIso: r.to ? toBound(r.to, tz) : undefined };
}

/** "2026-03" → the archive's month as [fromIso, toIso). */
export function monthBounds(month: string, tz: string): { fromIso: string; toIso: string } {
  const [y, m] = month.split('-').map(Number);
  const first = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
  return { fromIso: dayStartIso(first, tz), toIso: dayStartIso(next, tz) };
}
