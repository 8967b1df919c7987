import { expect, test } from '@playwright/test';
import { LifeEventsPage } from './pages/life-events.pages';
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
 * #19 item 1 as a keeper does it: 迁出 and back (迁入), 死亡注销, 分户 — each in the resident's or
 * household's timeline, the departed off the active list (and back with 显示已迁出/死亡), each in
 * the auditor's view of the trail.
 */
test('move a resident out and back, register a death, split a household: lists, timelines, audit trail', async ({ browser }) => {
  test.setTimeout(600_000);
  const admin = new ApiClient(host, 'e2e-life-admin');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240 });
  await admin.call('users.create', { username: 'auditor1', displayName: '孙审计', role: 'auditor', password: TEMP });
  await ApiClient.newUser(host, 'auditor1', TEMP, PASSWORD);
  const g = await admin.call<{ id: string }>('structure.saveGrid', { name: '第一网格', code: 'G01' });
  const b = await admin.call<{ id: string }>('structure.saveBuilding', { gridId: g.id, name: '3号楼', code: 'B03' });
  const u = await admin.call<{ id: string }>('structure.saveUnit', { buildingId: b.id, name: '2单元', code: 'U2' });
  const h301 = (await admin.call<{ household: { id: string } }>('households.create', { unitId: u.id, room: '301', residenceType: 'own' })).household;
  await admin.call('households.create', { unitId: u.id, room: '302', residenceType: 'own' });
  const ids: Record<string, string> = {};
  for (const [name, rel] of [
    ['张卫国', '户主'],
    ['李秀英', '配偶'],
    ['张小明', '子女'],
    ['王芳', '儿媳'],
  ]) {
    ids[name] = (
      await admin.call<{ resident: { id: string } }>('residents.create', { householdId: h301.id, name, residentType: 'registered', relationToHead: rel })
    ).resident.id;
  }

  const keeper = await signedInContext(browser, host, 'wang', PASSWORD, '王主任');
  const p = keeper.page;
  await keeper.shell.open('住户');
  const ui = new LookupsPage(p);
  const life = new LifeEventsPage(p);
  await ui.openHousehold('301');
  await expect(life.membersTable()).toContainText('张卫国');

  // 迁出 with its destination: off the active list, back with the switch, marked 已迁出.
  await ui.openMember('张卫国', '信息核对', '办理迁出');
  await life.start('move_out', 'resident');
  await life.date('2025.6.1');
  await life.form().getByLabel('迁往地').fill('北京市朝阳区');
  await life.confirm();
  await expect(p.getByTestId('resident-status')).toHaveText('已迁出');
  await expect(life.timeline('resident')).toContainText('迁出');
  await expect(life.timeline('resident')).toContainText('北京市朝阳区');
  await life.closeResident();
  await expect(life.membersTable()).not.toContainText('张卫国');
  await p.getByTestId('show-departed').click();
  const departed = life.membersTable().locator('.ant-table-row', { hasText: '张卫国' });
  await expect(departed.getByTestId('resident-row-status')).toHaveText('已迁出');

  // 迁入 (the counter-event) into 302: active again, the timeline holds both rows.
  await ui.openMember('张卫国', '信息核对', '办理迁入');
  await life.start('move_in', 'resident');
  await life.date('2026-01-15');
  await life.pickHousehold('302');
  await life.form().getByLabel('与户主关系').fill('户主');
  await life.confirm();
  await expect(p.getByTestId('resident-status')).toHaveCount(0);
  await expect(life.timeline('resident').getByTestId('life-event')).toHaveCount(2);
  await expect(life.timeline('resident').locator('[data-kind="move_in"]')).toContainText('撤销前一事件');
  await life.closeResident();
  await expect(life.membersTable()).not.toContainText('张卫国');

  // 死亡注销.
  await ui.openMember('李秀英', '信息核对', '死亡注销');
  await life.start('death', 'resident');
  await life.date('2026-02-01');
  await life.confirm();
  await expect(p.getByTestId('resident-status')).toHaveText('已死亡');
  await life.closeResident();
  await expect(life.membersTable().locator('.ant-table-row', { hasText: '李秀英' }).getByTestId('resident-row-status')).toHaveText('已死亡');
  await p.getByTestId('show-departed').click();
  await expect(life.membersTable()).not.toContainText('李秀英');

  // 分户: 张小明 forms 2单元 501 as its head; 王芳 stays.
  await life.start('split', 'household');
  await life.date('2026-03-01');
  await life.form().getByTestId('life-members').getByText('张小明').click();
  await life.form().getByTestId('life-head').click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '张小明' }).click();
  await life.form().getByLabel('新户房号').fill('501');
  await life.confirm();
  await expect(life.membersTable()).not.toContainText('张小明');
  await expect(life.membersTable()).toContainText('王芳');
  await expect(life.timeline('household').getByTestId('life-event')).toHaveCount(4);
  await expect(life.timeline('household').locator('[data-kind="split"]')).toContainText('分户');
  await life.closeHousehold();
  const row501 = p.getByTestId('households-table').locator('.ant-table-row', { hasText: '501' });
  await expect(row501).toContainText('第一网格 3号楼 2单元 501');
  await expect(row501).toContainText('张小明');

  // The lists the roster filters on: by status, server-side.
  const byStatus = async (status: string) =>
    (await admin.call<{ rows: { name: string }[] }>('residents.list', { status, offset: 0, limit: 100 })).rows.map((r) => r.name).sort();
  expect(await byStatus('active')).toEqual(['张卫国', '张小明', '王芳']);
  expect(await byStatus('dead')).toEqual(['李秀英']);
  expect(await byStatus('moved_out')).toEqual([]);

  // The auditor's view: each event in the trail, by the keeper, on its subject.
  const auditor = await signedInContext(browser, host, 'auditor1', PASSWORD, '孙审计');
  await auditor.shell.open('审计');
  const audit = new AuditTrailPage(auditor.page);
  await audit.filterBySubject(`resident:${ids['张卫国']}`);
  for (const action of ['resident.moveOut', 'resident.moveIn'])
    await expect(audit.rows().filter({ hasText: action }).filter({ hasText: 'wang' })).toHaveCount(1);
  // Who and when, not where the person went.
  await expect(audit.rows().filter({ hasText: 'resident.moveOut' })).not.toContainText('北京');
  await audit.filterBySubject(`resident:${ids['李秀英']}`);
  await expect(audit.rows().filter({ hasText: 'resident.death' })).toHaveCount(1);
  await audit.filterBySubject(`household:${h301.id}`);
  await expect(audit.rows().filter({ hasText: 'household.split' })).toHaveCount(1);

  for (const c of [keeper, auditor]) await c.context.close();
});
