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

/** What each 今日待办 tile is called on screen (renderer/src/i18n/areas/home.ts). */
const TILES = {
  overdueLoans: '逾期未还',
  loansDueThisWeek: '本周到期借阅',
  dueForAppraisal: '到期待鉴定',
  destructionWaiting: '待审批/监销的销毁清册',
  pendingReviews: '待复核修改',
  lookupRequestsWaiting: '待批准查阅申请',
  daysSinceBackup: '距上次备份（天）',
} as const;

/**
 * The home page shows what the data say. Its look is compared with a reference picture in
 * screens.visual.spec.ts (home.png); this test checks the content a person reads: each tile's
 * title and number, the totals, a chart where there is data and the empty state where there is
 * none, no record title anywhere, and a tile leading to its list.
 */
test('home page: each tile and total shows the number the data give, charts or their empty state, no titles', async ({ page }) => {
  test.setTimeout(120_000);
  // A fixed day, so which records are due for appraisal does not depend on when the test runs.
  await host.setClock(new Date('2026-06-15T02:00:00Z'));
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
    const h = await api.call<{ household: { id: string } }>('households.create', {
      unitId: unit.id,
      room,
      residenceType: 'own',
      tagIds: tags.slice(0, i + 1).map((t) => t.id),
    });
    households.push(h.household.id);
  }
  const titles = ['李某低保审批材料', '张某困难救助档案', '赵某入户调查记录', '网格走访记录2016', '居民基本信息档案', '社区党员名册'];
  await createRecords(api, titles.slice(0, 3), { year: 2010, retentionClass: 'D10', householdId: households[0] });
  await createRecords(api, [titles[3]], { year: 2016, retentionClass: 'D10', householdId: households[1] });
  await createRecords(api, [titles[4]], { year: 2020, retentionClass: 'Y', householdId: households[2] });
  await createRecords(api, [titles[5]], { year: 2000, retentionClass: 'D30' });

  // The home page was the landing page before the data existed: refresh it.
  await shell.open('首页');
  await page.getByTestId('home-refresh').click();

  // In 2026 only the three D10 records of 2010 are due (2010 + 1 + 10 = 2021); 2016 + 11 = 2027,
  // 2000 + 1 + 30 = 2031, permanent never. No loans, destructions, reviews or look-ups yet, and no
  // backup ever. The API answers the same (the page shows the API's numbers, not its own).
  const today = {
    overdueLoans: 0,
    loansDueThisWeek: 0,
    dueForAppraisal: 3,
    destructionWaiting: 0,
    pendingReviews: 0,
    lookupRequestsWaiting: 0,
    daysSinceBackup: null,
  };
  const totals = { residents: 0, households: 4, records: 6, attachments: 0 };
  const answer = await api.call<DashboardData>('dashboard.get');
  expect(answer.today).toEqual(today);
  expect(answer.totals).toEqual(totals);
  for (const [key, title] of Object.entries(TILES) as [keyof typeof TILES, string][]) {
    const tile = page.getByTestId(`tile-${key}`);
    await expect(tile.locator('.ant-statistic-title'), key).toHaveText(title);
    await expect(tile.locator('.ant-statistic-content'), key).toHaveText(today[key] === null ? '从未备份' : String(today[key]));
    await expect(tile, key).toHaveAttribute('data-value', today[key] === null ? '' : String(today[key]));
  }
  for (const [key, title] of Object.entries({ residents: '居民', households: '住户', records: '档案', attachments: '电子文件' }) as [
    keyof typeof totals,
    string,
  ][]) {
    await expect(page.getByTestId(`total-${key}`).locator('.ant-statistic-title'), key).toHaveText(title);
    await expect(page.getByTestId(`total-${key}`).locator('.ant-statistic-content'), key).toHaveText(String(totals[key]));
  }

  // Charts with data draw on a canvas; loans-by-month has nothing to count and says so.
  for (const id of ['byCategory', 'byGrid', 'byTag', 'byTagShare', 'byRetention', 'byDueYear']) {
    await expect(page.getByTestId(`chart-${id}`).locator('canvas').first(), id).toBeVisible({ timeout: 15_000 });
  }
  const loans = page.getByTestId('chart-loansByMonth');
  await expect(loans.locator('.ant-card-head-title')).toHaveText('每月借阅');
  await expect(loans.locator('.ant-empty-description')).toHaveText('暂无数据');
  await expect(loans.locator('canvas')).toHaveCount(0);

  // Counts only: no record title is written anywhere on the page.
  const text = await page.getByTestId('home-page').innerText();
  for (const title of titles) expect(text, title).not.toContain(title);

  // A tile is a click away from its list.
  await page.getByTestId('tile-dueForAppraisal').click();
  await expect(page.getByTestId('page-title')).toHaveText('保管期限');
});
