import { describe, expect, it } from 'vitest';
import {
  archiveToday,
  canonicalTimeZone,
  COMMON_TIME_ZONES,
  fileStamp,
  formatArchiveDate,
  formatArchiveTime,
  formatCalendarDate,
  hostTimeZone,
  isTimeZone,
  stampText,
  timeLang,
  zonedDayStart,
  zoneNote,
} from '../../shared/domain/archive-time';
import { processZone } from '../helpers/process-zone';

/**
 * The one clock rule, run once with TZ=UTC and once with TZ=Asia/Shanghai (vitest projects):
 * every row must come out the same in both, because only the archive's zone may matter.
 */
const PROCESS_TZ = processZone();
const SH = 'Asia/Shanghai';

describe(`archive time (process TZ=${PROCESS_TZ})`, () => {
  it('runs in the zone its project names, where Date alone would give the other answer', () => {
    expect(['UTC', SH]).toContain(PROCESS_TZ);
    // The trap this module exists for: local Date fields follow the process, not the archive.
    const at = new Date('2026-12-31T23:30:00Z');
    expect(at.getDate()).toBe(PROCESS_TZ === SH ? 1 : 31);
    expect(archiveToday(at, SH)).toBe('2027-01-01');
    expect(archiveToday(at, 'UTC')).toBe('2026-12-31');
  });

  it.each<[string, string, string]>([
    ['2026-12-31T23:30:00Z', SH, '2027-01-01'], // 07:30 next morning in Beijing
    ['2026-12-31T23:30:00Z', 'UTC', '2026-12-31'],
    ['2026-12-31T15:59:59.999Z', SH, '2026-12-31'],
    ['2026-12-31T16:00:00.000Z', SH, '2027-01-01'], // Beijing midnight
    ['2024-02-28T16:00:00Z', SH, '2024-02-29'],
    ['2024-02-29T16:00:00Z', SH, '2024-03-01'],
    ['2026-06-30T18:29:59Z', 'Asia/Kolkata', '2026-06-30'], // +05:30
    ['2026-06-30T18:30:00Z', 'Asia/Kolkata', '2026-07-01'],
    ['2026-12-31T10:00:00Z', 'Pacific/Kiritimati', '2027-01-01'], // +14
    ['2027-01-01T10:00:00Z', 'Pacific/Pago_Pago', '2026-12-31'], // -11
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08'], // 01:59 EST, the night clocks go forward
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01'], // 01:30 EDT→EST, the repeated hour
  ])('%s in %s is the archive day %s', (at, tz, day) => {
    expect(archiveToday(at, tz)).toBe(day);
    expect(archiveToday(Date.parse(at), tz)).toBe(day);
    expect(archiveToday(new Date(at), tz)).toBe(day);
  });

  it.each<[string, string, 'zh' | 'en', string]>([
    ['2026-12-02T10:08:19.880Z', SH, 'zh', '2026年12月2日 18:08'],
    ['2026-12-02T10:08:19.880Z', SH, 'en', '2 Dec 2026 18:08'],
    ['2026-12-02T10:08:19.880Z', 'UTC', 'zh', '2026年12月2日 10:08'],
    ['2026-12-31T23:30:00Z', SH, 'zh', '2027年1月1日 07:30'],
    ['2026-12-31T23:30:00Z', SH, 'en', '1 Jan 2027 07:30'],
    ['2026-12-31T16:00:00Z', SH, 'zh', '2027年1月1日 00:00'], // 00:00, never 24:00
    ['2026-03-29T01:30:00Z', 'Europe/London', 'en', '29 Mar 2026 02:30'], // BST begins
    ['2026-05-09T04:05:00Z', 'America/New_York', 'en', '9 May 2026 00:05'],
  ])('%s in %s (%s) prints as %s', (at, tz, lang, want) => {
    expect(formatArchiveTime(at, tz, lang)).toBe(want);
  });

  it('prints seconds, dates alone, calendar dates and file stamps in the archive zone', () => {
    const at = '2026-12-02T10:08:19.880Z';
    expect(formatArchiveTime(at, SH, 'zh', { seconds: true })).toBe('2026年12月2日 18:08:19');
    expect(formatArchiveDate('2026-12-31T23:30:00Z', SH, 'zh')).toBe('2027年1月1日');
    expect(formatArchiveDate('2026-12-31T23:30:00Z', SH, 'en')).toBe('1 Jan 2027');
    expect(formatArchiveDate('2026-12-31T23:30:00Z', 'UTC', 'zh')).toBe('2026年12月31日');
    expect(formatCalendarDate('2027-01-11', 'zh')).toBe('2027年1月11日');
    expect(formatCalendarDate('2027-01-11', 'en')).toBe('11 Jan 2027');
    expect(formatCalendarDate('待定', 'zh')).toBe('待定');
    expect(fileStamp(at, SH)).toBe('20261202-1808');
    expect(fileStamp('2026-12-31T23:30:00Z', SH)).toBe('20270101-0730');
    expect(fileStamp('2026-12-31T23:30:00Z', 'UTC')).toBe('20261231-2330');
    expect(zoneNote(SH)).toBe('时区 Time zone Asia/Shanghai');
    expect(stampText(at, SH)).toBe('2026年12月2日 18:08（Asia/Shanghai）');
    expect(() => formatArchiveTime('not a time', SH, 'zh')).toThrow(RangeError);
  });

  it.each<[string, string, string]>([
    ['2027-01-01', SH, '2026-12-31T16:00:00.000Z'],
    ['2027-01-01', 'UTC', '2027-01-01T00:00:00.000Z'],
    ['2026-07-01', 'Asia/Kolkata', '2026-06-30T18:30:00.000Z'],
    ['2026-03-29', 'Europe/London', '2026-03-29T00:00:00.000Z'], // GMT until 01:00
    ['2026-03-30', 'Europe/London', '2026-03-29T23:00:00.000Z'], // BST
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight skipped: the day starts 01:00 -03
    ['2026-04-05', 'America/Santiago', '2026-04-05T04:00:00.000Z'], // midnight repeated: the first 00:00 -04
  ])('the archive day %s in %s starts at %s', (day, tz, want) => {
    const ms = zonedDayStart(day, tz);
    expect(new Date(ms).toISOString()).toBe(want);
    expect(archiveToday(ms, tz)).toBe(day);
    expect(archiveToday(ms - 1, tz) < day).toBe(true);
  });

  it('knows zone names, spells them as Intl does, and defaults to the zone of this computer', () => {
    for (const tz of [...COMMON_TIME_ZONES, 'Asia/Kolkata', 'UTC']) expect(isTimeZone(tz), tz).toBe(true);
    for (const tz of ['', 'Mars/Olympus', 'Beijing', 'Asia/Shanghai; DROP', 'x'.repeat(80)]) expect(isTimeZone(tz), tz).toBe(false);
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('asia/shanghai')).toBe(SH);
    expect(hostTimeZone()).toBe(PROCESS_TZ);
    expect([timeLang('zh-CN'), timeLang('en'), timeLang('en-GB'), timeLang(undefined)]).toEqual(['zh', 'en', 'en', 'zh']);
  });
});
