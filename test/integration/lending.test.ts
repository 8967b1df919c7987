import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBarcodes, pdfText } from '../helpers/pdf-tools';
import { TestVault } from '../helpers/vault-fixture';

type Loan = {
  id: string;
  slipNo: string;
  recordId: string;
  dueDate: string;
  checkoutDate: string;
  overdueDays: number;
  renewals: number;
  returnedOn: string | null;
  reminder: { current: string | null; sendNow: string | null };
};

/** 借阅 end to end on a real vault, with the clock injected (check-out late in December). */
describe('lending paper files', () => {
  const v = new TestVault();
  const rec: Record<string, string> = {};
  let keeperId = '';
  let adminId = '';
  let clerkId = '';

  const newRecord = async (title: string, carrier: string, locationId: string | null) =>
    await v.ok<{ id: string; archiveNo: string }>('admin', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier,
      pages: 12,
      year: 2025,
      sensitivity: 'internal',
      retentionClass: 'D30',
      locationId,
    });

  beforeAll(async () => {
    // 2026-12-28 09:00 local: a loan of 14 days crosses the year end.
    v.clock.advance(new Date(2026, 11, 28, 9, 0, 0).getTime() - Date.now());
    await v.setup();
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
    const users = await v.ok<{ id: string; role: string; username: string }[]>('admin', 'users.list');
    adminId = users.find((u) => u.username === 'admin')!.id;
    keeperId = users.find((u) => u.role === 'keeper')!.id;
    clerkId = users.find((u) => u.role === 'clerk')!.id;
    const loc = await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
    for (const [k, carrier] of [
      ['paper', 'paper'],
      ['both', 'both'],
      ['elec', 'electronic'],
      ['held', 'paper'],
      ['gone', 'paper'],
    ] as const) {
      rec[k] = (await newRecord(`${k}档案`, carrier, carrier === 'electronic' ? null : loc.id)).id;
    }
    const db = v.core.services.db.manager;
    await db.query("UPDATE archive_records SET status = 'on_hold' WHERE id = ?", [rec.held]);
    await db.query("UPDATE archive_records SET status = 'destroyed' WHERE id = ?", [rec.gone]);
  });
  afterAll(() => v.destroy());

  const external = {
    kind: 'external',
    name: '孙调查',
    idNumber: '110105199001011232',
    organisation: '区民政局',
    letterNo: '民介字〔2026〕18号',
    phone: '13612345678',
  };

  it('refuses with a reason: electronic-only, on hold, destroyed, approver = borrower, external without letter', async () => {
    const base = { kind: 'borrow', borrower: external, approverUserId: adminId, purpose: '低保核查', pagesConfirmed: true };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [rec.elec, {}, /只有电子版/],
      [rec.held, {}, /冻结/],
      [rec.gone, {}, /已销毁/],
      [rec.paper, { borrower: { kind: 'staff', userId: keeperId }, approverUserId: keeperId }, /审批人不能是借阅人/],
    ];
    for (const [id, patch, msg] of cases) {
      const r = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [id], ...patch });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.zh).toMatch(msg);
    }
    const noLetter = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], borrower: { ...external, letterNo: '' } });
    expect(!noLetter.ok && noLetter.error.fields?.[0].zh).toContain('介绍信');
    // A citizen ID with a wrong check digit is refused at its field (it would be printed on the slip); a passport number is taken as written.
    const badId = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], borrower: { ...external, idNumber: '110105199001011234' } });
    expect(!badId.ok && badId.error.fields?.[0]).toMatchObject({ path: 'borrower.idNumber', zh: expect.stringContaining('校验位') });
    const clerkApprover = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], approverUserId: clerkId });
    expect(!clerkApprover.ok && clerkApprover.error.fields?.[0].path).toBe('approverUserId');
    const clerk = await v.call('clerk', 'lending.list', {});
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
  });

  it('checks out with the due date across the year end; a second loan of the same record is refused', async () => {
    const loans = await v.ok<Loan[]>('keeper', 'lending.checkout', {
      recordIds: [rec.paper, rec.both],
      kind: 'borrow',
      borrower: external,
      approverUserId: adminId,
      approverOpinion: '同意',
      purpose: '低保核查',
      pagesConfirmed: true,
    });
    expect(loans).toHaveLength(2);
    expect(loans[0].slipNo).toBe(loans[1].slipNo);
    expect(loans[0]).toMatchObject({ checkoutDate: '2026-12-28', dueDate: '2027-01-11', overdueDays: 0 });
    expect((await v.ok<{ status: string }>('keeper', 'records.get', { id: rec.paper })).status).toBe('on_loan');
    const again = await v.call('keeper', 'lending.checkout', {
      recordIds: [rec.paper],
      kind: 'read',
      borrower: { kind: 'staff', userId: adminId },
      approverUserId: keeperId,
      purpose: '核对',
      pagesConfirmed: true,
    });
    expect(!again.ok && again.error.zh).toMatch(/已借出/);
    expect((await v.ok<Loan[]>('keeper', 'lending.list', { state: 'out' })).map((l) => l.recordId).sort()).toEqual([rec.paper, rec.both].sort());
  });

  it('prints a slip whose text and barcodes match the data', async () => {
    const [loan] = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'out', recordId: rec.paper });
    const slip = await v.ok<{ dataBase64: string }>('keeper', 'lending.slipPdf', { slipNo: loan.slipNo });
    const pdf = Buffer.from(slip.dataBase64, 'base64');
    const text = pdfText(pdf);
    const nos = [
      (await v.ok<{ archiveNo: string }>('keeper', 'records.get', { id: rec.paper })).archiveNo,
      (await v.ok<{ archiveNo: string }>('keeper', 'records.get', { id: rec.both })).archiveNo,
    ];
    for (const s of ['档案借阅单', loan.slipNo, '孙调查', '区民政局', '民介字〔2026〕18号', '2027-01-11', '低保核查', ...nos]) expect(text).toContain(s);
    // Every cell the procedure names is filled from the data, not left for the pen.
    const flat = text.replace(/\s/g, '');
    for (const s of ['13612345678', '0/2次', '密级Sensitivity：内部', '一号库房·01柜·1层·001盒']) expect(flat).toContain(s);
    // The approval date is printed beside the approver (the same day as the check-out here): the date twice.
    expect(flat.split('2026-12-28').length - 1).toBe(2);
    expect(pdfBarcodes(pdf).sort()).toEqual(nos.sort());
  });

  it('renews from the due date up to the limit; reminders follow the tiers; overdue loans are recalled, not renewed', async () => {
    const [loan] = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'out', recordId: rec.paper });
    await v.travel(11 * 86_400_000, ['keeper', 'admin']); // 2027-01-08: three days before due
    let l = (await v.ok<Loan[]>('keeper', 'lending.list', { state: 'dueSoon' })).find((x) => x.id === loan.id)!;
    expect(l.reminder).toMatchObject({ current: 'before', sendNow: 'before' });
    l = await v.ok<Loan>('keeper', 'lending.renew', { loanId: loan.id });
    expect(l).toMatchObject({ dueDate: '2027-01-25', renewals: 1 });
    l = await v.ok<Loan>('keeper', 'lending.renew', { loanId: loan.id });
    expect(l).toMatchObject({ dueDate: '2027-02-08', renewals: 2 });
    const third = await v.call('keeper', 'lending.renew', { loanId: loan.id });
    expect(!third.ok && third.error.zh).toContain('续借次数上限');
    await v.travel(38 * 86_400_000, ['keeper', 'admin']); // 2027-02-15: 7 days overdue
    const overdue = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'overdue' });
    l = overdue.find((x) => x.id === loan.id)!;
    expect(l).toMatchObject({ overdueDays: 7, reminder: { current: 'overdue7', sendNow: 'overdue7' } });
    await v.ok('keeper', 'lending.recall', { loanId: loan.id, method: '电话', note: '本人接听' });
    l = (await v.ok<Loan[]>('keeper', 'lending.list', { state: 'overdue' })).find((x) => x.id === loan.id)!;
    expect(l.reminder.sendNow).toBeNull();
    const recallPdf = Buffer.from((await v.ok<{ dataBase64: string }>('keeper', 'lending.recallPdf', { loanId: loan.id })).dataBase64, 'base64');
    const t = pdfText(recallPdf);
    expect(t).toContain('档案催还单');
    expect(t).toContain('逾期 7 天');
    expect(pdfBarcodes(recallPdf)).toHaveLength(1);
  });

  it('returns with pages counted and damage noted; the record is back in place; history and stats follow', async () => {
    const [loan] = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'out', recordId: rec.paper });
    const back = await v.ok<Loan & { pagesIn: number; damageNote: string }>('keeper', 'lending.return', {
      loanId: loan.id,
      pagesCounted: 11,
      damageNote: '第3页有折痕',
      missingPages: '缺第12页',
      outcome: '核实低保资格',
    });
    expect(back).toMatchObject({ returnedOn: '2027-02-15', pagesIn: 11, damageNote: '第3页有折痕', overdueDays: 7 });
    expect((await v.ok<{ status: string }>('keeper', 'records.get', { id: rec.paper })).status).toBe('in');
    const twice = await v.call('keeper', 'lending.return', { loanId: loan.id, pagesCounted: 11 });
    expect(twice.ok).toBe(false);
    const history = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'all', recordId: rec.paper });
    expect(history).toHaveLength(1);
    const stats = await v.ok<{ byMonth: { month: string; count: number }[]; byKind: { kind: string; count: number }[]; byOutcome: { outcome: string }[] }>(
      'keeper',
      'lending.stats',
      { year: 2026 },
    );
    expect(stats.byMonth).toEqual([{ month: '2026-12', count: 2 }]);
    expect(stats.byKind).toEqual([{ kind: 'borrow', count: 2 }]);
    expect(stats.byOutcome.map((o) => o.outcome)).toEqual(['核实低保资格']);
    const log = await v.ok<{ action: string; details: string }[]>('admin', 'audit.list', { action: 'loan.', limit: 50 });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['loan.checkout', 'loan.renew', 'loan.recall', 'loan.return']));
    expect(log.find((e) => e.action === 'loan.return')!.details).toContain('"pagesDiffer":true');
  });
});
