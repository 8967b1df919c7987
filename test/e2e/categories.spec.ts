import { expect, test } from '@playwright/test';
import { signedInContext } from './pages/lookups.pages';
import { dialog, RecordsPage } from './pages/register.pages';
import { CategoriesSettingsPage } from './pages/settings.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('设置 → 档案分类: a class with its own 档号 pattern, then a record filed in it and found by it', async ({ browser }) => {
  // The archive is made through the API (the set-up screens have their own spec); the rest is the screen.
  await new ApiClient(host, 'e2e-cat-admin').call('auth.setup', {
    communityName: '幸福社区',
    username: 'wang',
    displayName: '王主任',
    password: 'Archive2026pw',
  });
  const { page, shell } = await signedInContext(browser, host, 'wang', 'Archive2026pw', '王主任');

  await shell.open('设置');
  const cats = new CategoriesSettingsPage(page);
  await cats.open();
  // A pattern with an unknown field: refused at the field, in Chinese.
  const d = await cats.add({ nameZh: '文书档案', nameEn: 'Official documents', code: 'WS', pattern: 'WS-{年}-{件号:3}' });
  await expect(d.locator('.ant-form-item-explain-error')).toContainText('未知的字段 {年}');
  await d.getByLabel('档号规则').fill('WS-{年度}-{件号:3}');
  await d.getByTestId('category-ok').click();
  await expect(d).toBeHidden();
  await expect(cats.row('文书档案')).toContainText('WS-{年度}-{件号:3}');

  // 档案 → 新建档案: 文书档案 picked from the tree; the proposal follows its pattern.
  await shell.open('档案');
  const rec = new RecordsPage(page);
  await page.getByTestId('add-record').click();
  const form = dialog(page, '新建档案');
  await rec.chooseCategory(form.getByTestId('record-contentCategory'), '文书档案');
  const year = new Date().getFullYear();
  await expect(form.locator('.ant-form-item-extra', { hasText: '留空将使用' })).toContainText(`WS-${year}-001`);
  await form.getByLabel('题名').fill('社区年度工作计划');
  await rec.chooseOption(form.getByTestId('record-carrier'), '电子');
  await form.getByTestId('record-ok').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('record-drawer-no')).toHaveText(`WS-${year}-001`);
  await rec.closeDrawer();
  const table = page.getByTestId('records-table');
  await expect(table.locator('.ant-table-row', { hasText: '社区年度工作计划' })).toContainText(`WS-${year}-001`);
  await expect(table.locator('.ant-table-row', { hasText: '社区年度工作计划' })).toContainText('文书档案');

  // The filter by a class lists it and what is below it: 居民档案 (基本信息 …) has none of this.
  await rec.chooseCategory(page.getByTestId('filter-category'), '居民档案');
  await expect(table).not.toContainText('社区年度工作计划');
});
