/**
 * Date inputs for audit filters, exports and reports. A bare date ("2026-03-01") means that day in
 * the local time zone of this machine (the archives room's own clock), not UTC: an auditor asking
 * for March means March as the room lived it. Entries store UTC ISO times, so bounds become UTC ISO
 * strings, which compare correctly as text.
 */
export { isDateInput } from '../../shared/contract/audit.contract';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function localDay(s: string): Date | null {
  const m = DATE_ONLY.exec(s);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Reject 2026-02-30 and friends rather than rolling over into March.
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d : null;
}

/** Start bound, inclusive. */
export function fromBound(s: string): string {
  const d = localDay(s);
  return (d ?? new Date(s)).toISOString();
}

/** End bound, exclusive: a bare date includes the whole day; a timestamp includes that millisecond. */
export function toBound(s: string): string {
  const d = localDay(s);
  if (d) return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).toISOString();
  return new Date(Date.parse(s) + 1).toISOString();
}

export function rangeBounds(r: { from?: string; to?: string }): { fromIso?: string; toIso?: string } {
  return { fromIso: r.from ? fromBound(r.from) : undefined, toIso: r.to ? toBound(r.to) : undefined };
}

/** "2026-03" → the local month as [fromIso, toIso). */
export function monthBounds(month: string): { fromIso: string; toIso: string } {
  const [y, m] = month.split('-').map(Number);
  return { fromIso: new Date(y, m - 1, 1).toISOString(), toIso: new Date(y, m, 1).toISOString() };
}
