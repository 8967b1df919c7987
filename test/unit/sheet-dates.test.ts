import { describe, expect, it } from 'vitest';
import { parseSheetDate } from '../../shared/domain/sheet-dates';

/** Run with TZ=UTC and TZ=Asia/Shanghai; the last test also switches zones itself. Results must not move with the zone. */
const OK: [string | number | Date, string][] = [
  ['1985-03-02', '1985-03-02'],
  ['1985-3-2', '1985-03-02'],
  ['1985/3/2', '1985-03-02'],
  ['1985/03/02', '1985-03-02'],
  ['1985.3.2', '1985-03-02'],
  ['1985.03.02', '1985-03-02'],
  ['19850302', '1985-03-02'],
  ['1985年3月2日', '1985-03-02'],
  ['1985年03月02日', '1985-03-02'],
  ['1985年3月2号', '1985-03-02'],
  ['１９８５－０３－０２', '1985-03-02'],
  ['１９８５年３月２日', '1985-03-02'],
  [' 1985-03-02 ', '1985-03-02'],
  ['1985 年 3 月 2 日', '1985-03-02'],
  ['1985/3/2 0:00', '1985-03-02'],
  ['1985-03-02 00:00:00', '1985-03-02'],
  ['1985-03-02T00:00:00', '1985-03-02'],
  ['2000-02-29', '2000-02-29'],
  ['1949-10-01', '1949-10-01'],
  // Excel serials: number cells, and five digits left as text by a CSV save.
  [31108, '1985-03-02'],
  [31108.75, '1985-03-02'],
  ['31108', '1985-03-02'],
  [1, '1900-01-01'],
  [59, '1900-02-28'],
  [61, '1900-03-01'],
  [45658, '2025-01-01'],
  // 19850302 typed into a number cell.
  [19850302, '1985-03-02'],
  // Date cells as exceljs hands them over: UTC midnight of the day Excel shows.
  [new Date(Date.UTC(1985, 2, 2)), '1985-03-02'],
  [new Date(Date.UTC(1985, 2, 2, 23, 59, 59)), '1985-03-02'],
  [new Date(Date.UTC(1985, 2, 1, 23, 59, 59, 999)), '1985-03-02'],
  [new Date(Date.UTC(2024, 11, 31)), '2024-12-31'],
];

const FORMAT: (string | number | boolean)[] = [
  '85-3-2',
  '3/2/1985',
  '2/3/1985',
  '02.03.1985',
  '1985',
  1985,
  '1985-03',
  '1985年3月',
  '198532',
  '1985-03-02-01',
  'yesterday',
  '一九八五年三月二日',
  true,
  '1985/3/2 下午',
  '1985-03-02 25',
  '8503',
  '1234567',
];
const IMPOSSIBLE: (string | number | Date)[] = [
  '1985-02-30',
  '1985/13/1',
  '19850230',
  '2001年2月29日',
  '1879-12-31',
  0,
  -5,
  60,
  3_000_000,
  19851340,
  new Date(Number.NaN),
];

describe('parseSheetDate: every form a community sheet uses, in any time zone', () => {
  it.each(OK.map(([v, want]) => [v instanceof Date ? `Date(${v.toISOString()})` : JSON.stringify(v), want, v]))('%s → %s', (_, want, v) => {
    expect(parseSheetDate(v as string | number | Date)).toEqual({ ok: true, value: want });
  });

  it.each(FORMAT.map((v) => [JSON.stringify(v), v]))('%s is refused as a format (never guessed)', (_, v) => {
    expect(parseSheetDate(v as string | number | boolean)).toEqual({ ok: false, impossible: false });
  });

  it.each(IMPOSSIBLE.map((v) => [v instanceof Date ? 'Invalid Date' : JSON.stringify(v), v]))('%s is an impossible date', (_, v) => {
    expect(parseSheetDate(v as string | number | Date)).toEqual({ ok: false, impossible: true });
  });

  it('blank is no date, not an error', () => {
    for (const v of [null, undefined, '', '   ']) expect(parseSheetDate(v)).toEqual({ ok: true, value: null });
  });

  it('gives the same day in zones west and east of UTC (Node re-reads process.env.TZ)', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        expect(new Date(Date.UTC(1985, 2, 2)).getDate(), `zone ${tz} in effect`).toBe(tz === 'America/Los_Angeles' ? 1 : 2);
        for (const [v, want] of OK) expect(parseSheetDate(v), `${tz} ${String(v)}`).toEqual({ ok: true, value: want });
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
