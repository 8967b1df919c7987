import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../shared/contract/auth.contract';
import type { DashboardData } from '../../shared/contract/dashboard.contract';
import type { DestructionBatchRow, DueRow } from '../../shared/contract/retention.contract';
import { importJobs } from '../../electron/import/import-jobs';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { pdfText } from '../helpers/pdf-tools';
import { processZone } from '../helpers/process-zone';
import { ADMIN, frozenAt, PASSWORD, TestVault } from '../helpers/vault-fixture';

type Loan = { id: string; slipNo: string; checkoutDate: string; dueDate: string; overdueDays: number };
type FileOut = { fileName: string; dataBase64: string };

/**
 * The archive lives in Beijing; the process runs with TZ=UTC in one project and TZ=Asia/Shanghai
 * in the other. Every step happens at 23:30 UTC, which is 07:30 the next morning in Beijing, so a
 * date taken from the process (or from UTC) is a day early in the UTC run and this test fails.
 */
const PROCESS_TZ = processZone();
const T0 = '2026-12-17T23:30:00Z'; // 2026-12-18 07:30 in Beijing: check-out
const T1 = '2026-12-31T23:30:00Z'; // 2027-01-01 07:30: due day, new year for import and retention
const T2 = '2027-01-01T23:30:00Z'; // 2027-01-02 07:30: one day overdue

describe(`the archive's clock at 23:30 UTC (process TZ=${PROCESS_TZ}, archive Asia/Shanghai)`, () => {
  const v = new TestVault(undefined, frozenAt(T0));
  const clients = ['admin', 'keeper'];
  const rec: Record<string, string> = {};
  let loan: Loan;

  const travelTo = (iso: string) => v.travel(Date.parse(iso) - v.clock.now(), clients);
  const record = async (title: string, carrier: string, year: number, retentionClass: string, locationId: string | null = null) =>
    (
      await v.ok<{ id: string }>('admin', 'records.create', {
        title,
        residentClass: 'registered',
        contentCategory: 'basic',
        carrier,
        pages: 4,
        year,
        sensitivity: 'internal',
        retentionClass,
        locationId,
      })
    ).id;

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
  });
  afterAll(() => v.destroy());

  it('a new archive takes the zone of the computer it is made on; the administrator sets Asia/Shanghai, validated and audited', async () => {
    expect((await v.ok<{ timeZone: string }>('admin', 'settings.get')).timeZone).toBe(PROCESS_TZ);
    const bad = await v.call('admin', 'settings.update', { timeZone: 'Mars/Olympus' });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error.fields?.[0]).toMatchObject({ path: 'timeZone', zh: expect.stringContaining('时区'), en: expect.stringContaining('time zone') });
    expect((await v.call('keeper', 'settings.update', { timeZone: 'Asia/Shanghai' })).ok).toBe(false);

    await v.ok('admin', 'settings.update', { timeZone: 'Asia/Shanghai', idleMinutes: 240 });
    expect((await v.ok<{ timeZone: string }>('keeper', 'settings.get')).timeZone).toBe('Asia/Shanghai');
    // Screens get the zone with the session, so every role shows the same clock.
    expect((await v.ok<AuthStatus>('keeper', 'auth.status')).session?.timeZone).toBe('Asia/Shanghai');
    const [entry] = await v.ok<{ details: string }[]>('admin', 'audit.list', { action: 'settings.update', limit: 1 });
    expect(JSON.parse(entry.details)).toMatchObject({ before: { timeZone: PROCESS_TZ }, after: { timeZone: 'Asia/Shanghai' } });

    const loc = await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
    rec.paper = await record('借阅档案', 'paper', 2025, 'D30', loc.id);
    rec.due2027 = await record('2016年台账', 'electronic', 2016, 'D10'); // due 1 January 2027
    rec.due2026 = await record('2015年台账', 'electronic', 2015, 'D10'); // due 1 January 2026
  });

  it('checks out on the Beijing date, with the due date and slip number from it; the slip prints Beijing time and names the zone', async () => {
    [loan] = await v.ok<Loan[]>('keeper', 'lending.checkout', {
      recordIds: [rec.paper],
      kind: 'borrow',
      approval: { mode: 'confirmed', username: ADMIN.username, password: ADMIN.password },
      purpose: '低保核查',
      pagesConfirmed: true,
      borrower: { kind: 'external', name: '孙调查', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕18号' },
    });
    expect(loan).toMatchObject({ checkoutDate: '2026-12-18', dueDate: '2027-01-01', overdueDays: 0 });
    expect(loan.slipNo).toMatch(/^JY-20261218-/);
    const slip = await v.ok<FileOut>('keeper', 'lending.slipPdf', { slipNo: loan.slipNo });
    const text = pdfText(Buffer.from(slip.dataBase64, 'base64'));
    expect(text).toContain('2026-12-18');
    expect(text).toContain('2026年12月18日 07:30');
    expect(text).toContain('时区 Time zone Asia/Shanghai');
    expect(text).not.toMatch(/UTC|2026-12-17|T23:30/);
  });

  it('on 1 January in Beijing: not yet overdue, due today; the retention list and the dashboard count the new year', async () => {
    await travelTo(T1);
    const [out] = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'out' });
    expect(out.overdueDays).toBe(0);
    expect(await v.ok<Loan[]>('keeper', 'lending.list', { state: 'overdue' })).toEqual([]);
    expect((await v.ok<Loan[]>('keeper', 'lending.list', { state: 'dueSoon' })).map((l) => l.id)).toEqual([loan.id]);

    const due = await v.ok<{ rows: DueRow[] }>('keeper', 'retention.dueList', {});
    const bucket = (id: string) => due.rows.find((r) => r.recordId === id)?.bucket;
    expect([bucket(rec.due2027), bucket(rec.due2026)]).toEqual(['due_this_year', 'overdue']);

    const dash = await v.ok<DashboardData>('keeper', 'dashboard.get');
    expect(dash.today.dueForAppraisal).toBe(2);
    expect(dash.today.overdueLoans).toBe(0);
    expect(dash.today.loansDueThisWeek).toBe(1);
  });

  it('an import at 07:30 on 1 January files its records under 2027', async () => {
    const jobs = importJobs(v.core);
    const job = await jobs.wait(
      jobs.start({ username: 'admin' }, '新年名单.csv', Buffer.from(toCsv(communityRows(6, 3).map((r) => ({ ...r, tags: '' })))), { basicRecords: true }),
    );
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const made: { year: number; archive_no: string }[] = await v.core.services.db.manager.query(
      'SELECT year, archive_no FROM archive_records WHERE resident_id IS NOT NULL',
    );
    expect(made.length).toBeGreaterThan(0);
    expect([...new Set(made.map((r) => Number(r.year)))]).toEqual([2027]);
    expect(made.every((r) => r.archive_no.includes('-2027-'))).toBe(true);
  });

  it('exports are named and stamped with Beijing time; the audit export takes Beijing days', async () => {
    const f = await v.ok<FileOut>('admin', 'exporter.list', { kind: 'residents', format: 'xlsx', purpose: '年初核对' });
    expect(f.fileName).toBe('居民名单-20270101-0730.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets[0].headerFooter.oddHeader).toContain('2027年1月1日 07:30（Asia/Shanghai）');

    // The import happened at 2026-12-31T23:30Z: on the archive's 1 January, not on a UTC 31 December.
    const a = await v.ok<FileOut & { base64: string; rows: number }>('admin', 'audit.export', { from: '2027-01-01', to: '2027-01-01', format: 'csv' });
    expect(a.fileName).toBe('audit-2027-01-01_2027-01-01.csv');
    expect(Buffer.from(a.base64, 'base64').toString('utf8')).toContain('import.commit');
    const before = await v.ok<{ base64: string }>('admin', 'audit.export', { from: '2026-12-31', to: '2026-12-31', format: 'csv' });
    expect(Buffer.from(before.base64, 'base64').toString('utf8')).not.toContain('import.commit');
  });

  it('on 2 January in Beijing the loan is one day overdue everywhere: list, dashboard, recall slip; the checkpoint prints Beijing time', async () => {
    await travelTo(T2);
    const [out] = await v.ok<Loan[]>('keeper', 'lending.list', { state: 'overdue' });
    expect(out).toMatchObject({ id: loan.id, overdueDays: 1 });
    expect((await v.ok<DashboardData>('keeper', 'dashboard.get')).today.overdueLoans).toBe(1);

    const recall = await v.ok<FileOut>('keeper', 'lending.recallPdf', { loanId: loan.id });
    const text = pdfText(Buffer.from(recall.dataBase64, 'base64')).replace(/\s+/g, ' ');
    expect(text).toContain('截至 2027-01-02 已逾期 1 天');
    expect(text).toContain('2027年1月2日 07:30');

    const cp = await v.ok<{ pdfBase64: string; at: string }>('admin', 'audit.checkpoint');
    expect(cp.at).toBe('2027-01-01T23:30:00.000Z'); // stored instants stay UTC
    const cpText = pdfText(Buffer.from(cp.pdfBase64, 'base64'));
    expect(cpText).toContain('2027年1月2日 07:30:00');
    expect(cpText).toContain('时区 Time zone Asia/Shanghai');
    expect(cpText).not.toContain('UTC');
  });

  it('appraisal and destruction on 2 January in Beijing: numbers of 2027, signature dates and print stamps in Beijing time', async () => {
    const pdfOf = (b64: string) => pdfText(Buffer.from(b64, 'base64'), { layout: true }).replace(/\s+/g, ' ');
    const batch = await v.ok<{ id: string; batchNo: string; items: { id: string }[] }>('keeper', 'appraisal.create', {
      purpose: '年初到期鉴定',
      scope: '2015年台账',
      members: ['王主任', '李档案'],
      recordIds: [rec.due2026],
    });
    expect(batch.batchNo).toBe('JD-2027-001');
    await v.ok('keeper', 'appraisal.decide', { itemId: batch.items[0].id, decision: { kind: 'destroy' }, reason: '保管期满，无继续保存价值' });
    await v.ok('admin', 'appraisal.review', { itemId: batch.items[0].id });
    await v.ok('admin', 'appraisal.close', { id: batch.id });
    const report = pdfOf((await v.ok<FileOut>('admin', 'appraisal.reportPdf', { id: batch.id })).dataBase64);
    expect(report).toContain('2027年1月2日 07:30');
    expect(report).toContain('2027-01-02'); // the lead's and the appraiser's dates: Beijing's, not UTC's 1 January
    expect(report).not.toMatch(/UTC|2027-01-01/);

    const sup1 = await v.userWithRole('auditor', 'sup1');
    const sup2 = await v.userWithRole('keeper', 'sup2');
    let reg = await v.ok<DestructionBatchRow>('keeper', 'destruction.propose', { items: [{ recordId: rec.due2026, reason: '保管期满，经鉴定无保存价值' }] });
    expect(reg.registerNo).toBe('XH-2027-001');
    await v.ok('admin', 'destruction.approve', { id: reg.id, opinion: '同意销毁' });
    for (const username of [sup1, sup2]) await v.ok('keeper', 'destruction.confirmSupervisor', { id: reg.id, username, password: PASSWORD });
    reg = await v.ok<DestructionBatchRow>('keeper', 'destruction.execute', {
      id: reg.id,
      time: '2027年1月2日 07:30',
      place: '社区档案室',
      methods: ['key_destruction'],
    });
    expect(reg.status).toBe('executed');
    for (const which of ['registerPdf', 'certificatePdf'] as const) {
      const text = pdfOf((await v.ok<FileOut>('admin', `destruction.${which}`, { id: reg.id })).dataBase64);
      expect(text, which).toContain('2027年1月2日 07:30 · 时区 Time zone Asia/Shanghai');
      expect(text, which).toContain('日期 2027-01-02'); // approver and supervisors signed at 23:30 UTC: 2 January in Beijing
      expect(text, which).not.toMatch(/UTC|2027-01-01/);
    }
  });
});
