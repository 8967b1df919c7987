import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBarcodes, pdfText } from '../helpers/pdf-tools';
import { AuditEntryEntity } from '../../electron/db/entities';
import { LoanApprovalScanEntity } from '../../electron/db/entities/lending.entity';
import { ADMIN, PASSWORD, TestVault } from '../helpers/vault-fixture';

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
  approverName: string;
  approvalMode: string;
  approvalScan: { id: string; fileName: string; sha256: string } | null;
};

/** The approver at the keeper's desk: user name and password typed into the confirm box. */
const byAdmin = { mode: 'confirmed', username: ADMIN.username, password: ADMIN.password, opinion: '同意' };

/** A tiny PNG standing for the scan of a signed paper slip (1×1, one white pixel). */
const SLIP_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');

/** 借阅 end to end on a real vault, with the clock injected (check-out late in December). */
describe('lending paper files', () => {
  const v = new TestVault();
  const rec: Record<string, string> = {};
  let keeperId = '';
  let adminId = '';
  let keeperName = '';

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
    keeperName = await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
    const users = await v.ok<{ id: string; role: string; username: string }[]>('admin', 'users.list');
    adminId = users.find((u) => u.username === 'admin')!.id;
    keeperId = users.find((u) => u.role === 'keeper')!.id;
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

  const slipScan = (over: Record<string, string> = {}) => ({ fileName: '审批单.png', mime: 'image/png', dataBase64: SLIP_PNG.toString('base64'), ...over });

  const external = {
    kind: 'external',
    name: '孙调查',
    idNumber: '110105199001011232',
    organisation: '区民政局',
    letterNo: '民介字〔2026〕18号',
    phone: '13612345678',
  };

  it('refuses with a reason: electronic-only, on hold, destroyed, approver = borrower, external without letter', async () => {
    const base = { kind: 'borrow', borrower: external, approval: byAdmin, purpose: '低保核查', pagesConfirmed: true };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [rec.elec, {}, /只有电子版/],
      [rec.held, {}, /冻结/],
      [rec.gone, {}, /已销毁/],
      [
        rec.paper,
        { borrower: { kind: 'staff', userId: keeperId }, approval: { mode: 'confirmed', username: keeperName, password: PASSWORD } },
        /审批人不能是借阅人/,
      ],
      // A paper approver is known by name: a staff borrower of that name is the approver.
      [
        rec.paper,
        { borrower: { kind: 'staff', userId: adminId }, approval: { mode: 'paper', approverName: ADMIN.displayName, scan: slipScan() } },
        /审批人不能是借阅人/,
      ],
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
    // A digit too few is a mistyped citizen ID, not another kind of paper (test/unit/borrower-id.test.ts: passports pass).
    const shortId = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], borrower: { ...external, idNumber: '11010519900101123' } });
    expect(!shortId.ok && shortId.error.fields?.[0]).toMatchObject({ path: 'borrower.idNumber', zh: expect.stringContaining('18 位') });
    const excel = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], borrower: { ...external, idNumber: '1.10105E+17' } });
    expect(!excel.ok && excel.error.fields?.[0].zh).toContain('科学计数法');
    // A staff borrower is a user on file (no ID is typed for them); an unknown or disabled one is refused.
    const ghost = await v.call('keeper', 'lending.checkout', { ...base, recordIds: [rec.paper], borrower: { kind: 'staff', userId: 'no-such-user' } });
    expect(!ghost.ok && ghost.error.fields?.[0].path).toBe('borrower.userId');
    const clerk = await v.call('clerk', 'lending.list', {});
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
  });

  it('checks out with the due date across the year end; a second loan of the same record is refused', async () => {
    const loans = await v.ok<Loan[]>('keeper', 'lending.checkout', {
      recordIds: [rec.paper, rec.both],
      kind: 'borrow',
      borrower: external,
      approval: byAdmin,
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
      approval: { mode: 'confirmed', username: keeperName, password: PASSWORD },
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
    for (const s of ['13612345678', '0/2次', '密级Sensitivity：内部', '一号库房·01柜·1层·001盒', '审批方式Approval', '密码确认Confirmed', '王管理'])
      expect(flat).toContain(s);
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

/** #19 item 8: the approver confirms with their own password, or a paper approval comes with its scan. */
describe('loan approval: confirmed at the desk, or on paper', () => {
  const v = new TestVault();
  let keeperName = '';
  let clerkName = '';
  let locationId = '';

  const paperRecord = async (title: string) =>
    (
      await v.ok<{ id: string }>('admin', 'records.create', {
        title,
        residentClass: 'registered',
        contentCategory: 'basic',
        carrier: 'paper',
        pages: 5,
        year: 2025,
        sensitivity: 'internal',
        retentionClass: 'D30',
        locationId,
      })
    ).id;
  const checkout = (recordId: string, approval: Record<string, unknown>) =>
    v.call('keeper', 'lending.checkout', {
      recordIds: [recordId],
      kind: 'borrow',
      borrower: { kind: 'external', name: '赵核查', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕31号' },
      approval,
      purpose: '低保复核',
      pagesConfirmed: true,
    });
  const status = async (id: string) => (await v.ok<{ status: string }>('keeper', 'records.get', { id })).status;
  const loans = async () => v.ok<Loan[]>('keeper', 'lending.list', { state: 'all' });
  const audit = (action: string) =>
    v.ok<{ seq: number; actor: string; action: string; subject: string | null; details: string }[]>('admin', 'audit.list', { action, limit: 50 });
  const signerOf = async (seq: number) => (await v.core.services.db.manager.findOneByOrFail(AuditEntryEntity, { seq })).signer;

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    keeperName = await v.userWithRole('keeper', 'keeper');
    clerkName = await v.userWithRole('clerk', 'clerk');
    locationId = (await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '02', shelf: '1', box: '002' })).id;
  });
  afterAll(() => v.destroy());

  it('a wrong approver password is refused with the sign-in words, audited, throttled, and writes no loan', async () => {
    const id = await paperRecord('密码错误档案');
    const r = await checkout(id, { mode: 'confirmed', username: ADMIN.username, password: 'not-the-password-1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ code: r.error.code, zh: r.error.zh, en: r.error.en }).toEqual({
      code: 'BAD_CREDENTIALS',
      zh: '用户名或密码错误。',
      en: 'Wrong user name or password.',
    });
    expect(r.error.fields?.[0]).toMatchObject({ path: 'password', zh: '用户名或密码错误', en: 'Wrong user name or password' });
    expect(await loans()).toHaveLength(0);
    expect(await status(id)).toBe('in');
    const [refused] = await audit('loan.approve.refused');
    expect(refused.actor).toBe(keeperName);
    expect(JSON.parse(refused.details)).toMatchObject({ approver: ADMIN.username, records: [id], code: 'BAD_CREDENTIALS' });
    expect(refused.details).not.toContain('not-the-password-1');
    // Failures count against the approver's name as failed sign-ins do: after the free tries, the next one waits.
    for (let i = 0; i < 2; i++) await checkout(id, { mode: 'confirmed', username: ADMIN.username, password: `wrong-${i}-password` });
    expect((await audit('auth.confirm.failed')).length).toBe(3);
    expect((await audit('loan.approve.refused')).length).toBe(3);
    const soon = await checkout(id, { mode: 'confirmed', username: ADMIN.username, password: ADMIN.password });
    expect(!soon.ok && soon.error.code).toBe('THROTTLED');
    expect(await loans()).toHaveLength(0);
    v.clock.advance(5_000);
  });

  it('an approver without the right to approve (a clerk) is refused and audited; nothing is written', async () => {
    const id = await paperRecord('查阅员审批档案');
    const r = await checkout(id, { mode: 'confirmed', username: clerkName, password: PASSWORD });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(!r.ok && r.error.zh).toContain('无权审批借阅');
    expect(!r.ok && r.error.fields?.[0].path).toBe('approval.username');
    expect(await loans()).toHaveLength(0);
    expect(await status(id)).toBe('in');
    const refused = (await audit('loan.approve.refused')).find((e) => e.details.includes(clerkName))!;
    expect(JSON.parse(refused.details)).toMatchObject({ approver: clerkName, code: 'FORBIDDEN' });
    // A keeper whose password an administrator just set (and so knows) cannot confirm until they change it.
    await v.ok('admin', 'users.create', { username: 'newkeeper', displayName: '新档案员', role: 'keeper', password: 'Temp-pass-2026' });
    const temp = await checkout(id, { mode: 'confirmed', username: 'newkeeper', password: 'Temp-pass-2026' });
    expect(!temp.ok && temp.error.code).toBe('MUST_CHANGE_PASSWORD');
    expect(await loans()).toHaveLength(0);
  });

  it("the right password lends the record; the approval entry is the approver's, signed with their own key", async () => {
    const id = await paperRecord('审批确认档案');
    const r = await checkout(id, { mode: 'confirmed', username: ADMIN.username, password: ADMIN.password, opinion: '同意借出' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [loan] = r.value as Loan[];
    expect(loan).toMatchObject({ approverName: ADMIN.displayName, approvalMode: 'confirmed', approvalScan: null });
    expect(await status(id)).toBe('on_loan');
    const [approve] = await audit('loan.approve');
    expect(approve).toMatchObject({ actor: ADMIN.username, subject: `slip:${loan.slipNo}` });
    expect(JSON.parse(approve.details)).toMatchObject({ confirmed: 'password', at: keeperName, loans: [loan.id], records: [id], opinion: '同意借出' });
    const [co] = await audit('loan.checkout');
    expect(co.actor).toBe(keeperName);
    expect(JSON.parse(co.details)).toMatchObject({ approval: 'confirmed', approver: ADMIN.username });
    // Signed by the approver's key (the one their own entries carry), not the keeper's at the keyboard.
    const adminOwn = (await v.ok<{ seq: number }[]>('admin', 'audit.list', { action: 'settings.update', limit: 1 }))[0];
    expect(await signerOf(approve.seq)).toBe(await signerOf(adminOwn.seq));
    expect(await signerOf(approve.seq)).not.toBe(await signerOf(co.seq));
    expect((await v.ok<{ ok: boolean }>('admin', 'audit.verify', { full: true })).ok).toBe(true);
  });

  it("a paper approval stores the signed slip's scan encrypted, marks the loan 纸质审批 and prints it", async () => {
    const id = await paperRecord('纸质审批档案');
    const wrongType = await checkout(id, { mode: 'paper', approverName: '李主任', scan: { fileName: '审批单.txt', mime: 'text/plain', dataBase64: 'aGk=' } });
    expect(!wrongType.ok && wrongType.error.fields?.[0].path).toBe('approval.scan');
    const noScan = await checkout(id, { mode: 'paper', approverName: '李主任' });
    expect(!noScan.ok && noScan.error.fields?.[0].path).toMatch(/^approval\.scan/);
    const r = await checkout(id, {
      mode: 'paper',
      approverName: '李主任',
      opinion: '同意',
      scan: { fileName: '审批单.png', mime: 'image/png', dataBase64: SLIP_PNG.toString('base64') },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [loan] = r.value as Loan[];
    expect(loan).toMatchObject({ approverName: '李主任', approvalMode: 'paper', approvalScan: { fileName: '审批单.png' } });
    const sha = (await import('node:crypto')).createHash('sha256').update(SLIP_PNG).digest('hex');
    expect(loan.approvalScan!.sha256).toBe(sha);
    // Stored sealed: neither the bytes nor their base64 are in the row; the file key is wrapped.
    const row = await v.core.services.db.manager.findOneByOrFail(LoanApprovalScanEntity, { id: loan.approvalScan!.id });
    expect(row).toMatchObject({ slipNo: loan.slipNo, size: SLIP_PNG.length, sha256: sha, createdBy: keeperName });
    expect(row.sealedData).not.toContain(SLIP_PNG.toString('base64'));
    expect(Buffer.from(JSON.parse(row.sealedData).ct, 'base64').equals(SLIP_PNG)).toBe(false);
    expect(JSON.parse(row.wrappedKey)).toMatchObject({ iv: expect.any(String), ct: expect.any(String), tag: expect.any(String) });
    const [paper] = await audit('loan.paperApproval');
    expect(paper.actor).toBe(keeperName);
    expect(JSON.parse(paper.details)).toMatchObject({ approverName: '李主任', sha256: sha, loans: [loan.id] });
    // The keeper views it decrypted (audited); a clerk cannot.
    const seen = await v.ok<{ sha256: string; mime: string; dataBase64: string }>('keeper', 'lending.approvalScan', { loanId: loan.id });
    expect(seen.sha256).toBe(sha);
    expect(seen.mime).toBe('image/png');
    expect(Buffer.from(seen.dataBase64, 'base64').equals(SLIP_PNG)).toBe(true);
    expect((await audit('loan.approvalScan.view')).length).toBe(1);
    const clerk = await v.call('clerk', 'lending.approvalScan', { loanId: loan.id });
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
    const slip = pdfText(Buffer.from((await v.ok<{ dataBase64: string }>('keeper', 'lending.slipPdf', { slipNo: loan.slipNo })).dataBase64, 'base64'));
    expect(slip.replace(/\s/g, '')).toContain('纸质审批Paper');
    expect(slip).toContain('李主任');
  });

  it("a re-key re-wraps the scan's key: it still opens after someone is disabled", async () => {
    const [loan] = (await loans()).filter((l) => l.approvalMode === 'paper');
    const users = await v.ok<{ id: string; username: string }[]>('admin', 'users.list');
    await v.ok('admin', 'users.setActive', { id: users.find((u) => u.username === clerkName)!.id, active: false });
    const seen = await v.ok<{ dataBase64: string }>('keeper', 'lending.approvalScan', { loanId: loan.id });
    expect(Buffer.from(seen.dataBase64, 'base64').equals(SLIP_PNG)).toBe(true);
  });
});
