import { describe, expect, it } from 'vitest';
import {
  applyDecision,
  checkTerm,
  classifyDue,
  clockStartDate,
  decisionLabel,
  dueBucket,
  dueDate,
  dueList,
  isHeld,
  longerTerm,
  longestTerm,
  parseTerm,
  placeHold,
  releaseHold,
  termCode,
  termLabel,
  yearsKept,
  type AppraisalDecision,
  type Hold,
  type RetentionState,
  type RetentionTerm,
} from '../../shared/domain/retention';
import { checkDestruction, type DestructionCandidate } from '../../shared/domain/destruction-rules';

const Y: RetentionTerm = { cls: 'Y' };
const D30: RetentionTerm = { cls: 'D30' };
const D10: RetentionTerm = { cls: 'D10' };
const C = (years: number): RetentionTerm => ({ cls: 'CUSTOM', years });
const HOLD: Hold = { reason: '涉及诉讼 litigation', setBy: '王档案员', setOn: '2030-05-01' };

describe('due date = 1 January of (year + 1 + N)', () => {
  it.each<[string, RetentionState, string | null]>([
    ['D10 formed 2015', { term: D10, year: 2015 }, '2026-01-01'],
    ['D30 formed 2000', { term: D30, year: 2000 }, '2031-01-01'],
    ['custom 15 formed 2010', { term: C(15), year: 2010 }, '2026-01-01'],
    ['custom 1 formed 2025', { term: C(1), year: 2025 }, '2027-01-01'],
    ['permanent is never due', { term: Y, year: 1990 }, null],
    ['file closed 2019 (year = closing year)', { term: D10, year: 2019 }, '2030-01-01'],
    ['formed in leap year 2024 (29 Feb makes no difference)', { term: D10, year: 2024 }, '2035-01-01'],
    ['formed 2000 (leap century)', { term: D30, year: 2000 }, '2031-01-01'],
    ['moved out 2022 restarts D10', { term: D10, year: 2012, clock: { event: 'moved_out', on: '2022-12-31' } }, '2033-01-01'],
    ['died 29 Feb 2024', { term: D30, year: 2001, clock: { event: 'died', on: '2024-02-29' } }, '2055-01-01'],
    ['case closed 2025-01-01', { term: D10, year: 2020, clock: { event: 'case_closed', on: '2025-01-01' } }, '2036-01-01'],
    ['event not yet happened', { term: D10, year: 2010, clock: { event: 'moved_out' } }, null],
    ['event before formation counts from formation', { term: D10, year: 2020, clock: { event: 'case_closed', on: '2018-06-01' } }, '2031-01-01'],
    ['permanent with an event is still never due', { term: Y, year: 2010, clock: { event: 'died', on: '2011-01-01' } }, null],
    ['keep pushed the next appraisal later', { term: D10, year: 2010, nextAppraisal: '2026-01-01' }, '2026-01-01'],
    ['an earlier nextAppraisal does not shorten the term', { term: D10, year: 2010, nextAppraisal: '2015-01-01' }, '2021-01-01'],
  ])('%s', (_name, s, want) => {
    expect(dueDate(s)).toBe(want);
  });

  it.each<[RetentionState, string | null]>([
    [{ term: D10, year: 2015 }, '2016-01-01'],
    [{ term: D10, year: 2015, clock: { event: 'died', on: '2020-07-04' } }, '2021-01-01'],
    [{ term: D10, year: 2015, clock: { event: 'died' } }, null],
  ])('start date (起算日期) of %j is %s', (s, want) => {
    expect(clockStartDate(s)).toBe(want);
  });
});

describe('years kept at a date', () => {
  it.each<[RetentionState, string, number]>([
    [{ term: D10, year: 2015 }, '2015-12-31', 0],
    [{ term: D10, year: 2015 }, '2016-01-01', 0],
    [{ term: D10, year: 2015 }, '2016-12-31', 0],
    [{ term: D10, year: 2015 }, '2017-01-01', 1],
    [{ term: D10, year: 2015 }, '2026-01-01', 10],
    [{ term: D10, year: 2024 }, '2028-02-29', 3],
    [{ term: Y, year: 1990 }, '2026-06-30', 35],
    [{ term: D10, year: 2000, clock: { event: 'moved_out', on: '2020-03-01' } }, '2026-06-01', 5],
    // waiting for its event: counted from formation, because it has been kept that long anyway
    [{ term: D10, year: 2000, clock: { event: 'moved_out' } }, '2026-06-01', 25],
  ])('%j at %s: %i years', (s, at, want) => {
    expect(yearsKept(s, at)).toBe(want);
  });
});

describe('terms: codes, labels, parsing, longer wins', () => {
  it.each<[string, RetentionTerm | null]>([
    ['Y', Y],
    ['永久', Y],
    ['D30', D30],
    ['定期30年', D30],
    ['30年', D30],
    ['d10', D10],
    ['D15', C(15)],
    ['定期 5 年', C(5)],
    ['D0', null],
    ['D101', null],
    ['长期', null],
    ['', null],
  ])('parses %j', (text, want) => {
    expect(parseTerm(text)).toEqual(want);
  });

  it.each<[RetentionTerm, string, string]>([
    [Y, 'Y', '永久'],
    [D30, 'D30', '定期30年'],
    [D10, 'D10', '定期10年'],
    [C(15), 'D15', '定期15年'],
  ])('%j prints as %s / %s', (t, code, zh) => {
    expect(termCode(t)).toBe(code);
    expect(termLabel(t).zh).toBe(zh);
  });

  it.each<[RetentionTerm, RetentionTerm, RetentionTerm]>([
    [D10, D30, D30],
    [D30, D10, D30],
    [D30, Y, Y],
    [Y, D10, Y],
    [C(15), D10, C(15)],
    [C(15), D30, D30],
    [C(50), D30, C(50)],
    [C(50), Y, Y],
    [D10, D10, D10],
  ])('longer of %j and %j is %j', (a, b, want) => {
    expect(longerTerm(a, b)).toEqual(want);
    expect(longerTerm(b, a)).toEqual(want);
  });

  it('longest of many; Y beats all', () => {
    expect(longestTerm(D10, C(20), D30, C(12))).toEqual(D30);
    expect(longestTerm(D10, C(99), Y, D30)).toEqual(Y);
    expect(longestTerm(C(7))).toEqual(C(7));
  });

  it.each([0, -1, 1.5, 101, Number.NaN])('custom years %s is refused', (n) => {
    expect(checkTerm(C(n))).not.toBeNull();
  });
  it.each([1, 15, 100])('custom years %s is fine', (n) => {
    expect(checkTerm(C(n))).toBeNull();
  });
});

describe('holds (冻结)', () => {
  it('needs a reason and who set it', () => {
    expect(placeHold([], { reason: ' ', setBy: 'a', setOn: '2030-01-01' }).ok).toBe(false);
    expect(placeHold([], { reason: 'x', setBy: '', setOn: '2030-01-01' }).ok).toBe(false);
    const r = placeHold(undefined, { reason: ' 审计 ', setBy: '王', setOn: '2030-01-01' });
    expect(r).toEqual({ ok: true, holds: [{ reason: '审计', setBy: '王', setOn: '2030-01-01' }] });
  });

  it.each<[Hold, string, boolean]>([
    [HOLD, '2030-04-30', false],
    [HOLD, '2030-05-01', true],
    [HOLD, '2040-01-01', true],
    [{ ...HOLD, releasedOn: '2031-01-01', releasedBy: '李' }, '2030-12-31', true],
    [{ ...HOLD, releasedOn: '2031-01-01', releasedBy: '李' }, '2031-01-01', false],
  ])('%j in force on %s: %s', (h, at, want) => {
    expect(isHeld({ term: D10, year: 2000, holds: [h] }, at)).toBe(want);
  });

  it('release keeps the history and needs reason, who, and a date after the hold', () => {
    expect(releaseHold([HOLD], 0, { by: '', on: '2031-01-01', reason: 'x' }).ok).toBe(false);
    expect(releaseHold([HOLD], 0, { by: '李', on: '2030-04-01', reason: '结案' }).ok).toBe(false);
    expect(releaseHold([HOLD], 3, { by: '李', on: '2031-01-01', reason: '结案' }).ok).toBe(false);
    const r = releaseHold([HOLD], 0, { by: '李', on: '2031-01-01', reason: '结案' });
    expect(r.ok && r.holds[0]).toEqual({ ...HOLD, releasedOn: '2031-01-01', releasedBy: '李', releaseReason: '结案' });
    if (r.ok) expect(releaseHold(r.holds, 0, { by: '李', on: '2031-02-01', reason: 'again' }).ok).toBe(false);
  });
});

describe('due list buckets', () => {
  const today = '2026-03-15';
  it.each<[string, RetentionState, string]>([
    ['fell due 1 Jan this year', { term: D10, year: 2015 }, 'due_this_year'],
    ['fell due last year', { term: D10, year: 2014 }, 'overdue'],
    ['fell due long ago', { term: D10, year: 1990 }, 'overdue'],
    ['falls due next 1 Jan', { term: D10, year: 2016 }, 'due_next_year'],
    ['falls due in two years', { term: D10, year: 2017 }, 'later'],
    ['permanent', { term: Y, year: 1950 }, 'permanent'],
    ['event not happened', { term: D10, year: 1990, clock: { event: 'died' } }, 'awaiting_event'],
    ['event clock: moved out 2015', { term: D10, year: 1990, clock: { event: 'moved_out', on: '2015-08-01' } }, 'due_this_year'],
    ['already decided destroy', { term: D10, year: 1990, disposition: 'destroy' }, 'decided'],
    ['kept until 2028', { term: D10, year: 2000, nextAppraisal: '2028-01-01' }, 'later'],
    ['kept until next year', { term: D10, year: 2000, nextAppraisal: '2027-01-01' }, 'due_next_year'],
  ])('%s → %s', (_n, s, want) => {
    expect(dueBucket(s, today)).toBe(want);
  });

  it('year end: the same record moves from next year to this year on 1 January', () => {
    const s: RetentionState = { term: D10, year: 2016 };
    expect(dueBucket(s, '2026-12-31')).toBe('due_next_year');
    expect(dueBucket(s, '2027-01-01')).toBe('due_this_year');
    expect(dueBucket(s, '2028-01-01')).toBe('overdue');
  });

  it('held records stay on the list, flagged', () => {
    const e = classifyDue({ term: D10, year: 2010, holds: [{ ...HOLD, setOn: '2025-01-01' }] }, today);
    expect(e).toEqual({ bucket: 'overdue', dueDate: '2021-01-01', startDate: '2011-01-01', yearsKept: 15, held: true });
  });

  it('filters and sorts earliest due first', () => {
    const items = [
      { no: 'A', r: { term: D10, year: 2016 } as RetentionState },
      { no: 'B', r: { term: D10, year: 2001 } as RetentionState },
      { no: 'C', r: { term: Y, year: 2001 } as RetentionState },
      { no: 'D', r: { term: D10, year: 2015 } as RetentionState },
      { no: 'E', r: { term: D30, year: 2020 } as RetentionState },
    ];
    expect(dueList(items, (i) => i.r, today).map((x) => x.item.no)).toEqual(['B', 'D', 'A']);
    expect(dueList(items, (i) => i.r, today, ['overdue']).map((x) => x.item.no)).toEqual(['B']);
    expect(dueList(items, (i) => i.r, today, ['permanent', 'later']).map((x) => x.item.no)).toEqual(['E', 'C']);
  });
});

describe('appraisal decisions', () => {
  const due: RetentionState = { term: D10, year: 2010 }; // due 2021-01-01
  const on = '2026-04-01';
  it.each<[string, RetentionState, AppraisalDecision, Partial<RetentionState> | string]>([
    ['keep: back on the list after 5 years by default', due, { kind: 'keep' }, { term: D10, nextAppraisal: '2031-01-01' }],
    ['keep: after 2 years', due, { kind: 'keep', reviewYears: 2 }, { nextAppraisal: '2028-01-01' }],
    ['keep: 0 years is refused', due, { kind: 'keep', reviewYears: 0 }, 'BAD_YEARS'],
    ['extend to 30', due, { kind: 'extend', toYears: 30 }, { term: D30 }],
    ['extend to 20 (custom)', due, { kind: 'extend', toYears: 20 }, { term: C(20) }],
    ['extend to 10 is not longer', due, { kind: 'extend', toYears: 10 }, 'EXTEND_NOT_LONGER'],
    ['extend to 5 is not longer', due, { kind: 'extend', toYears: 5 }, 'EXTEND_NOT_LONGER'],
    ['extend to 15 would still be due (2026-01-01 ≤ 2026-04-01)', due, { kind: 'extend', toYears: 15 }, 'EXTEND_STILL_DUE'],
    ['extend to 16 is enough', due, { kind: 'extend', toYears: 16 }, { term: C(16) }],
    ['extend a permanent record', { term: Y, year: 2000 }, { kind: 'extend', toYears: 50 }, 'EXTEND_NOT_LONGER'],
    ['extend 101 years is refused', due, { kind: 'extend', toYears: 101 }, 'BAD_YEARS'],
    ['make permanent', due, { kind: 'permanent' }, { term: Y }],
    ['make permanent while held is fine', { ...due, holds: [HOLD] }, { kind: 'permanent' }, { term: Y }],
    ['extend while held is fine', { ...due, holds: [{ ...HOLD, setOn: '2026-01-01' }] }, { kind: 'extend', toYears: 30 }, { term: D30 }],
    ['destroy when due', due, { kind: 'destroy' }, { disposition: 'destroy' }],
    ['destroy when held', { ...due, holds: [{ ...HOLD, setOn: '2026-01-01' }] }, { kind: 'destroy' }, 'ON_HOLD'],
    [
      'destroy after the hold was released',
      { ...due, holds: [{ ...HOLD, setOn: '2025-01-01', releasedOn: '2026-02-01' }] },
      { kind: 'destroy' },
      { disposition: 'destroy' },
    ],
    ['destroy before due', { term: D10, year: 2020 }, { kind: 'destroy' }, 'NOT_DUE'],
    ['destroy a permanent record', { term: Y, year: 1950 }, { kind: 'destroy' }, 'PERMANENT'],
    ['destroy while waiting for the event', { term: D10, year: 1950, clock: { event: 'died' } }, { kind: 'destroy' }, 'NOT_DUE'],
    ['destroy a kept record before its next appraisal', { ...due, nextAppraisal: '2027-01-01' }, { kind: 'destroy' }, 'NOT_DUE'],
    ['transfer', due, { kind: 'transfer', to: ' 区档案馆 ' }, { disposition: 'transfer', transferTo: '区档案馆' }],
    ['transfer without a receiver', due, { kind: 'transfer', to: ' ' }, 'TRANSFER_TO_MISSING'],
    ['transfer when held', { ...due, holds: [{ ...HOLD, setOn: '2026-01-01' }] }, { kind: 'transfer', to: '区档案馆' }, 'ON_HOLD'],
    ['second decision after destroy', { ...due, disposition: 'destroy' }, { kind: 'keep' }, 'ALREADY_DECIDED'],
  ])('%s', (_n, s, d, want) => {
    const r = applyDecision(s, d, on);
    if (typeof want === 'string') {
      expect(r).toMatchObject({ ok: false, code: want });
      if (!r.ok) expect(r.zh.length && r.en.length).toBeGreaterThan(0);
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.state).toMatchObject(want);
    }
  });

  it('extend clears a keep date and counts from the same start', () => {
    const r = applyDecision({ ...due, nextAppraisal: '2026-01-01' }, { kind: 'extend', toYears: 30 }, on);
    expect(r.ok && dueDate(r.state)).toBe('2041-01-01');
    expect(r.ok && r.state.nextAppraisal).toBeUndefined();
  });

  it.each<[AppraisalDecision, string, string]>([
    [{ kind: 'keep' }, '继续保存', 'Keep'],
    [{ kind: 'extend', toYears: 30 }, '延长至 30 年', 'Extend to 30 years'],
    [{ kind: 'permanent' }, '转永久', 'Make permanent'],
    [{ kind: 'destroy' }, '销毁', 'Destroy'],
    [{ kind: 'transfer', to: '区档案馆' }, '移交（区档案馆）', 'Transfer (区档案馆)'],
  ])('label of %j', (d, zh, en) => {
    expect(decisionLabel(d)).toEqual({ zh, en });
  });
});

describe('destruction eligibility', () => {
  const at = '2026-06-01';
  const base: DestructionCandidate = { status: 'pending_destruction', carrier: 'paper', retention: { term: D10, year: 2010 } };
  const held = { ...base.retention, holds: [{ ...HOLD, setOn: '2026-01-01' }] };
  const override = { by: 'admin2', reason: '房屋拆迁，原件受潮霉变 water damage' };

  it.each<[string, DestructionCandidate, string[]]>([
    ['on loan (status)', { ...base, status: 'on_loan' }, ['ON_LOAN']],
    ['on loan (active slip)', { ...base, status: 'in', activeLoan: true }, ['ON_LOAN']],
    ['on hold (status)', { ...base, status: 'on_hold' }, ['ON_HOLD']],
    ['on hold (hold in force)', { ...base, retention: held }, ['ON_HOLD']],
    ['not yet due', { ...base, retention: { term: D10, year: 2020 } }, ['NOT_DUE']],
    ['due next January, not today', { ...base, retention: { term: D10, year: 2016 } }, ['NOT_DUE']],
    ['waiting for its event', { ...base, retention: { term: D10, year: 1990, clock: { event: 'moved_out' } } }, ['AWAITING_EVENT']],
    ['permanent', { ...base, retention: { term: Y, year: 1950 } }, ['PERMANENT']],
    ['already destroyed', { ...base, status: 'destroyed' }, ['ALREADY_DESTROYED']],
    ['on loan and held and not due', { ...base, status: 'on_loan', retention: { ...held, year: 2020 } }, ['ON_LOAN', 'ON_HOLD', 'NOT_DUE']],
  ])('refuses: %s', (_n, c, codes) => {
    const r = checkDestruction(c, at);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusals.map((x) => x.code)).toEqual(codes);
      for (const x of r.refusals) expect(x.zh && x.en).toBeTruthy();
    }
  });

  it.each<[string, DestructionCandidate, boolean, boolean]>([
    ['paper, due', base, true, false],
    ['electronic-only, due', { ...base, carrier: 'electronic' }, false, true],
    ['both, due', { ...base, carrier: 'both', status: 'in' }, true, true],
    ['due exactly today (1 January)', { ...base, retention: { term: D10, year: 2015 } }, true, false],
    ['hold released before', { ...base, retention: { ...base.retention, holds: [{ ...HOLD, setOn: '2020-01-01', releasedOn: '2026-05-31' }] } }, true, false],
    ['event clock ran out', { ...base, retention: { term: D10, year: 1990, clock: { event: 'died', on: '2012-04-01' } } }, true, false],
  ])('allows: %s', (_n, c, physical, electronic) => {
    const r = checkDestruction(c, c.retention.year === 2015 ? '2026-01-01' : at);
    expect(r).toEqual({ ok: true, overridden: [], physical, electronic });
  });

  it('due the day after is refused (31 Dec vs 1 Jan)', () => {
    const c = { ...base, retention: { term: D10, year: 2015 } as RetentionState };
    expect(checkDestruction(c, '2025-12-31').ok).toBe(false);
    expect(checkDestruction(c, '2026-01-01').ok).toBe(true);
  });

  it('administrator override sets aside "not due" with a reason', () => {
    const c = { ...base, retention: { term: D10, year: 2020 } as RetentionState };
    const r = checkDestruction(c, at, override);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.overridden.map((x) => x.code)).toEqual(['NOT_DUE']);
    const e = checkDestruction({ ...base, retention: { term: D10, year: 1990, clock: { event: 'moved_out' } } }, at, override);
    expect(e.ok && e.overridden.map((x) => x.code)).toEqual(['AWAITING_EVENT']);
  });

  it.each(['', '   ', '\n'])('override with blank reason %j is refused', (reason) => {
    const r = checkDestruction({ ...base, retention: { term: D10, year: 2020 } }, at, { by: 'admin2', reason });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusals.map((x) => x.code)).toEqual(['NOT_DUE', 'OVERRIDE_REASON_REQUIRED']);
  });

  it.each<[string, DestructionCandidate]>([
    ['on loan', { ...base, status: 'on_loan' }],
    ['on hold', { ...base, retention: held }],
    ['permanent', { ...base, retention: { term: Y, year: 1950 } }],
    ['destroyed', { ...base, status: 'destroyed' }],
    ['held and not due', { ...base, retention: { ...held, year: 2020 } }],
  ])('override cannot set aside: %s', (_n, c) => {
    expect(checkDestruction(c, at, override).ok).toBe(false);
  });

  it('an override on an eligible record changes nothing', () => {
    expect(checkDestruction(base, at, override)).toEqual({ ok: true, overridden: [], physical: true, electronic: false });
  });
});
