import { describe, expect, it } from 'vitest';
import {
  clockEventsStartedBy,
  COUNTER_EVENT,
  eventDateRefusal,
  headAfterLeaving,
  LIFE_EVENT_KINDS,
  mergeRefusal,
  residentEventRefusal,
  splitRefusal,
  statusAfter,
  type ResidentEventKind,
  type ResidentStatus,
} from '../../shared/domain/life-events';

/** Life events (#19 item 1): who may have which event, what follows, which clocks start. */
describe('life events: pure rules', () => {
  it.each<[ResidentEventKind, ResidentStatus, boolean, ResidentStatus]>([
    ['move_out', 'active', true, 'moved_out'],
    ['move_out', 'moved_out', false, 'moved_out'],
    ['move_out', 'dead', false, 'moved_out'],
    ['move_in', 'moved_out', true, 'active'],
    ['move_in', 'active', false, 'active'],
    ['move_in', 'dead', false, 'active'],
    ['death', 'active', true, 'dead'],
    ['death', 'dead', false, 'dead'],
    ['death', 'moved_out', false, 'dead'],
    ['death_revoked', 'dead', true, 'active'],
    ['death_revoked', 'active', false, 'active'],
    ['transfer', 'active', true, 'active'],
    ['transfer', 'moved_out', false, 'active'],
    ['set_head', 'active', true, 'active'],
    ['set_head', 'dead', false, 'active'],
  ])('%s for a resident who is %s: allowed %s, then %s', (kind, status, allowed, after) => {
    const r = residentEventRefusal(kind, status);
    expect(r === null).toBe(allowed);
    if (r) {
      expect(r.zh).toMatch(/不能/);
      expect(r.en).toMatch(/cannot/);
    }
    expect(statusAfter(kind)).toBe(after);
  });

  it('every event has a counter-event, and the pairs are mutual', () => {
    for (const k of LIFE_EVENT_KINDS) expect(COUNTER_EVENT[COUNTER_EVENT[k]]).toBe(k);
  });

  it.each([
    ['move_out', ['moved_out']],
    ['death', ['died', 'moved_out']],
    ['move_in', []],
    ['transfer', []],
    ['split', []],
  ] as const)('%s starts the clocks %j', (kind, clocks) => {
    expect(clockEventsStartedBy(kind)).toEqual(clocks);
  });

  it.each([
    ['2026-03-01', {}, null],
    ['2026-03-02', {}, '晚于今天'],
    ['1950-01-01', { birthDate: '1956-03-12' }, '早于出生日期'],
    ['2020-01-01', { lastEventOn: '2021-06-01' }, '早于上一次事件'],
    ['2021-06-01', { lastEventOn: '2021-06-01' }, null],
  ] as const)('event on %s with %j → %s', (on, ctx, words) => {
    const r = eventDateRefusal(on, { today: '2026-03-01', ...ctx });
    if (words === null) expect(r).toBeNull();
    else expect(r?.zh).toContain(words);
  });

  const members = ['a', 'b', 'c'];
  it.each([
    [['b'], 'b', null],
    [['b', 'c'], 'c', null],
    [[], 'b', '请选择'],
    [['b', 'b'], 'b', '重复'],
    [['x'], 'x', '在册成员'],
    [['a', 'b', 'c'], 'a', '全部成员'],
    [['b'], 'c', '户主'],
  ] as const)('split off %j with head %s → %s', (chosen, headId, words) => {
    const r = splitRefusal({ activeMemberIds: members, chosen, headId });
    if (words === null) expect(r).toBeNull();
    else expect(r?.zh).toContain(words);
  });

  it.each([
    ['h1', 'h2', 'active', 'active', null],
    ['h1', 'h1', 'active', 'active', '本户'],
    ['h1', 'h2', 'merged', 'active', '已合并'],
    ['h1', 'h2', 'active', 'merged', '已合并'],
  ] as const)('merge %s into %s (%s, %s) → %s', (sourceId, targetId, sourceStatus, targetStatus, words) => {
    const r = mergeRefusal({ sourceId, targetId, sourceStatus, targetStatus });
    if (words === null) expect(r).toBeNull();
    else expect(r?.zh).toContain(words);
  });

  it.each([
    ['h', ['x'], 'h'],
    ['h', ['h', 'x'], null],
    [null, ['x'], null],
  ] as const)('head %s after %j leave → %s', (head, leaving, after) => {
    expect(headAfterLeaving(head, leaving)).toBe(after);
  });
});
