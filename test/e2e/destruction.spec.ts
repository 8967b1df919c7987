import { expect, test, type Browser, type Page } from '@playwright/test';
import { firstRun, ShellPage, SignInPage } from './pages/auth.pages';
import { ApiClient } from './support/api-client';
import {
  DestructionPageObject,
  RetentionPageObject,
  closeDrawer,
  closePreview,
  createRecords,
  createScannedRecord,
  createUser,
  openRecordByArchiveNo,
} from './pages/destruction.pages';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const PW = 'Archive2026pw';
const TITLES = ['王某某生活状况档案第1件', '王某某生活状况档案第2件', '王某某生活状况档案第3件'];

/** A second desk: its own browser context, so its own session with the host. */
async function signedInPage(browser: Browser, username: string, displayName: string): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  await p.goto(host.url);
  await new SignInPage(p).signIn(username, PW);
  await new ShellPage(p).expectSignedInAs(displayName);
  return p;
}

/** The procedure's cast, made by 王主任 through the API: keeper 李档案, second admin 赵书记, supervisors 孙监督 and 周委员. */
async function castAsAdmin(): Promise<ApiClient> {
  const admin = new ApiClient(host, 'e2e-setup-admin');
  await admin.signIn('wang', PW);
  await createUser(host, admin, { username: 'li', displayName: '李档案', role: 'keeper', password: PW });
  await createUser(host, admin, { username: 'zhao', displayName: '赵书记', role: 'admin', password: PW });
  await createUser(host, admin, { username: 'sun', displayName: '孙监督', role: 'auditor', password: PW });
  await createUser(host, admin, { username: 'zhou', displayName: '周委员', role: 'keeper', password: PW });
  return admin;
}

test('appraise → propose → approve → two supervisors confirm → execute → certificate checks out', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.goto(host.url);
  const shell = await firstRun(page, PW);

  // Users and data through the API: a keeper, a second administrator, two supervisors, 3 due records.
  const admin = await castAsAdmin();
  await createRecords(admin, TITLES, { year: 2010, retentionClass: 'D10' });

  // The keeper appraises at this desk.
  await shell.signOut();
  await new SignInPage(page).signIn('li', PW);
  await shell.expectSignedInAs('李档案');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await shell.open('保管期限');
  const ret = new RetentionPageObject(page);
  for (const title of TITLES) await expect(ret.dueRow(title)).toContainText('逾期未鉴定');
  await ret.createBatch(TITLES, { purpose: '2026年度到期档案鉴定', scope: '生活状况类 定期10年', members: ['王主任', '李档案'] });
  for (const title of TITLES) await ret.decide(title, '销毁', '保管期满，无继续保存价值');
  // One's own decision cannot be reviewed by oneself.
  await expect(ret.item(TITLES[0]).getByTestId('item-review')).toBeDisabled();
  const batchNo = /鉴定批次 (\S+)/.exec(await page.locator('.ant-drawer-title').innerText())![1];

  // The second administrator, at another desk, reviews and closes the batch.
  const boss = await signedInPage(browser, 'zhao', '赵书记');
  await new ShellPage(boss).open('保管期限');
  const bossRet = new RetentionPageObject(boss);
  await bossRet.openBatch(batchNo);
  for (const title of TITLES) await bossRet.review(title, '赵书记');
  await bossRet.close();
  await boss.getByTestId('batch-report').click();
  // The report is a react-pdf document drawn on the server.
  await expect(boss.getByTestId('report-preview-frame')).toBeVisible({ timeout: 30_000 });
  await closePreview(boss);
  await closeDrawer(boss);

  // The keeper proposes the register from the batch's "destroy" items.
  await closeDrawer(page);
  await shell.open('销毁');
  const des = new DestructionPageObject(page);
  await des.proposeFromAppraisal(batchNo);
  const registerNo = await des.registerNo();
  await expect(des.detail.getByTestId('register-items').locator('.ant-table-row')).toHaveCount(3);
  // The proposer is no administrator: approving is not offered.
  await expect(des.detail.getByTestId('register-approve')).toBeDisabled();

  // The second administrator approves.
  await new ShellPage(boss).open('销毁');
  const bossDes = new DestructionPageObject(boss);
  await bossDes.openRegister(registerNo);
  await bossDes.approve('同意销毁');
  await boss.context().close();

  // Two supervisors confirm at the keeper's desk, each with their own password.
  await closeDrawer(page);
  await des.openRegister(registerNo);
  await expect(des.detail.getByTestId('register-execute')).toBeDisabled();
  const wrong = await des.supervisorRefused('sun', 'not-the-password1');
  await expect(wrong.getByTestId('supervisor-error')).toContainText('用户名或密码不正确');
  await des.supervisorConfirms('zhou', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('周委员');
  // A failed attempt delays the next try for that user name by 2 s (sign-in throttle, on the
  // archive's clock): let those seconds pass on the host's clock instead of waiting them out.
  await host.advanceClock(2_500);
  await des.supervisorConfirms('sun', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('孙监督');

  await des.execute('社区档案室');
  const sha = (await des.detail.getByTestId('register-sha').innerText()).trim();
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await des.openCertificate();
  await expect(page.getByTestId('pdf-preview-note')).toContainText(sha);
  await closePreview(page);
  await closeDrawer(page);

  // The hash printed on the certificate, typed back (with spaces, as printed in groups), matches.
  const spaced = sha.match(/.{1,8}/g)!.join(' ');
  const verdict = await des.checkCertificate(spaced);
  await expect(verdict).toHaveAttribute('data-found', 'true');
  await expect(verdict).toContainText(registerNo);
  await expect(verdict).toContainText('共销毁 3 件');
  const miss = await des.checkCertificate('a'.repeat(64));
  await expect(miss).toHaveAttribute('data-found', 'false');

  // The records are gone from the due list.
  await shell.open('保管期限');
  for (const title of TITLES) await expect(ret.dueRow(title)).toHaveCount(0);
});

test('frozen register: approve → hold → execution refused with the change → re-submit → approve → confirm → execute → tombstone', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await page.goto(host.url);
  const shell = await firstRun(page, PW);
  const admin = await castAsAdmin();
  const paper = await createRecords(admin, ['钱某某低保材料', '孙某某救助材料', '李某某迁出材料'], { year: 2010, retentionClass: 'D10' });
  const scanned = await createScannedRecord(admin, '周某某入户调查（含扫描件）', { year: 2010, retentionClass: 'D10' });
  const titles = ['钱某某低保材料', '孙某某救助材料', '李某某迁出材料', '周某某入户调查（含扫描件）'];
  const heldNo = paper[2].archiveNo;

  // The keeper draws up the register at this desk.
  await shell.signOut();
  await new SignInPage(page).signIn('li', PW);
  await shell.expectSignedInAs('李档案');
  await shell.open('销毁');
  const des = new DestructionPageObject(page);
  await des.proposeFromRecords(titles);
  const registerNo = await des.registerNo();
  await expect(des.detail.getByTestId('register-proposer')).toHaveText('李档案');

  // Another administrator approves at another desk.
  const boss = await signedInPage(browser, 'zhao', '赵书记');
  await new ShellPage(boss).open('销毁');
  const bossDes = new DestructionPageObject(boss);
  await bossDes.openRegister(registerNo);
  await bossDes.approve('同意销毁');
  await expect(bossDes.detail.getByTestId('register-approver')).toHaveText('赵书记');

  // Two supervisors confirm at the keeper's desk; the approver may not be one of them.
  await closeDrawer(page);
  await des.openRegister(registerNo);
  const refused = await des.supervisorRefused('zhao', PW);
  await expect(refused.getByTestId('supervisor-error')).toContainText('审批人不能担任监销人');
  await des.supervisorConfirms('sun', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('孙监督');
  await des.supervisorConfirms('zhou', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('周委员');

  // A hold placed after approval: the register is not silently changed …
  await closeDrawer(page);
  await shell.open('保管期限');
  await new RetentionPageObject(page).hold('李某某迁出材料', '居民提出异议，暂缓销毁');
  await shell.open('销毁');
  await des.openRegister(registerNo);
  await expect(des.detail.getByTestId('register-items').locator('.ant-table-row')).toHaveCount(4);
  // … and execution is refused, saying what changed and what to do.
  const why = await des.executeRefused('社区档案室');
  expect(why).toContain(`${heldNo}（审批后被冻结）`);
  expect(why).toContain('重新提交');
  await expect(des.detail.getByTestId('register-problems')).toContainText(heldNo);
  await expect(des.detail.getByTestId('register-status')).toHaveAttribute('data-status', 'approved');

  // 重新提交: the held record drops out; approval and supervisors start again.
  await des.repropose();
  await expect(des.detail.getByTestId('register-items').locator('.ant-table-row')).toHaveCount(3);
  await expect(des.detail.getByTestId('register-items')).not.toContainText(heldNo);
  await expect(des.detail.getByTestId('register-supervisors')).toHaveText('');

  await closeDrawer(boss);
  await bossDes.openRegister(registerNo);
  await bossDes.approve('同意销毁（重新提交后）');
  await boss.context().close();

  await closeDrawer(page);
  await des.openRegister(registerNo);
  await des.supervisorConfirms('sun', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('孙监督');
  await des.supervisorConfirms('zhou', PW);
  await expect(des.detail.getByTestId('register-supervisors')).toContainText('周委员');
  await des.execute('社区档案室');
  // The register drawer counts the destroyed scan, and names people by name.
  await expect(des.detail.getByTestId('register-items').locator('.ant-table-row', { hasText: scanned.archiveNo }).locator('td').nth(4)).toHaveText('1');
  await expect(des.detail.getByTestId('register-approver')).toHaveText('赵书记');
  await closeDrawer(page);

  // The destroyed record's drawer is a tombstone: the register, who and why; nothing to edit or upload.
  await shell.open('档案');
  const drawer = await openRecordByArchiveNo(page, scanned.archiveNo);
  await expect(drawer.getByTestId('tombstone')).toBeVisible();
  await expect(drawer.getByTestId('tombstone-register')).toHaveText(registerNo);
  await expect(drawer.getByTestId('tombstone-approver')).toHaveText('赵书记');
  await expect(drawer.getByTestId('tombstone-supervisors')).toHaveText('孙监督、周委员');
  await expect(drawer.getByTestId('tombstone-reason')).not.toBeEmpty();
  await expect(drawer.getByTestId('record-edit')).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: /修\s*改/ })).toHaveCount(0);
  await expect(drawer.getByTestId('attachment-upload')).toHaveCount(0);
  await drawer.locator('.ant-drawer-close').click();

  // The held record is still on the shelf, with its edit button.
  const live = await openRecordByArchiveNo(page, heldNo);
  await expect(live.getByTestId('tombstone')).toHaveCount(0);
  await expect(live.getByTestId('record-edit')).toBeVisible();
});
