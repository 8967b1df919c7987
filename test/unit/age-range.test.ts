import { describe, expect, it } from 'vitest';
import { ageOn, birthBounds } from '../../shared/domain/age-range';
import { batchNeedsReview, mayUseSensitiveFacts, residentFacts, sensitiveFiltersUsed } from '../../shared/domain/roster-policy';
import { tilesFor } from '../../shared/domain/home-tiles';

describe('ageOn: whole years on the archive date', () => {
  const table: [string, string, number][] = [
    ['1946-06-15', '2026-06-15', 80],
    ['1946-06-16', '2026-06-15', 79],
    ['1944-02-29', '2026-02-28', 81],
    ['1944-02-29', '2026-03-01', 82],
    ['1944-02-29', '2024-02-29', 80],
    ['2026-01-01', '2026-01-01', 0],
    ['1999-12-31', '2000-01-01', 0],
  ];
  for (const [birth, today, age] of table) it(`${birth} on ${today} is ${age}`, () => expect(ageOn(birth, today)).toBe(age));
});

describe('birthBounds: an age range as birth-date bounds that agree with ageOn', () => {
  it('bounds match ageOn for every birth date around the edges', () => {
    for (const today of ['2026-03-01', '2026-02-28', '2024-02-29', '2026-12-31', '2026-01-01']) {
      for (const [min, max] of [
        [80, undefined],
        [undefined, 17],
        [18, 35],
        [82, 82],
      ] as [number | undefined, number | undefined][]) {
        const b = birthBounds(today, min, max);
        const start = Date.UTC(Number(today.slice(0, 4)) - 90, 0, 1);
        for (let ms = start; ms < Date.UTC(Number(today.slice(0, 4)) + 1, 0, 1); ms += 86_400_000 * 3) {
          const birth = new Date(ms).toISOString().slice(0, 10);
          const age = ageOn(birth, today);
          const byAge = (min === undefined || age >= min) && (max === undefined || age <= max);
          const byBounds = (b.bornOnOrBefore === null || birth <= b.bornOnOrBefore) && (b.bornAfter === null || birth > b.bornAfter);
          if (byAge !== byBounds) throw new Error(`${birth} on ${today}, ${min}–${max}: age ${age}, bounds ${JSON.stringify(b)}`);
        }
        for (const birth of ['1944-02-29', '1946-02-28', '1946-03-01', '2008-02-29']) {
          const age = ageOn(birth, today);
          const byAge = (min === undefined || age >= min) && (max === undefined || age <= max);
          const byBounds = (b.bornOnOrBefore === null || birth <= b.bornOnOrBefore) && (b.bornAfter === null || birth > b.bornAfter);
          expect(byBounds, `${birth} on ${today}`).toBe(byAge);
        }
      }
    }
  });
});

describe('roster policy', () => {
  it('sensitive facts: keepers and administrators only', () => {
    expect([mayUseSensitiveFacts('admin'), mayUseSensitiveFacts('keeper'), mayUseSensitiveFacts('clerk'), mayUseSensitiveFacts('auditor')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(sensitiveFiltersUsed({ disabled: 'yes', health: '' })).toEqual(['disabled']);
    expect(sensitiveFiltersUsed({})).toEqual([]);
  });
  it('batch edits: a keeper always through review, an administrator when asked', () => {
    expect([batchNeedsReview('keeper', false), batchNeedsReview('admin', false), batchNeedsReview('admin', true)]).toEqual([true, false, true]);
  });
  it('facts read the stored vocabularies', () => {
    expect(['中共党员', '中共预备党员', '民革党员', '群众', null].map(residentFacts.partyMember)).toEqual([true, true, false, false, false]);
    expect(['肢体三级', '无', ' ', null].map(residentFacts.disabled)).toEqual([true, false, false, false]);
    expect(residentFacts.subsistence('城市低保', [])).toBe(true);
    expect(residentFacts.subsistence('否', ['subsistence'])).toBe(true);
    expect(residentFacts.subsistence('否', [])).toBe(false);
  });
  it('home tiles per role', () => {
    expect(tilesFor('clerk')).toEqual([]);
    expect(tilesFor('auditor')).toEqual([]);
    // Keepers back up too (issue 19 item 11), so they see how old the last backup is.
    expect(tilesFor('keeper')).toEqual(tilesFor('admin'));
    expect(tilesFor('admin')).toHaveLength(7);
  });
});
