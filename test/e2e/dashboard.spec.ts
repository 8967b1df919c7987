import { expect, test } from '@playwright/test';
import type { DashboardData } from '../../shared/contract/dashboard.contract';
import { firstRun } from './pages/auth.pages';
import { createRecords } from './pages/destruction.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('home page: today tiles, charts, a tile equal to the API, screenshot', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await page.goto(host.url);
  const shell = await firstRun(page);

  // Some data through the API: a grid with tagged households, records of several classes and years.
  const api = new ApiClient(host, 'e2e-dashboard');
  await api.signIn('wang', 'Archive2026pw');
  const tags = await api.call<{ id: string }[]>('tags.list');
  const grid = await api.call<{ id: string }>('structure.saveGrid', { name: '第一网格', code: 'G01' });
  const building = await api.call<{ id: string }>('structure.saveBuilding', { gridId: grid.id, name: '3号楼', code: 'B03' });
  const unit = await api.call<{ id: string }>('structure.saveUnit', { buildingId: building.id, name: '2单元', code: 'U2' });
  const households: string[] = [];
  for (const [i, room] of ['101', '102', '201', '202'].entries()) {
    const h = await api.call<{ household: { id: string } }>('households.create', { unitId: unit.id, room, residenceType: 'own', tagIds: tags.slice(0, i + 1).map((t) => t.id) });
    households.push(h.household.id);
  }
  await createRecords(api, ['李某低保审批材料', '张某困难救助档案', '赵某入户调查记录'], { year: 2010, retentionClass: 'D10', householdId: households[0] });
  await createRecords(api, ['网格走访记录2016'], { year: 2016, retentionClass: 'D10', householdId: households[1] });
  await createRecords(api, ['居民基本信息档案'], { year: 2020, retentionClass: 'Y', householdId: households[2] });
  await createRecords(api, ['社区党员名册'], { year: 2000, retentionClass: 'D30' });

  // The home page was the landing page before the data existed: refresh it.
  await shell.open('首页');
  await page.getByTestId('home-refresh').click();
  const expected = await api.call<DashboardData>('dashboard.get');
  for (const key of ['overdueLoans', 'loansDueThisWeek', 'dueForAppraisal', 'destructionWaiting', 'pendingReviews', 'lookupRequestsWaiting', 'daysSinceBackup']) {
    await expect(page.getByTestId(`tile-${key}`)).toBeVisible();
  }
  expect(expected.today.dueForAppraisal).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('tile-dueForAppraisal')).toHaveAttribute('data-value', String(expected.today.dueForAppraisal));
  await expect(page.getByTestId('tile-dueForAppraisal').locator('.ant-statistic-content')).toHaveText(String(expected.today.dueForAppraisal));
  await expect(page.getByTestId('total-records')).toContainText(String(expected.totals.records));
  for (const id of ['byCategory', 'byGrid', 'byTag', 'loansByMonth', 'byRetention', 'byDueYear']) {
    await expect(page.getByTestId(`chart-${id}`)).toBeVisible();
  }
  // Charts with data draw on a canvas.
  for (const id of ['byCategory', 'byGrid', 'byTag', 'byRetention', 'byDueYear']) {
    await expect(page.getByTestId(`chart-${id}`).locator('canvas').first()).toBeVisible({ timeout: 15_000 });
  }
  await page.waitForTimeout(1000); // let the charts' entry animation finish before the picture
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });

  // A tile is a click away from its list.
  await page.getByTestId('tile-dueForAppraisal').click();
  await expect(page.getByTestId('page-title')).toHaveText('保管期限');
});
