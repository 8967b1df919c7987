import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstRun, LockPage } from './pages/auth.pages';
import { createUser } from './pages/destruction.pages';
import { LendingPage } from './pages/lending.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const DAY = 86_400_000;
const PASSWORD = 'Archive2026pw';

/** A tiny PNG standing for the scan of a signed paper approval slip. */
const SLIP_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

test('lend (approver confirms with own password) → out → overdue → recall and 催还单 → return; a paper approval with its scan', async ({ page }, info) => {
  test.slow(); // two check-outs through the wizard on a shared 2-core machine
  await page.goto(host.url);
  const shell = await firstRun(page, PASSWORD);

  // Data through the API as the page's own session: a location, a paper record and an electronic-only one.
  const api = await ApiClient.forPage(page, host);
  await api.call('settings.update', { idleMinutes: 240 });
  const loc = await api.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
  const base = { residentClass: 'registered', contentCategory: 'basic', pages: 12, year: 2025, sensitivity: 'internal', retentionClass: 'D30' };
  const paper = await api.call<{ id: string; archiveNo: string }>('records.create', {
    ...base,
    title: '张卫国低保申请材料',
    carrier: 'paper',
    locationId: loc.id,
  });
  const elec = await api.call<{ archiveNo: string }>('records.create', { ...base, title: '电子版材料', carrier: 'electronic', locationId: null });
  const second = await api.call<{ archiveNo: string }>('records.create', { ...base, title: '李秀英党员关系转接材料', carrier: 'paper', locationId: loc.id });
  // The approver: another keeper, who types their own password at this desk.
  await createUser(host, api, { username: 'li', displayName: '李档案员', role: 'keeper', password: 'Keeper2026pw' });

  await shell.open('借阅');
  const lending = new LendingPage(page);

  // Check-out wizard: an electronic-only record is refused at the scan, the paper one is added.
  const wizard = await lending.newLoan();
  await wizard.scan(elec.archiveNo);
  await expect(wizard.scanNote()).toContainText('只有电子版');
  await wizard.scan(paper.archiveNo);
  await expect(wizard.scanNote()).toContainText(`已加入：${paper.archiveNo}`);
  await expect(wizard.root.getByTestId('checkout-records')).toContainText('张卫国低保申请材料');
  await wizard.next();
  await wizard.external({
    name: '孙调查',
    idNumber: '110105199001011232',
    organisation: '区民政局',
    letterNo: '民介字〔2026〕18号',
    phone: '13800138000',
    purpose: '低保核查',
  });
  await wizard.next();
  await wizard.approve({ opinion: '同意', condition: '完好' });
  // Due date defaults from the policy (14 days for 借出).
  await expect(wizard.dueDate()).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await wizard.confirmPagesAndSubmit();
  // The approver's confirm box: a wrong password is refused there (nothing issued), the right one issues the slip.
  await wizard.approverConfirms('li', 'not-my-password-1');
  await expect(wizard.approverConfirm().getByTestId('approver-confirm-error')).toContainText('用户名或密码错误');
  await expect(wizard.root.getByTestId('checkout-done')).toHaveCount(0);
  await wizard.approverConfirms('li', 'Keeper2026pw');
  await expect(wizard.approverConfirm()).toBeHidden();
  await expect(wizard.root.getByTestId('checkout-done')).toContainText('已办理');
  await wizard.printSlip();
  await lending.expectPdfShown();
  await lending.closePdf();
  await wizard.close();

  // 借出中, with the approver and how they approved.
  await expect(lending.row('out', paper.archiveNo)).toContainText('孙调查');
  await expect(lending.row('out', paper.archiveNo)).toContainText('李档案员');
  await expect(lending.row('out', paper.archiveNo).getByTestId('approval-tag')).toHaveAttribute('data-mode', 'confirmed');

  // 纸质审批: the name on the signed slip and its scan; the loan list marks it and shows the scan.
  mkdirSync(info.outputDir, { recursive: true });
  const scanFile = join(info.outputDir, '审批单.png');
  writeFileSync(scanFile, Buffer.from(SLIP_PNG, 'base64'));
  const paperWizard = await lending.newLoan();
  await paperWizard.scan(second.archiveNo);
  await expect(paperWizard.scanNote()).toContainText(`已加入：${second.archiveNo}`);
  await paperWizard.next();
  await paperWizard.external({
    name: '钱核查',
    idNumber: '110105199001011232',
    organisation: '区民政局',
    letterNo: '民介字〔2026〕19号',
    purpose: '党员关系核对',
  });
  await paperWizard.next();
  await paperWizard.paperApproval({ approverName: '赵书记', scanFile, opinion: '同意' });
  await paperWizard.confirmPagesAndSubmit();
  await expect(paperWizard.approverConfirm()).toHaveCount(0);
  await expect(paperWizard.root.getByTestId('checkout-done')).toContainText('已办理');
  await paperWizard.close();
  const paperRow = lending.row('out', second.archiveNo);
  await expect(paperRow).toContainText('赵书记');
  await expect(paperRow.getByTestId('approval-tag')).toHaveText('纸质审批');
  await paperRow.getByTestId('loan-scan').click();
  const scanView = page.getByTestId('approval-scan').getByRole('dialog');
  // Drawn to canvas with the viewer's stamp (no <img> to save).
  await expect(scanView.getByTestId('attachment-page')).toHaveCount(1);
  await expect(scanView.getByTestId('attachment-page')).toHaveAttribute('data-drawn', 'true');
  await expect(scanView).toContainText('审批单.png');
  await scanView.getByRole('button', { name: /close|关闭/i }).click();
  await expect(scanView).toBeHidden();

  // 21 days later: 7 days past the 14-day due date. The session idled past 240 minutes: unlock.
  await host.advanceClock(21 * DAY);
  const lock = new LockPage(page);
  await lock.expectLocked();
  await lock.unlock(PASSWORD);
  await shell.expectSignedInAs('王主任');
  await shell.open('借阅');

  await lending.tab('逾期');
  const overdue = lending.row('overdue', paper.archiveNo);
  await expect(overdue.getByTestId('overdue-days')).toHaveText('逾期 7 天');
  await expect(overdue.getByTestId('reminder-tag')).toHaveAttribute('data-tier', 'overdue7');
  await expect(overdue.getByTestId('reminder-tag')).toHaveText('逾期7天催还');

  // Recall by text message, then the 催还单 in the in-app preview.
  await lending.recall(overdue, '短信', '已发短信提醒');
  await expect(overdue.locator('td').filter({ hasText: /^1$/ })).toHaveCount(1); // recalls = 1 (renewals = 0)
  await overdue.getByTestId('loan-recall-pdf').click();
  await lending.expectPdfShown();
  await lending.closePdf();

  // Return with one page short: the difference is highlighted before confirming.
  await overdue.getByTestId('loan-return').click();
  const ret = lending.returnDialog();
  await expect(ret.getByTestId('pages-counted')).toHaveValue('12');
  await ret.getByTestId('pages-counted').fill('11');
  await expect(ret).toContainText('不一致');
  await ret.getByLabel('缺页', { exact: true }).fill('缺第12页');
  await ret.getByTestId('return-outcome').fill('核实低保资格');
  await ret.getByTestId('return-ok').click();
  await expect(ret).toBeHidden({ timeout: 15_000 }); // the close animation runs long on a loaded machine
  await expect(lending.row('overdue', paper.archiveNo)).toHaveCount(0);

  await lending.tab('借出中');
  await expect(lending.table('out')).toBeVisible();
  await expect(lending.row('out', paper.archiveNo)).toHaveCount(0);
  await lending.tab('全部/历史');
  await expect(lending.row('all', paper.archiveNo)).toContainText('已归还');
});
