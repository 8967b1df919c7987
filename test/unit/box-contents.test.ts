import { describe, expect, it } from 'vitest';
import { boxGroups, mixedBoxProblem, type BoxRecord } from '../../shared/domain/box-contents';

const rec = (archiveNo: string, year: number, retention = '定期30年'): BoxRecord => ({ archiveNo, year, retention });

describe('box contents (DA/T 22: one year, one retention period per box)', () => {
  it.each([
    ['an empty box', []],
    ['one record', [rec('A-1', 2020)]],
    ['one year and one retention', [rec('A-1', 2020), rec('A-2', 2020), rec('A-3', 2020)]],
  ])('%s is fine', (_, records) => {
    expect(mixedBoxProblem(records)).toBeNull();
  });

  it('names the records of another year, against the largest group', () => {
    const p = mixedBoxProblem([rec('A-1', 2020), rec('A-2', 2020), rec('A-3', 2021)])!;
    expect(p.zh).toContain('此盒主要是 2020年·定期30年（2件）');
    expect(p.zh).toContain('2021年·定期30年：A-3（1件）');
    expect(p.en).toContain('2021 · 定期30年: A-3 (1)');
  });

  it('names the records of another retention period, at most five each', () => {
    const odd = Array.from({ length: 7 }, (_, i) => rec(`Y-${i + 1}`, 2020, '永久'));
    const p = mixedBoxProblem([...Array.from({ length: 9 }, (_, i) => rec(`D-${i}`, 2020)), ...odd])!;
    expect(p.zh).toContain('2020年·永久：Y-1、Y-2、Y-3、Y-4、Y-5、…（7件）');
    expect(p.zh).not.toContain('Y-6');
  });

  it('groups largest first', () => {
    expect(boxGroups([rec('a', 2021), rec('b', 2020), rec('c', 2020)]).map((g) => [g.year, g.archiveNos])).toEqual([
      [2020, ['b', 'c']],
      [2021, ['a']],
    ]);
  });
});
