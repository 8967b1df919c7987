/**
 * Residents' life events (迁入, 迁出, 死亡注销, 调户, 设为户主, 分户, 合户): which may happen to whom,
 * what status follows, and which retention clocks an event starts. Pure rules; the service in
 * electron/services/life-events.service.ts applies them in one transaction with its audit entry.
 * An event is never edited: it is undone by its counter-event (迁入 after 迁出, 撤销死亡注销 after
 * 死亡注销, 合户 after 分户 …), which is itself an event on the timeline.
 */
import type { Bilingual, ClockEvent } from './retention';

export const LIFE_EVENT_KINDS = ['move_in', 'move_out', 'death', 'death_revoked', 'transfer', 'set_head', 'split', 'merge'] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

/** A resident's place on the roster. Departed residents (moved_out, dead) keep their archive. */
export const RESIDENT_STATUSES = ['active', 'moved_out', 'dead'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

export const LIFE_EVENT_LABELS: Record<LifeEventKind, Bilingual> = {
  move_in: { zh: '迁入', en: 'Moved in' },
  move_out: { zh: '迁出', en: 'Moved out' },
  death: { zh: '死亡注销', en: 'Death registered' },
  death_revoked: { zh: '撤销死亡注销', en: 'Death registration revoked' },
  transfer: { zh: '调户', en: 'Moved to another household' },
  set_head: { zh: '设为户主', en: 'Made head of household' },
  split: { zh: '分户', en: 'Household split' },
  merge: { zh: '合户', en: 'Households merged' },
};

export const RESIDENT_STATUS_LABELS: Record<ResidentStatus, Bilingual> = {
  active: { zh: '在册', en: 'Active' },
  moved_out: { zh: '已迁出', en: 'Moved out' },
  dead: { zh: '已死亡', en: 'Deceased' },
};

/** The event each kind undoes (and is undone by). */
export const COUNTER_EVENT: Record<LifeEventKind, LifeEventKind> = {
  move_in: 'move_out',
  move_out: 'move_in',
  death: 'death_revoked',
  death_revoked: 'death',
  transfer: 'transfer',
  set_head: 'set_head',
  split: 'merge',
  merge: 'split',
};

/** Which status a resident must have for the event, and which follows it. */
const STATUS_RULES: Record<'move_in' | 'move_out' | 'death' | 'death_revoked' | 'transfer' | 'set_head', { from: ResidentStatus; to: ResidentStatus }> = {
  move_in: { from: 'moved_out', to: 'active' },
  move_out: { from: 'active', to: 'moved_out' },
  death: { from: 'active', to: 'dead' },
  // A death registered in error: the person is back on the roster where they were.
  death_revoked: { from: 'dead', to: 'active' },
  transfer: { from: 'active', to: 'active' },
  set_head: { from: 'active', to: 'active' },
};
export type ResidentEventKind = keyof typeof STATUS_RULES;

export function isResidentEvent(kind: LifeEventKind): kind is ResidentEventKind {
  return kind in STATUS_RULES;
}

const NOT_FOR: Record<ResidentStatus, Bilingual> = {
  active: { zh: '该居民仍在册', en: 'The resident is still on the roster' },
  moved_out: { zh: '该居民已迁出', en: 'The resident has moved out' },
  dead: { zh: '该居民已死亡注销', en: 'The resident is registered dead' },
};

/** Why a resident with `status` cannot have this event now, or null when they can. */
export function residentEventRefusal(kind: ResidentEventKind, status: ResidentStatus): Bilingual | null {
  const rule = STATUS_RULES[kind];
  if (status === rule.from) return null;
  const label = LIFE_EVENT_LABELS[kind];
  return { zh: `${NOT_FOR[status].zh}，不能${label.zh}。`, en: `${NOT_FOR[status].en}: cannot record “${label.en}”.` };
}

export function statusAfter(kind: ResidentEventKind): ResidentStatus {
  return STATUS_RULES[kind].to;
}

/**
 * Retention clocks an event starts (records of the resident whose clock waits for that event).
 * A death is also the resident's departure: a record kept "from moving out" counts from the death.
 */
export function clockEventsStartedBy(kind: LifeEventKind): ClockEvent[] {
  if (kind === 'move_out') return ['moved_out'];
  if (kind === 'death') return ['died', 'moved_out'];
  return [];
}

/** The event date: a real day, not in the future, not before birth nor before the subject's last event. */
export function eventDateRefusal(on: string, ctx: { today: string; birthDate?: string | null; lastEventOn?: string | null }): Bilingual | null {
  if (on > ctx.today) return { zh: `事件日期 ${on} 晚于今天（${ctx.today}）。`, en: `The event date ${on} is after today (${ctx.today}).` };
  if (ctx.birthDate && on < ctx.birthDate)
    return { zh: `事件日期早于出生日期 ${ctx.birthDate}。`, en: `The event date is before the birth date ${ctx.birthDate}.` };
  if (ctx.lastEventOn && on < ctx.lastEventOn) {
    return {
      zh: `事件日期早于上一次事件（${ctx.lastEventOn}）；事件按时间先后登记。`,
      en: `The event date is before the previous event (${ctx.lastEventOn}); events are recorded in order.`,
    };
  }
  return null;
}

/** 分户: chosen members (all active members of the household) form a new household, one of them head. */
export function splitRefusal(s: { activeMemberIds: readonly string[]; chosen: readonly string[]; headId: string }): Bilingual | null {
  if (s.chosen.length === 0) return { zh: '请选择分出的成员。', en: 'Choose the members who form the new household.' };
  if (new Set(s.chosen).size !== s.chosen.length) return { zh: '成员重复。', en: 'A member is listed twice.' };
  if (s.chosen.some((id) => !s.activeMemberIds.includes(id))) {
    return { zh: '分出的成员须是本户在册成员。', en: 'Only active members of this household can be split off.' };
  }
  if (s.chosen.length === s.activeMemberIds.length) {
    return { zh: '不能把全部成员分出；整户搬到新地址请用调户。', en: 'Not every member can be split off; to move everyone, move them to another household.' };
  }
  if (!s.chosen.includes(s.headId)) return { zh: '新户的户主须是分出的成员之一。', en: 'The new head must be one of the members split off.' };
  return null;
}

/** 合户: one active household joins another; the source is closed (kept, marked merged). */
export function mergeRefusal(s: { sourceId: string; targetId: string; sourceStatus: string; targetStatus: string }): Bilingual | null {
  if (s.sourceId === s.targetId) return { zh: '不能与本户合户。', en: 'A household cannot merge with itself.' };
  if (s.sourceStatus !== 'active' || s.targetStatus !== 'active')
    return { zh: '已合并的住户不能再合户。', en: 'A household already merged cannot merge again.' };
  return null;
}

/** The head after members leave a household: kept while they stay, otherwise none until a keeper names one. */
export function headAfterLeaving(headId: string | null, leaving: readonly string[]): string | null {
  return headId && !leaving.includes(headId) ? headId : null;
}

/**
 * The roster statuses a list shows: the active roster unless asked ('all', 'departed' = moved out
 * or dead, or one status). The roster page filters on the same `status`.
 */
export function rosterStatus(status: string | undefined): string[] {
  if (status === 'all') return [];
  if (status === 'departed') return ['moved_out', 'dead'];
  if (status && (RESIDENT_STATUSES as readonly string[]).includes(status)) return [status];
  return ['active'];
}
