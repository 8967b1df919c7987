import { describe, expect, it } from 'vitest';
import {
  checkApprover,
  checkExecutionParties,
  checkSupervisor,
  type ProcedureRefusalCode,
  type SupervisorCandidate,
} from '../../shared/domain/destruction-procedure';
import { driftMessage, snapshotDrift, sortSnapshot, type DriftKind, type SnapshotItem } from '../../shared/domain/destruction-snapshot';

describe('four different people', () => {
  it.each<[string, string, string, ProcedureRefusalCode | null]>([
    ['another administrator approves', 'zhao', 'li', null],
    ['the proposer approves own register', 'li', 'li', 'APPROVER_IS_PROPOSER'],
    ['same user name, other case and spaces', ' Li ', 'li', 'APPROVER_IS_PROPOSER'],
  ])('approver: %s', (_n, approver, proposer, code) => {
    expect(checkApprover(approver, proposer)?.code ?? null).toBe(code);
  });

  const ok: SupervisorCandidate = { username: 'sun', active: true, mustChangePassword: false };
  const reg = { proposer: 'li', approver: 'zhao', confirmed: [] as string[] };
  it.each<[string, SupervisorCandidate, typeof reg, ProcedureRefusalCode[]]>([
    ['a third person with their own password', ok, reg, []],
    ['the second of two', { ...ok, username: 'zhou' }, { ...reg, confirmed: ['sun'] }, []],
    ['the proposer', { ...ok, username: 'li' }, reg, ['SUPERVISOR_IS_PROPOSER']],
    ['the approver', { ...ok, username: 'zhao' }, reg, ['SUPERVISOR_IS_APPROVER']],
    ['the approver, typed in capitals', { ...ok, username: 'ZHAO' }, reg, ['SUPERVISOR_IS_APPROVER']],
    ['someone still on an admin-set temporary password', { ...ok, mustChangePassword: true }, reg, ['SUPERVISOR_TEMPORARY_PASSWORD']],
    ['a disabled account', { ...ok, active: false }, reg, ['SUPERVISOR_DISABLED']],
    ['the same supervisor twice', ok, { ...reg, confirmed: ['sun'] }, ['SUPERVISOR_TWICE']],
    [
      'the approver, on a temporary password, already confirmed',
      { username: 'zhao', active: true, mustChangePassword: true },
      { ...reg, confirmed: ['zhao'] },
      ['SUPERVISOR_TEMPORARY_PASSWORD', 'SUPERVISOR_IS_APPROVER', 'SUPERVISOR_TWICE'],
    ],
  ])('supervisor: %s', (_n, c, r, codes) => {
    const got = checkSupervisor(c, r);
    expect(got.map((x) => x.code)).toEqual(codes);
    for (const x of got) expect(x.zh && x.en).toBeTruthy();
  });

  it.each<[string, { proposer: string; approver: string; supervisors: string[] }, ProcedureRefusalCode[]]>([
    ['four people', { proposer: 'li', approver: 'zhao', supervisors: ['sun', 'zhou'] }, []],
    ['one supervisor', { proposer: 'li', approver: 'zhao', supervisors: ['sun'] }, ['TOO_FEW_SUPERVISORS']],
    ['the same supervisor twice', { proposer: 'li', approver: 'zhao', supervisors: ['sun', 'SUN'] }, ['TOO_FEW_SUPERVISORS', 'SUPERVISOR_TWICE']],
    ['approver also a supervisor', { proposer: 'li', approver: 'zhao', supervisors: ['sun', 'zhao'] }, ['SUPERVISOR_IS_APPROVER']],
    [
      'one administrator everywhere',
      { proposer: 'admin', approver: 'admin', supervisors: ['admin', 'admin'] },
      ['TOO_FEW_SUPERVISORS', 'APPROVER_IS_PROPOSER', 'SUPERVISOR_IS_PROPOSER', 'SUPERVISOR_IS_APPROVER', 'SUPERVISOR_TWICE'],
    ],
  ])('at execution: %s', (_n, r, codes) => {
    expect(checkExecutionParties(r).map((x) => x.code)).toEqual(codes);
  });
});

const item = (over: Partial<SnapshotItem> = {}): SnapshotItem => ({
  recordId: 'r1',
  archiveNo: 'XF-2010-D10-0001',
  title: '王某某生活状况档案',
  carrier: 'paper',
  pages: 7,
  items: 1,
  year: 2010,
  dateFrom: null,
  dateTo: null,
  sensitivity: 'internal',
  retention: 'D10',
  clock: null,
  status: 'pending_destruction',
  reason: '保管期满',
  overrideReason: null,
  remarks: null,
  attachments: [],
  holds: [],
  loans: [],
  updatedAt: '2026-06-01T01:00:00.000Z',
  ...over,
});
const two = (over: Partial<SnapshotItem> = {}) => item({ recordId: 'r2', archiveNo: 'XF-2010-D10-0002', ...over });

describe('the frozen register: live state against the approved snapshot', () => {
  it.each<[string, SnapshotItem[], SnapshotItem[], [string, DriftKind[]][]]>([
    ['nothing changed', [item(), two()], [two(), item()], []],
    ['a hold after approval (status follows)', [item()], [item({ holds: ['h1'], status: 'on_hold' })], [['XF-2010-D10-0001', ['held']]]],
    ['a hold placed and released again', [item()], [item({ holds: ['h1:2026-06-03'] })], [['XF-2010-D10-0001', ['held']]]],
    ['a loan slip', [item()], [item({ loans: ['l1'], status: 'on_loan' })], [['XF-2010-D10-0001', ['lent']]]],
    ['an attachment added', [item()], [item({ attachments: [{ id: 'k1', sha256: 'a'.repeat(64) }] })], [['XF-2010-D10-0001', ['files']]]],
    ['an attachment removed', [item({ attachments: [{ id: 'k1', sha256: 'a'.repeat(64) }] })], [item()], [['XF-2010-D10-0001', ['files']]]],
    ['title and pages edited', [item()], [item({ title: '改过的题名', pages: 9, updatedAt: 'later' })], [['XF-2010-D10-0001', ['fields']]]],
    ['an edit of a field the register does not print', [item()], [item({ updatedAt: 'later' })], [['XF-2010-D10-0001', ['edited']]]],
    ['retention clock event set after approval', [item()], [item({ clock: 'died:2016-05-01' })], [['XF-2010-D10-0001', ['fields']]]],
    ['status changed by itself', [item()], [item({ status: 'in' })], [['XF-2010-D10-0001', ['status']]]],
    ['a record gone from the register', [item(), two()], [item()], [['XF-2010-D10-0002', ['removed']]]],
    ['a record slipped in', [item()], [item(), two()], [['XF-2010-D10-0002', ['added']]]],
    [
      'two records, two changes',
      [item(), two()],
      [item({ holds: ['h1'] }), two({ pages: 8 })],
      [
        ['XF-2010-D10-0001', ['held']],
        ['XF-2010-D10-0002', ['fields']],
      ],
    ],
    ['order of lists does not matter', [item({ loans: ['a', 'b'] })], [item({ loans: ['b', 'a'] })], []],
  ])('%s', (_n, approved, live, want) => {
    const d = snapshotDrift(approved, live);
    expect(d.map((x) => [x.archiveNo, x.kinds])).toEqual(want);
  });

  it('says what changed and what to do next, in both languages', () => {
    const d = snapshotDrift([item(), two()], [item({ holds: ['h1'], status: 'on_hold' }), two({ title: 'x', pages: 8 })]);
    const m = driftMessage(d);
    expect(m.zh).toContain('XF-2010-D10-0001（审批后被冻结）');
    expect(m.zh).toContain('XF-2010-D10-0002（题名、页数已修改）');
    expect(m.zh).toContain('重新提交');
    expect(m.en).toContain('XF-2010-D10-0001 (put on hold after approval)');
    expect(m.en).toContain('Re-submit');
  });

  it('sorting gives one canonical order whatever the input order', () => {
    const a = sortSnapshot([two({ loans: ['y', 'x'] }), item()]);
    const b = sortSnapshot([item(), two({ loans: ['x', 'y'] })]);
    expect(a).toEqual(b);
    expect(a.map((i) => i.recordId)).toEqual(['r1', 'r2']);
  });
});
