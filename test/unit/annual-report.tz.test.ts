import { describe, expect, it } from 'vitest';
import { ageAtYearEnd, ageBand, AGE_BANDS, annualTables, yearBounds, type AnnualReportData } from '../../shared/domain/annual-report';
import { processZone } from '../helpers/process-zone';

describe(`annual report rules (process TZ=${processZone()})`, () => {
  it.each([
    [2026, 'Asia/Shanghai', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    [2026, 'UTC', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    [2026, 'America/New_York', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
  ])('the year %i in %s runs from %s to %s (exclusive), whatever the process zone', (year, tz, from, to) => {
    expect(yearBounds(year, tz)).toEqual({ fromIso: from, toIso: to, fromDate: `${year}-01-01`, toDate: `${year + 1}-01-01` });
  });

  it.each([
    ['2026-12-31', 2026, 0, 0],
    ['2020-01-01', 2026, 6, 0],
    ['2019-06-30', 2026, 7, 1],
    ['2009-01-01', 2026, 17, 1],
    ['2008-12-31', 2026, 18, 2],
    ['1967-05-05', 2026, 59, 2],
    ['1966-05-05', 2026, 60, 3],
    ['1947-01-01', 2026, 79, 3],
    ['1946-12-31', 2026, 80, 4],
    ['2027-01-01', 2026, null, AGE_BANDS.length],
    [null, 2026, null, AGE_BANDS.length],
    ['1980.5.1', 2026, null, AGE_BANDS.length],
  ])('born %s: on 31 Dec %i aged %s, band %i', (birth, year, age, band) => {
    expect(ageAtYearEnd(birth, year)).toBe(age);
    expect(ageBand(ageAtYearEnd(birth, year))).toBe(band);
  });

  it('tables total their rows, and keep categories or classes the vocabulary does not know', () => {
    const d: AnnualReportData = {
      communityName: '幸福社区',
      year: 2026,
      timeZone: 'Asia/Shanghai',
      printedAt: '',
      residents: {
        byGrid: [{ grid: '第1网格', male: 2, female: 3, otherGender: 1, bands: [1, 1, 2, 1, 1, 0] }],
        registeredInYear: 1,
        movedIn: 2,
        movedOut: 1,
        deaths: 0,
      },
      households: { total: 4, registeredInYear: 0, byTag: [{ name: '楼长', code: '楼', discreet: false, households: 1 }], untagged: 3 },
      records: { holdings: { basic: { Y: 2, D30: 1 }, 文书: { D10: 4 } }, addedInYear: { basic: 1 }, pagesHeld: 20 },
      loans: { byKind: { read: 2 }, external: 0, pagesOut: 3, returned: 1, openAtYearEnd: 1, overdueAtYearEnd: 0 },
      lookups: { requests: { approved: 2 }, residentViews: 5, attachmentViews: 0 },
      appraisal: { batches: 1, decisions: { destroy: 2 } },
      destruction: { batches: 1, records: 2, pages: 6 },
    };
    const t = Object.fromEntries(annualTables(d).map((x) => [x.id, x]));
    expect(t.residents.total).toEqual(['合计', 2, 3, 1, 6]);
    expect(t.ages.total).toEqual(['合计', 1, 1, 2, 1, 1, 0, 6]);
    expect(t.records.rows.find((r) => r[0] === '文书')).toEqual(['文书', 0, 0, 4, 0, 4, 0]);
    expect(t.records.total).toEqual(['合计', 2, 1, 4, 0, 7, 1]);
  });
});
