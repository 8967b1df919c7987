/**
 * Retention (保管期限) as pure functions (domain.md, Retention); destruction eligibility is in destruction-rules.ts.
 *
 * Counting rule: the clock starts on 1 January of the year after the record was formed (or, for a
 * file with a date range, closed) and the record falls due on 1 January of (year + 1 + N).
 * Permanent (Y) records never fall due. Time is always passed in as a date-only string
 * 'YYYY-MM-DD' (the caller's local date), so tests and the due list are deterministic.
 * No node:* imports: this file is shared with the renderer.
 */
import type { RetentionClass } from './archive-types';
import { RETENTION_LABELS } from './archive-types';
import type { Bilingual, IsoDate } from '../text';
export type { Bilingual, IsoDate };

/** A local calendar date 'YYYY-MM-DD'. Plain strings compare correctly in date order. */

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

/** A retention term: a class, and for CUSTOM its number of years. */
export type RetentionTerm = { cls: 'Y' } | { cls: 'D30' } | { cls: 'D10' } | { cls: 'CUSTOM'; years: number };

/** Longest custom term accepted; anything longer should simply be made permanent. */
export const MAX_CUSTOM_YEARS = 100;

/** Years of a term; null means permanent (never due). */
export function termYears(t: RetentionTerm): number | null {
  switch (t.cls) {
    case 'Y':
      return null;
    case 'D30':
      return 30;
    case 'D10':
      return 10;
    case 'CUSTOM':
      return t.years;
  }
}

/** A problem with a custom term, or null when the term is usable. */
export function checkTerm(t: RetentionTerm): Bilingual | null {
  if (t.cls !== 'CUSTOM') return null;
  if (!Number.isInteger(t.years) || t.years < 1 || t.years > MAX_CUSTOM_YEARS) {
    return { zh: `自定义保管年限须为 1–${MAX_CUSTOM_YEARS} 的整数`, en: `Custom retention must be a whole number of years, 1–${MAX_CUSTOM_YEARS}` };
  }
  return null;
}

/** N years as a term, preferring the standard class so D30 and "custom 30" are stored alike. */
export function termOfYears(years: number): RetentionTerm {
  if (years === 30) return { cls: 'D30' };
  if (years === 10) return { cls: 'D10' };
  return { cls: 'CUSTOM', years };
}

/** Code as printed in a DA/T 22 archive number: Y, D30, D10, or D<n> for custom years. */
export function termCode(t: RetentionTerm): string {
  return t.cls === 'CUSTOM' ? `D${t.years}` : t.cls;
}

/** Label for screens and PDFs, e.g. 定期15年 / 15 years for a custom term. */
export function termLabel(t: RetentionTerm): Bilingual {
  if (t.cls === 'CUSTOM') return { zh: `定期${t.years}年`, en: `${t.years} years` };
  return RETENTION_LABELS[t.cls];
}

/** Reads a code or a Chinese label as found in imported lists: Y, 永久, D30, 定期30年, 30年, D15 … */
export function parseTerm(text: string): RetentionTerm | null {
  const s = text.trim().toUpperCase();
  if (s === 'Y' || s === '永久') return { cls: 'Y' };
  const m = /^(?:D|定期)?\s*(\d{1,3})\s*年?$/.exec(s);
  if (!m) return null;
  const t = termOfYears(Number(m[1]));
  return checkTerm(t) ? null : t;
}

/** True when `a` keeps records at least as long as `b` (Y beats every fixed term). */
function atLeastAsLong(a: RetentionTerm, b: RetentionTerm): boolean {
  const ya = termYears(a);
  const yb = termYears(b);
  if (ya === null) return true;
  if (yb === null) return false;
  return ya >= yb;
}

/** When two classes could apply, the longer wins (domain.md: "when in doubt, take the longer"). */
export function longerTerm(a: RetentionTerm, b: RetentionTerm): RetentionTerm {
  return atLeastAsLong(a, b) ? a : b;
}

/** The longest of one or more terms. */
export function longestTerm(first: RetentionTerm, ...rest: RetentionTerm[]): RetentionTerm {
  return rest.reduce(longerTerm, first);
}

/** The stored class code of a term, for columns typed with RETENTION_CLASSES. */
export function termClass(t: RetentionTerm): RetentionClass {
  return t.cls;
}

// ---------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------

/** Events that may start a record's clock instead of its formation (迁出 / 死亡 / 结案). */
export const CLOCK_EVENTS = ['moved_out', 'died', 'case_closed'] as const;
export type ClockEvent = (typeof CLOCK_EVENTS)[number];
export const CLOCK_EVENT_LABELS: Record<ClockEvent, Bilingual> = {
  moved_out: { zh: '迁出', en: 'Moved out' },
  died: { zh: '死亡', en: 'Died' },
  case_closed: { zh: '结案', en: 'Case closed' },
};

/** An event clock; `on` stays empty until the event happens (the resident still lives here …). */
export interface EventClock {
  event: ClockEvent;
  on?: IsoDate;
}

/** A hold (冻结): who set it and why. Released holds are kept for the record's history. */
export interface Hold {
  reason: string;
  setBy: string;
  setOn: IsoDate;
  releasedOn?: IsoDate;
  releasedBy?: string;
  releaseReason?: string;
}

/** Everything retention needs to know about one record. */
export interface RetentionState {
  term: RetentionTerm;
  /** 年度: the year the record was formed; for a file with a date range, the year it was closed. */
  year: number;
  /** Set when the clock starts at an event rather than at formation. */
  clock?: EventClock;
  holds?: readonly Hold[];
  /** Set by a "keep" appraisal: the record comes back to the due list on this date, not before. */
  nextAppraisal?: IsoDate;
  /** Set by a "destroy" or "transfer" appraisal. */
  disposition?: 'destroy' | 'transfer';
  transferTo?: string;
}

const YEAR_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function yearOf(d: IsoDate): number {
  const m = YEAR_RE.exec(d);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${d}`);
  return Number(m[1]);
}

function jan1(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-01-01`;
}

/**
 * The year the clock counts from, or null while an event clock waits for its event.
 * An event dated before the record's own year (a data-entry slip) cannot start the clock before
 * the record existed, so the later of the two years is used.
 */
export function clockStartYear(s: RetentionState): number | null {
  if (!s.clock) return s.year;
  if (!s.clock.on) return null;
  return Math.max(yearOf(s.clock.on), s.year);
}

/** 起算日期: 1 January of the year after the clock's year; null while waiting for an event. */
export function clockStartDate(s: RetentionState): IsoDate | null {
  const y = clockStartYear(s);
  return y === null ? null : jan1(y + 1);
}

/** 到期日期 by the term alone: 1 January of (year + 1 + N); null when permanent or not started. */
export function termDueDate(s: RetentionState): IsoDate | null {
  const n = termYears(s.term);
  const y = clockStartYear(s);
  if (n === null || y === null) return null;
  return jan1(y + 1 + n);
}

/** When the record next needs appraisal: the term's due date, pushed later by a "keep" decision. */
export function dueDate(s: RetentionState): IsoDate | null {
  const d = termDueDate(s);
  if (d === null) return null;
  return s.nextAppraisal && s.nextAppraisal > d ? s.nextAppraisal : d;
}

/** Full years since a clock start date (always a 1 January) at a date; 0 before it starts. */
export function yearsSince(start: IsoDate, at: IsoDate): number {
  return Math.max(0, yearOf(at) - yearOf(start));
}

/**
 * 已保管年数 at a date: full years counted on the retention clock. While an event clock waits, the
 * record has still been kept since formation, so that is counted instead.
 */
export function yearsKept(s: RetentionState, at: IsoDate): number {
  return yearsSince(clockStartDate(s) ?? jan1(s.year + 1), at);
}

// ---------------------------------------------------------------------------------------------
// Holds
// ---------------------------------------------------------------------------------------------

/** Holds in force on a date: set on or before it and not yet released by then. */
export function activeHolds(holds: readonly Hold[] | undefined, at: IsoDate): Hold[] {
  return (holds ?? []).filter((h) => h.setOn <= at && (!h.releasedOn || h.releasedOn > at));
}

export function isHeld(s: RetentionState, at: IsoDate): boolean {
  return activeHolds(s.holds, at).length > 0;
}

/** Adds a hold; a hold without a reason or without who set it is refused (it must be accountable). */
export function placeHold(
  holds: readonly Hold[] | undefined,
  h: { reason: string; setBy: string; setOn: IsoDate },
): { ok: true; holds: Hold[] } | { ok: false; error: Bilingual } {
  if (!h.reason.trim()) return { ok: false, error: { zh: '冻结须填写原因', en: 'A hold needs a reason' } };
  if (!h.setBy.trim()) return { ok: false, error: { zh: '冻结须记录设置人', en: 'A hold needs the person who set it' } };
  return { ok: true, holds: [...(holds ?? []), { reason: h.reason.trim(), setBy: h.setBy.trim(), setOn: h.setOn }] };
}

/** Releases the hold at `index`; the entry is kept with who released it and why. */
export function releaseHold(
  holds: readonly Hold[],
  index: number,
  r: { by: string; on: IsoDate; reason: string },
): { ok: true; holds: Hold[] } | { ok: false; error: Bilingual } {
  const h = holds[index];
  if (!h || h.releasedOn) return { ok: false, error: { zh: '没有可解除的冻结', en: 'No hold in force to release' } };
  if (!r.reason.trim() || !r.by.trim())
    return { ok: false, error: { zh: '解除冻结须填写原因和解除人', en: 'Releasing a hold needs a reason and who released it' } };
  if (r.on < h.setOn) return { ok: false, error: { zh: '解除日期早于冻结日期', en: 'Release date is before the hold date' } };
  const next = holds.slice();
  next[index] = { ...h, releasedOn: r.on, releasedBy: r.by.trim(), releaseReason: r.reason.trim() };
  return { ok: true, holds: next };
}

// ---------------------------------------------------------------------------------------------
// Due list
// ---------------------------------------------------------------------------------------------

/**
 * Where a record stands on the due list at a date. Due dates fall on 1 January, so "due this
 * year" means the record fell due this January and should be appraised this year; "overdue" means
 * it fell due in an earlier year and still has no appraisal decision.
 */
export const DUE_BUCKETS = ['overdue', 'due_this_year', 'due_next_year', 'later', 'permanent', 'awaiting_event', 'decided'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];
export const DUE_BUCKET_LABELS: Record<DueBucket, Bilingual> = {
  overdue: { zh: '逾期未鉴定', en: 'Overdue for appraisal' },
  due_this_year: { zh: '本年到期', en: 'Due this year' },
  due_next_year: { zh: '明年到期', en: 'Due next year' },
  later: { zh: '未到期', en: 'Not yet due' },
  permanent: { zh: '永久保存', en: 'Permanent' },
  awaiting_event: { zh: '待起算事件', en: 'Clock waits for an event' },
  decided: { zh: '已作处置决定', en: 'Disposition decided' },
};

export interface DueEntry {
  bucket: DueBucket;
  dueDate: IsoDate | null;
  startDate: IsoDate | null;
  yearsKept: number;
  /** A hold is in force: the record shows on the list but cannot be appraised for destruction. */
  held: boolean;
}

export function dueBucket(s: RetentionState, today: IsoDate): DueBucket {
  if (s.disposition) return 'decided';
  if (termYears(s.term) === null) return 'permanent';
  const due = dueDate(s);
  if (due === null) return 'awaiting_event';
  const dy = yearOf(due);
  const ty = yearOf(today);
  if (dy < ty) return 'overdue';
  if (dy === ty) return 'due_this_year';
  if (dy === ty + 1) return 'due_next_year';
  return 'later';
}

export function classifyDue(s: RetentionState, today: IsoDate): DueEntry {
  return {
    bucket: dueBucket(s, today),
    dueDate: dueDate(s),
    startDate: clockStartDate(s),
    yearsKept: yearsKept(s, today),
    held: isHeld(s, today),
  };
}

/** True when the record has reached its due date (its term has run out) on `at`. */
export function isDue(s: RetentionState, at: IsoDate): boolean {
  const d = dueDate(s);
  return d !== null && d <= at;
}

/**
 * The due list: items in the chosen buckets (default: overdue, this year, next year), earliest due
 * first, with held records included but flagged so the keeper sees why they cannot be appraised.
 */
export function dueList<T>(
  items: readonly T[],
  retentionOf: (item: T) => RetentionState,
  today: IsoDate,
  buckets: readonly DueBucket[] = ['overdue', 'due_this_year', 'due_next_year'],
): Array<{ item: T; due: DueEntry }> {
  const want = new Set(buckets);
  return items
    .map((item) => ({ item, due: classifyDue(retentionOf(item), today) }))
    .filter((x) => want.has(x.due.bucket))
    .sort((a, b) => (a.due.dueDate ?? '9999').localeCompare(b.due.dueDate ?? '9999'));
}

// ---------------------------------------------------------------------------------------------
// Appraisal decisions
// ---------------------------------------------------------------------------------------------

export const APPRAISAL_DECISION_KINDS = ['keep', 'extend', 'permanent', 'destroy', 'transfer'] as const;
export type AppraisalDecisionKind = (typeof APPRAISAL_DECISION_KINDS)[number];

/**
 * 继续保存 keep (back on the due list after `reviewYears`) / 延长至 N 年 extend to N years in total,
 * counted from the same start / 转永久 make permanent / 销毁 destroy / 移交 transfer to a body.
 */
export type AppraisalDecision =
  { kind: 'keep'; reviewYears?: number } | { kind: 'extend'; toYears: number } | { kind: 'permanent' } | { kind: 'destroy' } | { kind: 'transfer'; to: string };

export const APPRAISAL_DECISION_LABELS: Record<AppraisalDecisionKind, Bilingual> = {
  keep: { zh: '继续保存', en: 'Keep' },
  extend: { zh: '延长保管期限', en: 'Extend' },
  permanent: { zh: '转永久', en: 'Make permanent' },
  destroy: { zh: '销毁', en: 'Destroy' },
  transfer: { zh: '移交', en: 'Transfer' },
};

/** Without a stated review period a kept record is looked at again after this many years. */
export const DEFAULT_KEEP_REVIEW_YEARS = 5;

/** The decision as written in the appraisal report, e.g. 延长至 30 年 / Extend to 30 years. */
export function decisionLabel(d: AppraisalDecision): Bilingual {
  switch (d.kind) {
    case 'extend':
      return { zh: `延长至 ${d.toYears} 年`, en: `Extend to ${d.toYears} years` };
    case 'transfer':
      return d.to.trim() ? { zh: `移交（${d.to.trim()}）`, en: `Transfer (${d.to.trim()})` } : APPRAISAL_DECISION_LABELS.transfer;
    default:
      return APPRAISAL_DECISION_LABELS[d.kind];
  }
}

export const APPRAISAL_REFUSALS = {
  ON_HOLD: { zh: '该档案已冻结，不能鉴定为销毁或移交。', en: 'The record is on hold; it cannot be appraised for destruction or transfer.' },
  NOT_DUE: { zh: '该档案保管期限未满，不能鉴定为销毁。', en: 'The record is not yet due; it cannot be appraised for destruction.' },
  PERMANENT: { zh: '永久档案不能鉴定为销毁，须先改定保管期限。', en: 'A permanent record cannot be destroyed; change its retention first.' },
  EXTEND_NOT_LONGER: { zh: '延长后的年限须长于原保管期限。', en: 'The extended term must be longer than the current one.' },
  EXTEND_STILL_DUE: {
    zh: '延长后仍已到期，请延长更多年限或转永久。',
    en: 'The record would still be due after this extension; extend further or make it permanent.',
  },
  BAD_YEARS: { zh: `年限须为 1–${MAX_CUSTOM_YEARS} 的整数。`, en: `Years must be a whole number, 1–${MAX_CUSTOM_YEARS}.` },
  TRANSFER_TO_MISSING: { zh: '移交须填写接收单位。', en: 'A transfer needs the receiving body.' },
  ALREADY_DECIDED: { zh: '该档案已作销毁或移交决定。', en: 'The record already has a destroy or transfer decision.' },
} as const satisfies Record<string, Bilingual>;
export type AppraisalRefusalCode = keyof typeof APPRAISAL_REFUSALS;

export type DecisionResult = { ok: true; state: RetentionState } | { ok: false; code: AppraisalRefusalCode; zh: string; en: string };

function refuseDecision(code: AppraisalRefusalCode): DecisionResult {
  return { ok: false, code, ...APPRAISAL_REFUSALS[code] };
}

/**
 * Applies an appraisal decision, made on `on`, to a record's retention. Holds block destroy and
 * transfer (the record must stay where it is) but not keep/extend/permanent, which only keep it
 * longer. Destroy needs the term to have run out; an early destruction goes through the
 * administrator override in `checkDestruction`, not through appraisal.
 */
export function applyDecision(s: RetentionState, d: AppraisalDecision, on: IsoDate): DecisionResult {
  if (s.disposition) return refuseDecision('ALREADY_DECIDED');
  const held = isHeld(s, on);
  switch (d.kind) {
    case 'keep': {
      const n = d.reviewYears ?? DEFAULT_KEEP_REVIEW_YEARS;
      if (!Number.isInteger(n) || n < 1 || n > MAX_CUSTOM_YEARS) return refuseDecision('BAD_YEARS');
      if (termYears(s.term) === null) return { ok: true, state: { ...s } };
      return { ok: true, state: { ...s, nextAppraisal: jan1(yearOf(on) + n) } };
    }
    case 'extend': {
      if (!Number.isInteger(d.toYears) || d.toYears < 1 || d.toYears > MAX_CUSTOM_YEARS) return refuseDecision('BAD_YEARS');
      const cur = termYears(s.term);
      if (cur === null || d.toYears <= cur) return refuseDecision('EXTEND_NOT_LONGER');
      const next: RetentionState = { ...s, term: termOfYears(d.toYears), nextAppraisal: undefined };
      if (isDue(next, on)) return refuseDecision('EXTEND_STILL_DUE');
      return { ok: true, state: next };
    }
    case 'permanent':
      return { ok: true, state: { ...s, term: { cls: 'Y' }, nextAppraisal: undefined } };
    case 'destroy':
      if (held) return refuseDecision('ON_HOLD');
      if (termYears(s.term) === null) return refuseDecision('PERMANENT');
      if (!isDue(s, on)) return refuseDecision('NOT_DUE');
      return { ok: true, state: { ...s, disposition: 'destroy' } };
    case 'transfer':
      if (held) return refuseDecision('ON_HOLD');
      if (!d.to.trim()) return refuseDecision('TRANSFER_TO_MISSING');
      return { ok: true, state: { ...s, disposition: 'transfer', transferTo: d.to.trim() } };
  }
}
