import { describe, expect, it } from 'vitest';
import { byNatural, chineseNumeralValue, naturalCompare, naturalSort, orderStructure } from '../../shared/domain/natural-order';

/** Every adjacent pair must be strictly ordered, both ways round. */
function expectOrder(list: string[]): void {
  for (let i = 0; i + 1 < list.length; i++) {
    expect(naturalCompare(list[i], list[i + 1]), `${list[i]} < ${list[i + 1]}`).toBeLessThan(0);
    expect(naturalCompare(list[i + 1], list[i]), `${list[i + 1]} > ${list[i]}`).toBeGreaterThan(0);
  }
  // Sorting a reversed and a shuffled copy gives the list back.
  expect(naturalSort([...list].reverse(), (s) => s)).toEqual(list);
  const shuffled = list
    .map((s, i) => [((i * 7919) % 101) / 101, s] as const)
    .sort((a, b) => a[0] - b[0])
    .map((x) => x[1]);
  expect(naturalSort(shuffled, (s) => s)).toEqual(list);
}

describe('Chinese numerals read as numbers', () => {
  it.each<[string, number]>([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十一', 21],
    ['九十九', 99],
    ['一百', 100],
    ['一百零一', 101],
    ['一百一十', 110],
    ['两百', 200],
    ['一千零一', 1001],
    ['三万五千', 35000],
    ['十万', 100000],
    ['一亿三千万', 130_000_000],
    ['一万亿', 1_000_000_000_000],
    ['二〇二四', 2024],
    ['一〇一', 101],
    ['零', 0],
  ])('%s = %d', (s, n) => {
    expect(chineseNumeralValue(s)).toBe(BigInt(n));
  });
  it('refuses what is not a numeral', () => {
    expect(chineseNumeralValue('网格')).toBeNull();
    expect(chineseNumeralValue('')).toBeNull();
  });
});

describe('natural Chinese order', () => {
  it.each<[string, string[]]>([
    ['ordinals with 第', ['第一', '第二', '第三', '第九', '第十', '第十一', '第十九', '第二十', '第二十一', '第一百']],
    ['grids', ['第一网格', '第二网格', '第三网格', '第十网格', '第十一网格', '第二十网格']],
    ['numerals leading', ['一网格', '二网格', '十网格', '十二网格']],
    ['buildings in Arabic digits', ['1栋', '2栋', '3栋', '10栋', '12栋', '22栋', '101栋']],
    ['buildings with 号楼', ['2号楼', '3号楼', '12号楼', '22号楼', '32号楼']],
    ['rooms', ['101', '102', '201', '1001', '1002']],
    ['units', ['1单元', '2单元', '10单元']],
    ['room numbers with dashes', ['3-2-101', '3-2-102', '3-10-101', '10-1-101']],
    ['Arabic and Chinese numbers side by side', ['第1网格', '第二网格', '第3网格', '第十网格', '第11网格']],
    ['full-width digits', ['２栋', '3栋', '１０栋']],
    ['numbers before text at the same place', ['10栋', 'A栋', 'B栋']],
    ['pinyin for the rest', ['安居小区', '白云小区', '城南小区', '东风小区', '幸福小区']],
    ['mixed names in a community', ['幸福里第一网格', '幸福里第二网格', '阳光花园1号楼', '阳光花园2号楼', '阳光花园10号楼']],
    ['addresses', ['第一网格 3号楼 2单元 301', '第一网格 3号楼 10单元 101', '第一网格 12号楼 1单元 101', '第二网格 2号楼 1单元 101']],
    ['archive numbers', ['2024-D10-0009', '2024-D10-0010', '2024-D10-0100', '2024-Y-0001']],
    ['years', ['1999年', '2008年', '2024年']],
  ])('%s', (_name, list) => expectOrder(list));

  it('words made of unit characters stay words, not numbers', () => {
    // 百货, 千佛山 and 万达 are names: pinyin order (bai, qian, wan), not 100 < 1000 < 10000 by accident of the units.
    expectOrder(['百货大楼', '千佛山路', '万达广场']);
    // 两委 is a word; 两百 is 200.
    expect(naturalCompare('两百户', '三百户')).toBeLessThan(0);
    expect(naturalCompare('两委办公室', '二号楼')).toBeGreaterThan(0);
  });

  it('is a total order: same reading, different writing still compare unequal and consistently', () => {
    expect(naturalCompare('第2网格', '第二网格')).not.toBe(0);
    expect(Math.sign(naturalCompare('第2网格', '第二网格'))).toBe(-Math.sign(naturalCompare('第二网格', '第2网格')));
    expect(naturalCompare('007', '7')).not.toBe(0);
    expect(naturalCompare('x', 'x')).toBe(0);
    expect(naturalCompare(null, '')).toBe(0);
    expect(naturalCompare(null, 'a')).toBeLessThan(0);
  });

  it('ignores leading, trailing and repeated spaces', () => {
    expect(naturalCompare(' 2栋', '10栋')).toBeLessThan(0);
    expect(naturalCompare('3号楼  2单元', '3号楼 10单元')).toBeLessThan(0);
  });

  it('byNatural breaks ties with further keys', () => {
    const rows = [
      { g: '第二网格', b: '10号楼' },
      { g: '第一网格', b: '2号楼' },
      { g: '第二网格', b: '2号楼' },
      { g: '第一网格', b: '10号楼' },
    ];
    expect(
      [...rows].sort(
        byNatural(
          (r) => r.g,
          (r) => r.b,
        ),
      ),
    ).toEqual([
      { g: '第一网格', b: '2号楼' },
      { g: '第一网格', b: '10号楼' },
      { g: '第二网格', b: '2号楼' },
      { g: '第二网格', b: '10号楼' },
    ]);
  });

  it('plain code-point sorting gets these wrong (the bug this replaces)', () => {
    expect(['第一网格', '第二网格', '第三网格'].sort()).toEqual(['第一网格', '第三网格', '第二网格']);
    expect(['2栋', '10栋'].sort()).toEqual(['10栋', '2栋']);
  });
});

describe('orderStructure', () => {
  it('orders grids, then buildings within grids, then units within buildings', () => {
    const t = orderStructure({
      grids: [
        { id: 'g3', name: '第三网格', code: 'C' },
        { id: 'g1', name: '第一网格', code: 'Z' },
        { id: 'g2', name: '第二网格', code: 'A' },
      ],
      buildings: [
        { id: 'b10', gridId: 'g1', name: '10号楼', code: '10' },
        { id: 'bx', gridId: 'g2', name: '1号楼', code: '1' },
        { id: 'b2', gridId: 'g1', name: '2号楼', code: '2' },
      ],
      units: [
        { id: 'u3', buildingId: 'bx', name: '1单元', code: '1' },
        { id: 'u2', buildingId: 'b10', name: '10单元', code: '10' },
        { id: 'u1', buildingId: 'b10', name: '2单元', code: '2' },
        { id: 'u0', buildingId: 'b2', name: '1单元', code: '1' },
      ],
    });
    expect(t.grids.map((g) => g.name)).toEqual(['第一网格', '第二网格', '第三网格']);
    expect(t.buildings.map((b) => b.id)).toEqual(['b2', 'b10', 'bx']);
    expect(t.units.map((u) => u.id)).toEqual(['u0', 'u1', 'u2', 'u3']);
  });
});
