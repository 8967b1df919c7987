import { expect, test } from '@playwright/test';
import { smallPdf } from './support/files';
import { AuditTrailPage, LookupsPage, signedInContext } from './pages/lookups.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const PASSWORD = 'Archive2026pw';
const TEMP = 'Temporary2026';

/**
 * 查阅须经授权: a clerk asks to view a resident of a key household (重点户, discreet) → refused with
 * a request button → requests with the purpose → a keeper approves in the UI → the clerk views
 * under a watermark with the clerk's name → the auditor sees the three entries in 审计.
 */
test('clerk requests a sensitive look-up → keeper approves → clerk views → auditor sees the trail', async ({ browser }) => {
  test.setTimeout(180_000);

  // Set-up through the HTTP API: the archive, three users, the structure and a 重点户 household.
  const admin = new ApiClient(host, 'e2e-lookups-admin');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240 });
  for (const [username, displayName, role] of [
    ['keeper1', '李档案', 'keeper'],
    ['clerk1', '赵查阅', 'clerk'],
    ['auditor1', '孙审计', 'auditor'],
  ]) {
    await admin.call('users.create', { username, displayName, role, password: TEMP });
    await ApiClient.newUser(host, username, TEMP, PASSWORD);
  }
  const tags = await admin.call<{ id: string; name: string; discreet: boolean }[]>('tags.list');
  const key = tags.find((t) => t.name === '重点户')!;
  expect(key.discreet).toBe(true);
  const g = await admin.call<{ id: string }>('structure.saveGrid', { name: '第二网格', code: 'G02' });
  const b = await admin.call<{ id: string }>('structure.saveBuilding', { gridId: g.id, name: '5号楼', code: 'B05' });
  const u = await admin.call<{ id: string }>('structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
  const h = await admin.call<{ household: { id: string } }>('households.create', { unitId: u.id, room: '101', residenceType: 'rented', tagIds: [key.id] });
  const resident = await admin.call<{ resident: { id: string } }>('residents.create', {
    householdId: h.household.id,
    name: '钱敏感',
    residentType: 'registered',
    phone: '13900139000',
  });
  const subject = `resident:${resident.resident.id}`;

  // The clerk opens the 重点户: its place in the building shows, its members do not — only a request.
  const clerk = await signedInContext(browser, host, 'clerk1', PASSWORD, '赵查阅');
  await clerk.shell.open('住户');
  const clerkUi = new LookupsPage(clerk.page);
  await clerkUi.openHousehold('101');
  const drawer = clerk.page.getByTestId('household-drawer');
  await expect(drawer.getByTestId('household-shielded')).toBeVisible();
  await expect(drawer.getByTestId('residents-table')).toHaveCount(0);
  await expect(drawer).not.toContainText('钱敏感');
  await expect(clerkUi.gate().getByTestId('lookup-required')).toContainText('须经档案员批准');
  await clerkUi.requestWithPurpose('信息核对：低保复核入户');

  // The keeper sees it in 住户 → 查阅审批 (with a badge) and approves for 4 hours.
  const keeper = await signedInContext(browser, host, 'keeper1', PASSWORD, '李档案');
  await keeper.shell.open('住户');
  await expect(keeper.page.getByTestId('lookup-approvals-badge')).toContainText('1');
  const keeperUi = new LookupsPage(keeper.page);
  await keeperUi.openApprovals();
  const row = keeperUi.pendingRow('低保复核入户');
  await expect(row).toContainText('clerk1');
  await expect(row).toContainText('5号楼 1单元 101');
  await keeperUi.approve(row, 4);

  // The clerk's gate turns green with the expiry; the members show, and the details open under the clerk's watermark.
  await clerkUi.openWhenApproved();
  await expect(drawer.getByTestId('residents-table')).toContainText('钱敏感');
  await clerkUi.openMember('钱敏感', '信息核对', '低保复核入户');
  await expect(clerkUi.detailBody()).toContainText('钱敏感');
  await expect(clerkUi.detailBody()).toContainText('13900139000');
  await expect(clerk.page.getByTestId('watermark')).toHaveAttribute('data-watermark', /赵查阅/);
  await expect(clerk.page.getByTestId('lookup-expiry')).toContainText('有效期至');
  // Clerks do not get "who looked at this" (no audit.read), nor the change history (keepers' own).
  await expect(clerk.page.getByTestId('who-viewed')).toHaveCount(0);
  await expect(clerk.page.getByTestId('change-history')).toHaveCount(0);
  await clerk.page.getByTestId('resident-detail').locator('.ant-drawer-close').click();
  await clerk.page.getByTestId('household-drawer').locator('.ant-drawer-close').click();
  await clerkUi.openMine();
  const mine = clerk.page.getByTestId('my-lookups-table').locator('.ant-table-row').filter({ hasText: '低保复核入户' });
  await expect(mine.getByTestId('lookup-status')).toHaveAttribute('data-status', 'approved');
  await expect(mine).toContainText('keeper1');

  // The auditor opens 审计 and sees the three entries for that resident.
  const auditor = await signedInContext(browser, host, 'auditor1', PASSWORD, '孙审计');
  await auditor.shell.open('审计');
  const audit = new AuditTrailPage(auditor.page);
  await audit.filterBySubject(`household:${h.household.id}`);
  await expect(audit.rows().first()).toBeVisible();
  for (const [actor, action] of [
    ['clerk1', 'lookup.request'],
    ['keeper1', 'lookup.approve'],
  ]) {
    await expect(audit.rows().filter({ hasText: action }).filter({ hasText: actor })).toHaveCount(1);
  }
  await audit.filterBySubject(subject);
  await expect(audit.rows().filter({ hasText: 'resident.view' }).filter({ hasText: 'clerk1' })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: 'resident.view' })).toContainText('低保复核入户');
  // The auditor reads which fields were entered, never the phone number itself.
  await expect(audit.rows().filter({ hasText: 'resident.create' })).toContainText('phone');
  await expect(audit.rows().filter({ hasText: 'resident.create' })).not.toContainText('13900139000');

  for (const c of [clerk, keeper, auditor]) await c.context.close();
});

/** A sensitive record's attachment: the viewer asks for approval; the administrator sees "谁查阅过" in the record drawer. */
test('sensitive record attachment: request in the viewer → approval → view; 谁查阅过 for the administrator only', async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = new ApiClient(host, 'e2e-lookups-admin');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240 });
  await admin.call('users.create', { username: 'clerk1', displayName: '赵查阅', role: 'clerk', password: TEMP });
  await ApiClient.newUser(host, 'clerk1', TEMP, PASSWORD);
  const rec = await admin.call<{ id: string; archiveNo: string }>('records.create', {
    title: '信访调解材料',
    residentClass: 'special',
    contentCategory: 'complaint',
    pages: 3,
    year: 2025,
    sensitivity: 'sensitive',
    retentionClass: 'D30',
    carrier: 'electronic',
    locationId: null,
  });
  await admin.call('attachments.add', { recordId: rec.id, fileName: '调解书.pdf', mime: 'application/pdf', dataBase64: smallPdf().toString('base64') });

  const clerk = await signedInContext(browser, host, 'clerk1', PASSWORD, '赵查阅');
  await clerk.shell.open('档案');
  const search = clerk.page.locator('input[data-testid="register-search"], [data-testid="register-search"] input').first();
  await search.fill(rec.archiveNo);
  await search.press('Enter');
  const drawer = clerk.page.getByTestId('record-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('who-viewed')).toHaveCount(0);
  await drawer.getByTestId('view-attachment').click();
  const ui = new LookupsPage(clerk.page);
  await ui.statePurpose('上级检查', '区里抽查');
  await expect(ui.gate()).toHaveAttribute('data-subject', `record:${rec.id}`);
  await ui.requestLookup();

  // A keeper's approval (here the administrator through the API) opens it.
  const [pending] = await admin.call<{ id: string; subject: string }[]>('lookups.pending');
  expect(pending.subject).toBe(`record:${rec.id}`);
  await admin.call('lookups.decide', { id: pending.id, approve: true, hours: 2 });
  await ui.gate().getByTestId('lookup-refresh').click();
  await ui.openWhenApproved();
  await expect(clerk.page.getByTestId('attachment-page').first()).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  await expect(clerk.page.getByTestId('attachment-viewer').getByTestId('watermark')).toHaveAttribute('data-watermark', /赵查阅/);

  // The administrator's record drawer lists who looked, with the purpose.
  const boss = await signedInContext(browser, host, 'wang', PASSWORD, '王主任');
  await boss.shell.open('档案');
  const bossSearch = boss.page.locator('input[data-testid="register-search"], [data-testid="register-search"] input').first();
  await bossSearch.fill(rec.archiveNo);
  await bossSearch.press('Enter');
  const who = boss.page.getByTestId('record-drawer').getByTestId('who-viewed-table');
  await expect(who.locator('.ant-table-row').filter({ hasText: '查看附件' })).toContainText('区里抽查');
  await expect(who.locator('.ant-table-row').filter({ hasText: '申请查阅' })).toContainText('clerk1');
  await expect(who.locator('.ant-table-row').filter({ hasText: '批准查阅' })).toContainText('wang');
  // The refused first try is listed with its reason in the keeper's language.
  await expect(who.locator('.ant-table-row').filter({ hasText: '未经授权的查阅被拒绝' })).toContainText('未经批准');

  for (const c of [clerk, boss]) await c.context.close();
});
