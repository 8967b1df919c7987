import { describe, expect, it } from 'vitest';
import { defaultDiscreet, publicWarningNeeded, WELFARE_TAG_NAMES } from '../../shared/domain/tag-privacy';
import { DEFAULT_TAGS } from '../../shared/domain/tags';

describe('tag privacy defaults', () => {
  it('every welfare or health tag in the default palette is discreet; the others are public', () => {
    for (const t of DEFAULT_TAGS) expect([t.name, t.discreet]).toEqual([t.name, (WELFARE_TAG_NAMES as readonly string[]).includes(t.name)]);
  });

  it.each([
    ['低保户', true],
    ['低保边缘户', true],
    ['残疾人', true],
    ['独居', true],
    ['精神障碍', true],
    ['慢性病', true],
    ['楼长', false],
    ['党员户', false],
    ['出租户', false],
  ])('a new tag named %s starts discreet: %s', (name, want) => {
    expect(defaultDiscreet(name)).toBe(want);
  });

  it.each([
    ['discreet → public', { name: '低保户', discreet: true }, { name: '低保户', discreet: false }, true],
    ['discreet → public, any name', { name: '某标签', discreet: true }, { name: '某标签', discreet: false }, true],
    ['public stays public (already chosen)', { name: '低保户', discreet: false }, { name: '低保户', discreet: false }, false],
    ['public renamed to a welfare name', { name: '甲', discreet: false }, { name: '特困户', discreet: false }, true],
    ['new public welfare tag', null, { name: '残疾人家庭', discreet: false }, true],
    ['new public ordinary tag', null, { name: '出租户', discreet: false }, false],
    ['stays discreet', { name: '低保户', discreet: true }, { name: '低保户', discreet: true }, false],
  ] as const)('%s → warn %s', (_label, before, after, want) => {
    expect(publicWarningNeeded(before, after)).toBe(want);
  });
});
