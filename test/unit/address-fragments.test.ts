import { describe, expect, it } from 'vitest';
import { addressFragments, addressKey, addressMatches } from '../../shared/domain/address-key';
import { containsQuery } from '../../electron/db/search-index';

describe('addressFragments: what a matching address key must contain', () => {
  it.each([
    ['4号楼1单元101', ['4号楼', '1单元', '101']],
    ['4-1-101', ['4号楼', '1单元', '101']],
    ['2栋301', ['2号楼', '301']],
    ['1单元101', ['1单元', '101']], // no building: the unit and room still narrow
    ['第一网格', ['第一网格']],
    ['幸福里3号楼', ['3号楼']],
    ['网格2单元', ['网格', '2单元']],
  ])('%s → %j', (typed, expected) => {
    expect(addressFragments(addressKey(typed))).toEqual(expected);
  });

  it('every fragment is in each address the full match accepts', () => {
    const stored = ['第一网格 4号楼 1单元 101', '第一网格 14号楼 1单元 101', '第二网格 2栋 1单元 301'].map(addressKey);
    for (const typed of ['4号楼1单元101', '2栋301', '1单元101', '14号楼', '第二网格']) {
      const key = addressKey(typed);
      for (const a of stored.filter((s) => addressMatches(key, s))) for (const f of addressFragments(key)) expect(a, typed).toContain(f);
    }
  });
});

describe('containsQuery: tripled phrases for the trigram index', () => {
  it.each([
    [['王'], '"王王王"'],
    [['秀英'], '"秀秀秀英英英"'],
    [['𠮷野'], '"𠮷𠮷𠮷野野野"'], // a character beyond the BMP is one character, not two halves
    [['张"三'], '"张张张""""""三三三"'], // a quote inside the phrase is doubled
    [['4号楼', '101'], '"444号号号楼楼楼" AND "111000111"'],
  ])('%j → %s', (fragments, expected) => {
    expect(containsQuery(fragments)).toBe(expected);
  });
});
