import { describe, expect, it } from 'vitest';
import type { Carrier, RecordStatus } from '../../shared/domain/archive-types';
import {
  DEFAULT_LENDING_POLICY,
  addDays,
  approverIsBorrower,
  checkCheckout,
  checkPolicy,
  daysBetween,
  dueDateFor,
  isIsoDate,
  overdueDays,
  personKey,
  reminderSchedule,
  reminderStatus,
  renew,
  type Approver,
  type Borrower,
  type CheckoutRequest,
  type LendingPolicy,
  type LoanState,
  type ReminderTier,
  type UseKind,
} from '../../shared/domain/lending';

const P7: LendingPolicy = { ...DEFAULT_LENDING_POLICY, loanDays: 7, renewalDays: 7, maxRenewals: 2 };
const STAFF: Borrower = { kind: 'staff', userId: 'u-zhang', name: '张网格员' };
const EXTERNAL: Borrower = { kind: 'external', name: '赵律师', idNumber: '11010519491231002X', organisation: '某律师事务所', letterNo: '京律介字2026第18号' };
const APPROVER: Approver = { userId: 'u-li', name: '李主任', idNumber: '110105194912310021' };

function req(over: Partial<CheckoutRequest> & { carrier?: Carrier; status?: RecordStatus } = {}): CheckoutRequest {
  const { carrier = 'paper', status = 'in', ...rest } = over;
  return { kind: 'borrow', record: { carrier, status }, borrower: STAFF, approver: APPROVER, purpose: '核对低保材料', checkout: '2026-03-02', ...rest };
}

describe('date-only arithmetic', () => {
  it.each<[string, number, string]>([
    ['2026-12-28', 7, '2027-01-04'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2100-02-28', 1, '2100-03-01'], // 2100 is not a leap year
    ['2000-02-28', 1, '2000-02-29'], // 2000 is
    ['2024-02-29', 365, '2025-02-28'],
    ['2024-02-29', 366, '2025-03-01'],
    ['2026-01-31', 30, '2026-03-02'],
    ['2026-03-29', 7, '2026-04-05'], // across a European DST change: no hour drift
    ['2026-10-25', 14, '2026-11-08'],
    ['2026-04-30', 0, '2026-04-30'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['1999-12-31', 1, '2000-01-01'],
  ])('%s + %i days = %s', (d, n, want) => {
    expect(addDays(d, n)).toBe(want);
    expect(daysBetween(d, want)).toBe(n);
  });

  it.each(['2026-02-29', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '2026-01-01T00:00', ''])('%j is not a date', (d) => {
    expect(isIsoDate(d)).toBe(false);
    expect(() => addDays(d, 1)).toThrow(RangeError);
  });
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '0099-01-01'])('%j is a date', (d) => {
    expect(isIsoDate(d)).toBe(true);
    expect(addDays(d, 0)).toBe(d);
  });
});

describe('due date of a new slip', () => {
  it.each<[UseKind, string, LendingPolicy, string]>([
    ['borrow', '2026-12-28', P7, '2027-01-04'],
    ['borrow', '2026-03-02', P7, '2026-03-09'],
    ['borrow', '2026-03-02', DEFAULT_LENDING_POLICY, '2026-03-16'],
    ['borrow', '2024-02-22', P7, '2024-02-29'],
    ['borrow', '2023-02-22', P7, '2023-03-01'],
    ['borrow', '2024-02-29', { ...P7, loanDays: 14 }, '2024-03-14'],
    ['borrow', '2026-12-20', { ...P7, loanDays: 14 }, '2027-01-03'],
    ['read', '2026-12-31', P7, '2026-12-31'],
    ['copy', '2026-03-02', P7, '2026-03-02'],
    ['extract', '2024-02-29', P7, '2024-02-29'],
  ])('%s from %s → %s', (kind, from, policy, want) => {
    expect(dueDateFor(kind, from, policy)).toBe(want);
  });
});

describe('check-out', () => {
  it.each<[string, CheckoutRequest, string[]]>([
    ['electronic-only cannot be taken out', req({ carrier: 'electronic' }), ['ELECTRONIC_ONLY']],
    ['electronic-only cannot be read in the room', req({ kind: 'read', carrier: 'electronic' }), ['ELECTRONIC_ONLY']],
    ['already on loan (status)', req({ status: 'on_loan' }), ['ON_LOAN']],
    ['already on loan (active slip, status lagging)', req({ record: { carrier: 'both', status: 'in', activeLoan: true } }), ['ON_LOAN']],
    ['copying the paper of a record that is out', req({ kind: 'copy', status: 'on_loan' }), ['ON_LOAN']],
    ['on hold (status)', req({ status: 'on_hold' }), ['ON_HOLD']],
    ['on hold (hold flag)', req({ record: { carrier: 'paper', status: 'in', held: true } }), ['ON_HOLD']],
    ['pending destruction', req({ status: 'pending_destruction' }), ['PENDING_DESTRUCTION']],
    ['destroyed', req({ status: 'destroyed' }), ['DESTROYED']],
    ['destroyed electronic-only reports only destroyed', req({ status: 'destroyed', carrier: 'electronic' }), ['DESTROYED']],
    ['approver is the borrower (user id)', req({ approver: { userId: 'u-zhang', name: '张网格员' } }), ['APPROVER_IS_BORROWER']],
    [
      'approver is the borrower (same ID number)',
      req({ borrower: { ...EXTERNAL, idNumber: '110105194912310021' }, approver: { ...APPROVER, idNumber: '110105194912310021' } }),
      ['APPROVER_IS_BORROWER'],
    ],
    [
      'approver is the borrower (ID number, x vs X)',
      req({ borrower: EXTERNAL, approver: { ...APPROVER, idNumber: '11010519491231002x' } }),
      ['APPROVER_IS_BORROWER'],
    ],
    ['no approver', req({ approver: { userId: ' ', name: '' } }), ['APPROVER_MISSING']],
    // A paper approval (纸质审批) names its approver only: a staff borrower of that name is them.
    ['paper approver is the staff borrower (same name)', req({ approver: { userId: '', name: '张 网格员' } }), ['APPROVER_IS_BORROWER']],
    ['external without organisation', req({ borrower: { ...EXTERNAL, organisation: ' ' } }), ['EXTERNAL_ORG_MISSING']],
    ['external without ID number', req({ borrower: { ...EXTERNAL, idNumber: '' } }), ['EXTERNAL_ID_MISSING']],
    ['external without 介绍信', req({ borrower: { ...EXTERNAL, letterNo: '' } }), ['EXTERNAL_LETTER_MISSING']],
    [
      'external without anything',
      req({ borrower: { kind: 'external', name: '', idNumber: '', organisation: '', letterNo: '' } }),
      ['BORROWER_NAME_MISSING', 'EXTERNAL_ORG_MISSING', 'EXTERNAL_ID_MISSING', 'EXTERNAL_LETTER_MISSING'],
    ],
    ['no purpose', req({ purpose: '  ' }), ['PURPOSE_MISSING']],
    ['due before check-out', req({ dueDate: '2026-03-01' }), ['DUE_BEFORE_CHECKOUT']],
    [
      'several at once',
      req({ carrier: 'electronic', status: 'on_hold', purpose: '', approver: { userId: 'u-zhang', name: '张' } }),
      ['ELECTRONIC_ONLY', 'ON_HOLD', 'APPROVER_IS_BORROWER', 'PURPOSE_MISSING'],
    ],
  ])('refuses: %s', (_n, r, codes) => {
    const c = checkCheckout(r, P7);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.refusals.map((x) => x.code)).toEqual(codes);
      for (const x of c.refusals) expect(x.zh.length > 0 && x.en.length > 0).toBe(true);
    }
  });

  it('a paper approval (纸质审批) is approved by the name on the slip alone', () => {
    expect(checkCheckout(req({ approver: { userId: '', name: '李主任' } }), P7).ok).toBe(true);
  });

  it.each<[string, CheckoutRequest, string, boolean]>([
    ['staff takes out paper', req(), '2026-03-09', true],
    ['external takes out paper + electronic', req({ carrier: 'both', borrower: EXTERNAL }), '2026-03-09', true],
    ['read paper in the room', req({ kind: 'read' }), '2026-03-02', true],
    ['copy from an electronic-only record', req({ kind: 'copy', carrier: 'electronic' }), '2026-03-02', false],
    ['extract from an electronic-only record (no paper handed over)', req({ kind: 'extract', carrier: 'electronic' }), '2026-03-02', false],
    ['year end: 2026-12-28 + 7', req({ checkout: '2026-12-28' }), '2027-01-04', true],
    ['agreed due date', req({ dueDate: '2026-03-20' }), '2026-03-20', true],
    ['agreed same-day due', req({ dueDate: '2026-03-02' }), '2026-03-02', true],
  ])('allows: %s', (_n, r, due, occupies) => {
    expect(checkCheckout(r, P7)).toEqual({ ok: true, dueDate: due, occupiesPaper: occupies });
  });

  it('the default policy lends for 14 days', () => {
    expect(checkCheckout(req())).toMatchObject({ ok: true, dueDate: '2026-03-16' });
  });
});

describe('approver ≠ borrower: the approving staff member, by identity and by name', () => {
  // Staff approvers have user IDs and display names, never ID numbers on file.
  const STAFF_APPROVER: Approver = { userId: 'u-li', name: '李主任', username: 'liqiang' };
  const ext = (name: string, idNumber = '11010519491231002X'): Borrower => ({ ...EXTERNAL, name, idNumber });
  it.each<[string, boolean, Borrower, Approver]>([
    ['staff borrower is the approver (same user)', true, { kind: 'staff', userId: 'u-li', name: '李主任' }, STAFF_APPROVER],
    ['staff borrower, same user id in other case', true, { kind: 'staff', userId: 'U-LI', name: '李主任' }, STAFF_APPROVER],
    ['staff borrower, another user with the same display name', false, { kind: 'staff', userId: 'u-li-2', name: '李主任' }, STAFF_APPROVER],
    ["external with the approver's display name and some ID", true, ext('李主任'), STAFF_APPROVER],
    ["external with the approver's name and no ID", true, ext('李主任', ''), STAFF_APPROVER],
    ['external with the name spaced out', true, ext(' 李 主任 '), STAFF_APPROVER],
    ['external with the name in full-width letters', true, ext('ＬＩＱＩＡＮＧ'), STAFF_APPROVER],
    ["external with the approver's user name", true, ext('LiQiang'), STAFF_APPROVER],
    ['external transcribed name, other middle dot', true, ext('买买提•艾力'), { userId: 'u-m', name: '买买提·艾力' }],
    ["external with the approver's ID number (approver has one)", true, ext('赵律师', '110105194912310021'), APPROVER],
    ['external with a different name', false, ext('赵律师'), STAFF_APPROVER],
    ["external whose name merely contains the approver's", false, ext('李主任助理'), STAFF_APPROVER],
    ['external with a blank name does not match an approver', false, ext('  '), { userId: 'u-x', name: '' }],
  ])('%s → same person: %s', (_n, same, b, a) => {
    expect(approverIsBorrower(b, a)).toBe(same);
    const c = checkCheckout(req({ borrower: b, approver: a }), P7);
    const codes = c.ok ? [] : c.refusals.map((r) => r.code);
    expect(codes.includes('APPROVER_IS_BORROWER')).toBe(same);
  });

  it.each<[string, string]>([
    [' 李 主任 ', '李主任'],
    ['ＬＩ　Ｑｉａｎｇ', 'liqiang'],
    ['买买提·艾力', '买买提艾力'],
    ['Anne-Marie O.', 'anne-marieo'],
  ])('personKey(%j) = %j', (name, key) => {
    expect(personKey(name)).toBe(key);
  });
});

describe('renewal', () => {
  const loan: LoanState = { kind: 'borrow', checkout: '2026-12-21', dueDate: '2026-12-28', renewals: 0 };
  it.each<[string, LoanState, string, string, number]>([
    ['first renewal across the year end', loan, '2026-12-27', '2027-01-04', 1],
    ['renewal on the due date itself', loan, '2026-12-28', '2027-01-04', 1],
    ['renewing early still counts from the due date', loan, '2026-12-22', '2027-01-04', 1],
    ['second renewal', { ...loan, dueDate: '2027-01-04', renewals: 1 }, '2027-01-03', '2027-01-11', 2],
    ['into 29 February', { ...loan, dueDate: '2028-02-22' }, '2028-02-20', '2028-02-29', 1],
    ['over 29 February', { ...loan, dueDate: '2028-02-25' }, '2028-02-20', '2028-03-03', 1],
  ])('%s', (_n, l, today, due, count) => {
    expect(renew(l, today, P7)).toEqual({ ok: true, dueDate: due, renewals: count });
  });

  it.each<[string, LoanState, string, LendingPolicy, string]>([
    ['limit reached (2 of 2)', { ...loan, renewals: 2 }, '2026-12-27', P7, 'LIMIT_REACHED'],
    ['limit 0 allows none', loan, '2026-12-27', { ...P7, maxRenewals: 0 }, 'LIMIT_REACHED'],
    ['overdue by a day', loan, '2026-12-29', P7, 'OVERDUE'],
    ['overdue across the year end', loan, '2027-01-02', P7, 'OVERDUE'],
    ['already returned', { ...loan, returnedOn: '2026-12-26' }, '2026-12-27', P7, 'RETURNED'],
    ['in-room reading', { ...loan, kind: 'read', dueDate: '2026-12-21' }, '2026-12-21', P7, 'IN_ROOM_USE'],
    ['copying', { ...loan, kind: 'copy', dueDate: '2026-12-21' }, '2026-12-21', P7, 'IN_ROOM_USE'],
  ])('refuses: %s', (_n, l, today, policy, code) => {
    expect(renew(l, today, policy)).toMatchObject({ ok: false, code });
  });

  it.each<[RecordStatus, boolean]>([
    ['on_hold', false],
    ['pending_destruction', false],
    ['on_loan', true],
  ])('record %s: renewable %s', (status, ok) => {
    expect(renew(loan, '2026-12-27', P7, { status }).ok).toBe(ok);
  });
  it('a hold flag blocks renewal whatever the status', () => {
    expect(renew(loan, '2026-12-27', P7, { status: 'on_loan', held: true })).toMatchObject({ ok: false, code: 'RECORD_BLOCKED' });
  });

  it('renewing up to the limit then stops', () => {
    let l = { ...loan };
    const dues: string[] = [];
    for (;;) {
      const r = renew(l, l.dueDate, P7);
      if (!r.ok) {
        expect(r.code).toBe('LIMIT_REACHED');
        break;
      }
      l = { ...l, dueDate: r.dueDate, renewals: r.renewals };
      dues.push(r.dueDate);
    }
    expect(dues).toEqual(['2027-01-04', '2027-01-11']);
  });
});

describe('overdue days', () => {
  it.each<[string, string, string | undefined, number]>([
    ['2027-01-04', '2027-01-03', undefined, 0],
    ['2027-01-04', '2027-01-04', undefined, 0],
    ['2027-01-04', '2027-01-05', undefined, 1],
    ['2026-12-28', '2027-01-04', undefined, 7],
    ['2024-02-28', '2024-03-01', undefined, 2],
    ['2023-02-28', '2023-03-01', undefined, 1],
    ['2026-01-01', '2027-01-01', undefined, 365],
    ['2024-01-01', '2025-01-01', undefined, 366],
    ['2026-12-28', '2027-02-01', '2027-01-02', 5], // returned: the count stops
    ['2026-12-28', '2027-02-01', '2026-12-27', 0],
    ['2026-12-28', '2026-12-30', '2027-01-05', 2], // a return "later" than today does not count yet
  ])('due %s, on %s, returned %s: %i', (due, on, ret, want) => {
    expect(overdueDays(due, on, ret)).toBe(want);
  });
});

describe('tiered reminders', () => {
  const loan: LoanState = { kind: 'borrow', checkout: '2026-12-14', dueDate: '2026-12-28', renewals: 0 };
  it('schedule: before (−3), due, +7, +30 across the year end', () => {
    expect(reminderSchedule(loan).map((x) => [x.tier.id, x.date])).toEqual([
      ['before', '2026-12-25'],
      ['due', '2026-12-28'],
      ['overdue7', '2027-01-04'],
      ['overdue30', '2027-01-27'],
    ]);
  });

  it.each<[string, string | null, string | null, string[], string | null]>([
    ['2026-12-24', null, null, [], 'before'],
    ['2026-12-25', 'before', 'before', ['before'], 'due'],
    ['2026-12-27', 'before', 'before', ['before'], 'due'],
    ['2026-12-28', 'due', 'due', ['before', 'due'], 'overdue7'],
    ['2027-01-03', 'due', 'due', ['before', 'due'], 'overdue7'],
    ['2027-01-04', 'overdue7', 'overdue7', ['before', 'due', 'overdue7'], 'overdue30'],
    ['2027-01-27', 'overdue30', 'overdue30', ['before', 'due', 'overdue7', 'overdue30'], null],
    ['2027-06-01', 'overdue30', 'overdue30', ['before', 'due', 'overdue7', 'overdue30'], null],
  ])('on %s: current %s, send %s, unsent %j, next %s', (on, current, sendNow, unsent, next) => {
    const s = reminderStatus(loan, on);
    expect(s.current?.id ?? null).toBe(current);
    expect(s.sendNow?.id ?? null).toBe(sendNow);
    expect(s.unsent.map((t) => t.id)).toEqual(unsent);
    expect(s.next?.tier.id ?? null).toBe(next);
  });

  it('sent reminders are not offered again; earlier missed ones stay listed but are not sent', () => {
    const sent = [{ tierId: 'due', dueDate: '2026-12-28' }];
    const s = reminderStatus(loan, '2027-01-01', sent);
    expect(s.current?.id).toBe('due');
    expect(s.sendNow).toBeNull();
    expect(s.unsent.map((t) => t.id)).toEqual(['before']);
    const later = reminderStatus(loan, '2027-01-05', [...sent, { tierId: 'overdue7', dueDate: '2026-12-28' }]);
    expect(later.sendNow).toBeNull();
  });

  it('a renewal moves the due date, so reminders sent for the old one no longer count', () => {
    const renewed = { ...loan, dueDate: '2027-01-04', renewals: 1 };
    const s = reminderStatus(renewed, '2027-01-01', [{ tierId: 'before', dueDate: '2026-12-28' }]);
    expect(s.sendNow?.id).toBe('before');
  });

  it('returned loans get no reminders', () => {
    const s = reminderStatus({ ...loan, returnedOn: '2026-12-30' }, '2027-01-10');
    expect(s).toEqual({ current: null, sendNow: null, unsent: [], next: null });
  });

  it('a before-due tier earlier than the check-out is dropped (same-day slip)', () => {
    const sameDay: LoanState = { kind: 'read', checkout: '2026-03-02', dueDate: '2026-03-02', renewals: 0 };
    expect(reminderSchedule(sameDay).map((x) => x.tier.id)).toEqual(['due', 'overdue7', 'overdue30']);
    expect(reminderStatus(sameDay, '2026-03-02').sendNow?.id).toBe('due');
  });

  it('configurable tiers, unsorted input, leap day', () => {
    const tiers: ReminderTier[] = [
      { id: 'late14', offsetDays: 14, zh: '逾期14天', en: '14 days late' },
      { id: 'b1', offsetDays: -1, zh: '前一天', en: 'Day before' },
    ];
    const l: LoanState = { kind: 'borrow', checkout: '2028-02-15', dueDate: '2028-03-01', renewals: 0 };
    expect(reminderSchedule(l, tiers).map((x) => [x.tier.id, x.date])).toEqual([
      ['b1', '2028-02-29'],
      ['late14', '2028-03-15'],
    ]);
    expect(reminderStatus(l, '2028-03-14', [], tiers).current?.id).toBe('b1');
  });
});

describe('policy', () => {
  it.each<[string, Partial<LendingPolicy>, boolean]>([
    ['default', {}, true],
    ['7 days', { loanDays: 7 }, true],
    ['0 days', { loanDays: 0 }, false],
    ['half days', { loanDays: 7.5 }, false],
    ['negative renewals', { maxRenewals: -1 }, false],
    ['no renewals', { maxRenewals: 0 }, true],
    ['duplicate tiers', { reminderTiers: [DEFAULT_LENDING_POLICY.reminderTiers[0], DEFAULT_LENDING_POLICY.reminderTiers[0]] }, false],
    ['no tiers', { reminderTiers: [] }, true],
  ])('%s valid: %s', (_n, over, ok) => {
    expect(checkPolicy({ ...DEFAULT_LENDING_POLICY, ...over }) === null).toBe(ok);
  });
});
