/**
 * The archive's one clock rule. An instant (epoch ms, ISO string or Date) becomes a calendar date,
 * a printed time or a file-name stamp only through these functions and only in the archive's own
 * time zone (an IANA name kept in the settings), never in the zone of the process or the browser:
 * the web host, the CLI and a test runner may all run in UTC while the archives room is in Beijing.
 *
 * Fields come from Intl.DateTimeFormat#formatToParts and are assembled here, so the output does not
 * change with the ICU version's idea of a "medium" date. Pure: no node:* imports, shared with the
 * renderer.
 */
import type { IsoDate } from './lending';

export type Instant = number | string | Date;
export type TimeLang = 'zh' | 'en';

/** The zone assumed when this computer's own cannot be read (a Chinese community archive). */
export const FALLBACK_TIME_ZONE = 'Asia/Shanghai';

/** Offered in 设置 → 常规; any other valid IANA name is accepted too. */
export const COMMON_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Singapore',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Australia/Sydney',
  'UTC',
] as const;

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = FORMATS.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATS.set(tz, f);
  }
  return f;
}

/** Whether Intl knows `tz` as a time zone (IANA names such as "Asia/Shanghai", and "UTC"). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** A valid zone name as Intl spells it when it differs only by case ("utc" → "UTC"); otherwise as given. */
export function canonicalTimeZone(tz: string): string {
  const resolved = formatter(tz).resolvedOptions().timeZone;
  return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
}

/** This computer's zone, as the archive's default when it is created. */
export function hostTimeZone(): string {
  let tz: string | undefined;
  try {
    tz = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    tz = undefined;
  }
  return tz && isTimeZone(tz) ? tz : FALLBACK_TIME_ZONE;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function toMs(at: Instant): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(at)}`);
  return ms;
}

/** The wall-clock reading in `tz` at an instant. */
export function wallTime(at: Instant, tz: string): WallTime {
  const parts = formatter(tz).formatToParts(toMs(at));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The archive's calendar date at an instant: "today" for due dates, holds, slips and imports. */
export function archiveToday(at: Instant, tz: string): IsoDate {
  const w = wallTime(at, tz);
  return `${String(w.year).padStart(4, '0')}-${p2(w.month)}-${p2(w.day)}`;
}

function dateText(y: number, m: number, d: number, lang: TimeLang): string {
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** "2026年12月2日 18:08" / "2 Dec 2026 18:08" (with `seconds`: 18:08:19). */
export function formatArchiveTime(at: Instant, tz: string, lang: TimeLang, opts: { seconds?: boolean } = {}): string {
  const w = wallTime(at, tz);
  const clock = `${p2(w.hour)}:${p2(w.minute)}${opts.seconds ? `:${p2(w.second)}` : ''}`;
  return `${dateText(w.year, w.month, w.day, lang)} ${clock}`;
}

/** "2026年12月2日" / "2 Dec 2026": the archive's date of an instant. */
export function formatArchiveDate(at: Instant, tz: string, lang: TimeLang): string {
  const w = wallTime(at, tz);
  return dateText(w.year, w.month, w.day, lang);
}

/** A calendar date that is already the archive's ("2027-01-11") in words; no zone involved. */
export function formatCalendarDate(date: IsoDate, lang: TimeLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? dateText(Number(m[1]), Number(m[2]), Number(m[3]), lang) : date;
}

/** "20261202-1808": sorts by time, safe in file names on every system. */
export function fileStamp(at: Instant, tz: string): string {
  const w = wallTime(at, tz);
  return `${String(w.year).padStart(4, '0')}${p2(w.month)}${p2(w.day)}-${p2(w.hour)}${p2(w.minute)}`;
}

/** Printed once near the times of an official document, so a reader knows which clock they are. */
export function zoneNote(tz: string): string {
  return `时区 Time zone ${tz}`;
}

/** "2026年12月2日 18:08 · 时区 Time zone Asia/Shanghai": a print time with its zone, for running heads and footers. */
export function printStamp(at: Instant, tz: string): string {
  return `${formatArchiveTime(at, tz, 'zh')} · ${zoneNote(tz)}`;
}

/** A printed time followed by its zone, for one-line stamps: "2026年12月2日 18:08（Asia/Shanghai）". */
export function stampText(at: Instant, tz: string): string {
  return `${formatArchiveTime(at, tz, 'zh')}（${tz}）`;
}

/**
 * The instant a calendar date begins in `tz` (its first millisecond). Used for audit ranges: a day
 * or month asked for is the archive's day, whatever zone the query runs in. A zone that skips
 * midnight on that day (a DST change at 00:00) starts the day at the first instant that exists.
 */
export function zonedDayStart(date: IsoDate, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const t = new Date(0);
  t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const wallMs = t.getTime();
  const offsetAt = (ms: number) => {
    const w = wallTime(ms, tz);
    const asUtc = new Date(0);
    asUtc.setUTCFullYear(w.year, w.month - 1, w.day);
    asUtc.setUTCHours(w.hour, w.minute, w.second, 0);
    return asUtc.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
  };
  let guess = wallMs - offsetAt(wallMs);
  guess = wallMs - offsetAt(guess);
  // Around a DST change at midnight the guess can miss by the jump: settle on the first minute of `date`.
  for (let i = 0; i < 180 && archiveToday(guess, tz) < date; i++) guess += 60_000;
  for (let i = 0; i < 180 && archiveToday(guess - 60_000, tz) >= date; i++) guess -= 60_000;
  return guess;
}

/** The page's language ("zh-CN", "en") as the two the formats know. */
export function timeLang(language: string | undefined): TimeLang {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
