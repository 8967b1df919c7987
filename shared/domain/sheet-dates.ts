/**
 * Dates as community sheets hold them → YYYY-MM-DD. Pure and time-zone independent: every
 * calculation is in UTC, and a Date is read by its UTC fields (spreadsheet readers such as exceljs
 * hand a date cell over as UTC midnight of the day shown in Excel).
 *
 * Accepted: 1985-03-02, 1985/3/2, 1985.3.2, 1985年3月2日 (or 2号), 19850302, full-width digits,
 * a trailing time ("1985/3/2 0:00"), Excel day serials (number cells, or five digits as text) and
 * real date cells. Refused rather than guessed: two-digit years (85-3-2), day-first or month-first
 * orders (2/3/1985), a year alone (1985), a year and month (1985-03).
 */
export type SheetDateResult = { ok: true; value: string | null } | { ok: false; impossible: boolean };

/** Excel's day 0 in the 1900 date system is 1899-12-31; serials from 61 on count from 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** 9999-12-31: the last day Excel knows. */
const MAX_SERIAL = 2_958_465;
const EARLIEST_YEAR = 1880;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseSheetDate(v: string | number | boolean | Date | null | undefined): SheetDateResult {
  if (v === null || v === undefined || v === '') return { ok: true, value: null };
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return { ok: false, impossible: true };
    // Readers store a serial as milliseconds; a date one millisecond short of midnight is still that midnight.
    return fromUtcMs(Math.round(ms / 1000) * 1000);
  }
  if (typeof v === 'number') return fromNumber(v);
  if (typeof v === 'boolean') return { ok: false, impossible: false };
  const iso = ISO.exec(v);
  if (iso) return fromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const s = v.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!s) return { ok: true, value: null };
  // Five digits as text: a serial that lost its date format on the way (CSV saved from Excel).
  if (/^\d{5}(\.\d+)?$/.test(s)) return fromNumber(Number(s));
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, impossible: false };
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

function fromNumber(n: number): SheetDateResult {
  if (!Number.isFinite(n)) return { ok: false, impossible: false };
  // 19850302 typed into a number cell.
  if (Number.isInteger(n) && n >= 10_000_000 && n <= 99_999_999) return fromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  // A bare year (1985) is a number too, but not a day: refuse it rather than read serial 1985 (1905-06-07).
  if (Number.isInteger(n) && n >= 1000 && n <= 2999) return { ok: false, impossible: false };
  if (n < 1 || n > MAX_SERIAL) return { ok: false, impossible: true };
  const day = Math.floor(n);
  // Excel counts a 29 February 1900 that never was (serial 60).
  if (day === 60) return { ok: false, impossible: true };
  return fromUtcMs(EXCEL_EPOCH_MS + (day < 60 ? day + 1 : day) * DAY_MS);
}

function fromUtcMs(ms: number): SheetDateResult {
  const d = new Date(ms);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function fromParts(y: number, mo: number, d: number): SheetDateResult {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < EARLIEST_YEAR) return { ok: false, impossible: true };
  return { ok: true, value: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
