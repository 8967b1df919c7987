import { describe, expect, it } from 'vitest';
import { checkPattern, DEFAULT_ARCHIVE_NO_PATTERN, formatArchiveNo } from '../../shared/domain/archive-number';
import { CONTENT_CATEGORIES } from '../../shared/domain/archive-types';
import {
  buildTree,
  categoryName,
  checkPlacement,
  choiceProblem,
  DEFAULT_CATEGORIES,
  descendants,
  inTreeOrder,
  patternFor,
  type CategoryNode,
} from '../../shared/domain/record-categories';

const node = (code: string, parentCode: string | null, extra: Partial<CategoryNode> = {}): CategoryNode => ({
  code,
  nameZh: code,
  nameEn: code.toUpperCase(),
  parentCode,
  pattern: null,
  order: 1,
  active: true,
  ...extra,
});

/** The default tree plus 文书档案 (WS) with two sub-classes, one of them with a third level. */
const ROWS: CategoryNode[] = [
  ...DEFAULT_CATEGORIES,
  node('WS', null, { nameZh: '文书档案', order: 2, pattern: 'WS-{年度}-{件号:3}' }),
  node('WS-TZ', 'WS', { nameZh: '通知', order: 2 }),
  node('WS-HY', 'WS', { nameZh: '会议', order: 1, pattern: 'HY-{年度}-{件号:2}' }),
  node('WS-HY-JY', 'WS-HY', { nameZh: '纪要' }),
  node('RS', null, { nameZh: '人事档案', order: 3, active: false }),
  node('RS-1', 'RS', { nameZh: '干部' }),
];

describe('the default tree', () => {
  it('keeps the five content codes records have always carried, as leaves under 居民档案', () => {
    const [root, ...rest] = buildTree(DEFAULT_CATEGORIES);
    expect(buildTree(DEFAULT_CATEGORIES)).toHaveLength(1);
    expect(root).toMatchObject({ code: 'resident', nameZh: '居民档案', depth: 1 });
    expect(rest).toEqual([]);
    expect(root.children.map((c) => [c.code, c.nameZh])).toEqual([
      ['basic', '基本信息'],
      ['living', '生活状况'],
      ['social', '社会活动'],
      ['complaint', '投诉建议'],
      ['service', '服务办理'],
    ]);
    for (const c of CONTENT_CATEGORIES) expect(choiceProblem(DEFAULT_CATEGORIES, c), c).toBeNull();
    expect(choiceProblem(DEFAULT_CATEGORIES, 'resident')?.zh).toBe('请选择最下一级的档案分类');
  });
});

describe('tree building', () => {
  it('orders siblings by their order, then code, and numbers the levels', () => {
    expect(inTreeOrder(ROWS).map((n) => `${'  '.repeat(n.depth - 1)}${n.code}`)).toEqual([
      'resident',
      '  basic',
      '  living',
      '  social',
      '  complaint',
      '  service',
      'WS',
      '  WS-HY',
      '    WS-HY-JY',
      '  WS-TZ',
      'RS',
      '  RS-1',
    ]);
  });

  it('shows a node whose parent is missing (or itself) at the top, never loses or repeats one', () => {
    const odd = [node('a', 'gone'), node('b', 'b'), node('c', 'a')];
    expect(inTreeOrder(odd).map((n) => [n.code, n.depth])).toEqual([
      ['a', 1],
      ['c', 2],
      ['b', 1],
    ]);
  });
});

describe('descendants (the records filter of a node)', () => {
  it.each([
    ['resident', ['resident', 'basic', 'living', 'social', 'complaint', 'service']],
    ['WS', ['WS', 'WS-TZ', 'WS-HY', 'WS-HY-JY']],
    ['WS-HY', ['WS-HY', 'WS-HY-JY']],
    ['basic', ['basic']],
    ['unknown', ['unknown']],
  ])('%s → %j', (code, expected) => {
    expect(descendants(ROWS, code).sort()).toEqual([...expected].sort());
  });
});

describe('which 档号 pattern a record takes', () => {
  const wide = DEFAULT_ARCHIVE_NO_PATTERN;
  it.each([
    ['WS', 'WS-{年度}-{件号:3}', 'WS'],
    ['WS-TZ', 'WS-{年度}-{件号:3}', 'WS'],
    ['WS-HY', 'HY-{年度}-{件号:2}', 'WS-HY'],
    ['WS-HY-JY', 'HY-{年度}-{件号:2}', 'WS-HY'],
    ['basic', wide, null],
    ['unknown', wide, null],
    [null, wide, null],
  ])('%s → %s (from %s)', (code, pattern, from) => {
    expect(patternFor(ROWS, code, wide)).toEqual({ pattern, from });
  });

  it('{类别} prints the category code', () => {
    expect(checkPattern('{类别}-{年度}-{件号:4}')).toBeNull();
    expect(formatArchiveNo('{类别}-{年度}-{件号:4}', { category: 'WS-TZ', year: 2026 }, 7)).toBe('WS-TZ-2026-0007');
  });
});

describe('what a record may be filed under', () => {
  it.each([
    ['basic', null],
    ['WS-TZ', null],
    ['WS-HY-JY', null],
    ['WS', '请选择最下一级的档案分类'],
    ['WS-HY', '请选择最下一级的档案分类'],
    ['RS-1', '档案分类“人事档案”已停用'],
    ['RS', '档案分类“人事档案”已停用'],
    ['nope', '档案分类 nope 不存在'],
  ])('%s → %s', (code, zh) => {
    expect(choiceProblem(ROWS, code)?.zh ?? null).toBe(zh);
  });
});

describe('moving a category', () => {
  it.each([
    ['WS-TZ', 'resident', null],
    ['WS-TZ', null, null],
    ['new', 'WS-HY', null],
    ['WS', 'WS-HY', '不能移到自己或下级分类之下'],
    ['WS', 'WS', '不能移到自己或下级分类之下'],
    ['new', 'WS-HY-JY', '分类最多 3 级'],
    // WS-HY has a child: under WS-TZ its child would be on level 4.
    ['WS-HY', 'WS-TZ', '分类最多 3 级'],
    ['WS-TZ', 'nope', '上级分类 nope 不存在'],
  ])('%s under %s → %s', (code, parent, zh) => {
    expect(checkPlacement(ROWS, code, parent)?.zh ?? null).toBe(zh);
  });
});

describe('names', () => {
  it('in the language asked for, falling back to Chinese, and to the code when unknown', () => {
    expect(categoryName(ROWS, 'WS', 'zh')).toBe('文书档案');
    expect(categoryName(ROWS, 'WS', 'en')).toBe('WS');
    expect(categoryName(ROWS, 'living', 'en')).toBe('Living conditions');
    expect(categoryName([node('x', null, { nameEn: '' })], 'x', 'en')).toBe('x');
    expect(categoryName(ROWS, 'gone', 'zh')).toBe('gone');
    expect(categoryName(ROWS, null)).toBe('');
  });
});
