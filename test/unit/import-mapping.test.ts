import { describe, expect, it } from 'vitest';
import { parseMapFile } from '../../electron/import/map-file';
import { isMappable, mappingProblem, mergeMappings, optionsFor, toValueMappings } from '../../electron/import/mappings';
import { groupUnknownValues } from '../../electron/import/unknown-values';
import type { RowIssue } from '../../electron/import/validate-rows';
import { DEFAULT_TAGS } from '../../shared/domain/tags';
import { NEW_TAG_PALETTE, proposeTagLook } from '../../shared/domain/tag-proposal';

const defaults = DEFAULT_TAGS.map((t) => ({ color: t.color, code: t.code }));
const TAGS = DEFAULT_TAGS.map((t) => t.name);

describe('proposeTagLook: a free palette colour and a free one-character code', () => {
  it.each([
    ['网格员', defaults, { color: NEW_TAG_PALETTE[0], code: '网' }],
    // 楼 is 楼长's code: the next character of the name that is free.
    ['楼组长', defaults, { color: NEW_TAG_PALETTE[0], code: '组' }],
    ['楼长', [...defaults, { color: '#000000', code: '长' }], { color: NEW_TAG_PALETTE[0], code: 'A' }],
    ['vip', [], { color: NEW_TAG_PALETTE[0], code: 'V' }],
    ['  (空巢) 老人 ', [{ color: NEW_TAG_PALETTE[0], code: '空' }], { color: NEW_TAG_PALETTE[1], code: '巢' }],
  ])('%s', (name, existing, want) => {
    expect(proposeTagLook(name, existing)).toEqual(want);
  });

  it('cycles the palette once every colour is taken, and never hands out a default tag colour', () => {
    const all = NEW_TAG_PALETTE.map((color, i) => ({ color, code: String.fromCharCode(0x4e00 + i) }));
    expect(NEW_TAG_PALETTE).toHaveLength(new Set(NEW_TAG_PALETTE).size);
    for (const c of NEW_TAG_PALETTE) expect(DEFAULT_TAGS.map((t) => t.color)).not.toContain(c);
    expect(proposeTagLook('新', all).color).toBe(NEW_TAG_PALETTE[all.length % NEW_TAG_PALETTE.length]);
  });
});

describe('mappingProblem: what a value may be mapped to', () => {
  it.each([
    [{ columnKey: 'residenceType', value: '公租房', target: '租住' }, null],
    [{ columnKey: 'gender', value: '男性', target: '男' }, null],
    [{ columnKey: 'tags', value: '楼组长', target: '楼长' }, null],
    [{ columnKey: 'residenceType', value: '公租房', target: 'rented' }, '只能映射为：自有 / 租住 / 其他'],
    [{ columnKey: 'tags', value: '楼组长', target: '楼组' }, '“楼组”不存在'],
    [{ columnKey: 'residenceType', value: '自有', target: '租住' }, '已是居住类型的有效值'],
    [{ columnKey: 'tags', value: '党员户', target: '楼长' }, '已是户标签的有效值'],
    [{ columnKey: 'name', value: '张三', target: '李四' }, '“姓名”列的值不能映射'],
    [{ columnKey: 'nope', value: 'x', target: 'y' }, '没有名为“nope”的列'],
    [{ columnKey: 'residenceType', value: '  ', target: '租住' }, '1–200 个字'],
  ])('%o', (entry, zh) => {
    const p = mappingProblem(entry, TAGS);
    if (zh === null) expect(p).toBeNull();
    else {
      expect(p?.zh).toContain(zh);
      expect(p?.en).toMatch(/[a-z]/);
    }
  });

  it('the coded columns come from one function', () => {
    expect(optionsFor('residenceType')).toEqual(['自有', '租住', '其他']);
    expect(optionsFor('name')).toEqual([]);
    expect(isMappable('tags')).toBe(true);
    expect(isMappable('notes')).toBe(false);
  });

  it('mapping sets have no prototype (a cell reading "constructor" finds nothing) and later sets win', () => {
    const m = mergeMappings(toValueMappings([{ columnKey: 'gender', value: 'M', target: '男' }]), { gender: { M: '女' } });
    expect(m.gender?.M).toBe('女');
    expect(m.gender?.constructor).toBeUndefined();
  });
});

describe('parseMapFile', () => {
  it('accepts columns in Chinese, English or by key, and trims', () => {
    const r = parseMapFile('\uFEFF{ "居住类型": { "公租房": " 租住 " }, "Household tags": { "楼组长": "楼长" }, "gender": { "男性": "男" } }');
    expect(r).toEqual({
      ok: true,
      entries: [
        { columnKey: 'residenceType', value: '公租房', target: '租住' },
        { columnKey: 'tags', value: '楼组长', target: '楼长' },
        { columnKey: 'gender', value: '男性', target: '男' },
      ],
    });
  });

  it.each([
    ['{ "居住类型": ', ['映射文件不是有效的 JSON'], ['not valid JSON']],
    ['[1]', ['映射文件应为'], ['must be an object']],
    ['"x"', ['映射文件应为'], ['must be an object']],
    ['{}', ['没有任何映射'], ['holds no mappings']],
    ['{ "居住情况": { "a": "b" }, "备注": { "a": "b" } }', ['列“居住情况”不存在', '“备注”列的值不能映射'], ['does not exist', 'cannot be mapped']],
    ['{ "居住类型": "租住" }', ['“居住类型”下应为'], ['must be an object']],
    ['{ "居住类型": { "公租房": 1, "廉租房": "" } }', ['“公租房”要映射成的值应为非空文字', '“廉租房”'], ['non-empty text']],
  ])('%s', (text, zh, en) => {
    const r = parseMapFile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const s of zh) expect(r.problems.map((p) => p.zh).join('\n')).toContain(s);
    for (const s of en) expect(r.problems.map((p) => p.en).join('\n')).toContain(s);
  });
});

describe('groupUnknownValues', () => {
  const issue = (row: number, columnKey: RowIssue['columnKey'], value: string, unknown = true): RowIssue => ({
    row,
    column: '',
    columnKey,
    value,
    zh: '',
    en: '',
    ...(unknown ? { unknown: true as const } : {}),
  });
  it('counts rows once per value, names the first five, puts the largest group first and skips row-level issues', () => {
    const issues = [
      ...[9, 3, 5, 7, 11, 13, 2].map((r) => issue(r, 'residenceType', '公租房')),
      issue(4, 'tags', '楼组长'),
      issue(4, 'tags', '楼组长'),
      issue(6, 'tags', '楼组长'),
      issue(8, 'citizenId', '123', false),
    ];
    expect(groupUnknownValues(issues, (k) => (k === 'tags' ? ['楼长'] : optionsFor(k)))).toEqual([
      { columnKey: 'residenceType', column: '居住类型', value: '公租房', count: 7, rows: [2, 3, 5, 7, 9], allowed: ['自有', '租住', '其他'] },
      { columnKey: 'tags', column: '户标签', value: '楼组长', count: 2, rows: [4, 6], allowed: ['楼长'] },
    ]);
  });
});
