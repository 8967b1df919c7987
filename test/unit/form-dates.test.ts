import { describe, expect, it } from 'vitest';
import { DateStr } from '../../shared/contract/register-fields';

/** Forms read dates as the importer does (#19 item 4): one parser in ./shared for both. */
describe('form dates: what keepers type', () => {
  it.each([
    ['2008-05-01', '2008-05-01'],
    ['2008.5.1', '2008-05-01'],
    ['2008/05/01', '2008-05-01'],
    ['2008-5-1', '2008-05-01'],
    ['2008年5月1日', '2008-05-01'],
    ['20080501', '2008-05-01'],
    [' 2008.5.1 ', '2008-05-01'],
    ['２００８．５．１', '2008-05-01'],
  ])('%j → %s', (typed, stored) => {
    expect(DateStr.parse(typed)).toBe(stored);
  });

  it.each([
    ['2008-02-30', '日期不存在'],
    ['2008.13.1', '日期不存在'],
    ['85-3-2', '日期格式应为'],
    ['1/5/2008', '日期格式应为'],
    ['2008-05', '日期格式应为'],
    ['40000', '日期格式应为'],
    ['', '日期格式应为'],
  ])('%j is refused: %s', (typed, words) => {
    const r = DateStr.safeParse(typed);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toContain(words);
  });
});
