import { expect, test } from '@playwright/test';
import { SetupPage, ShellPage } from './pages/auth.pages';
import { RecordsPage } from './pages/register.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('the search list says when it stops at 50, shows all on request, and finds a door typed without spaces', async ({ page }) => {
  await page.goto(host.url);
  const setup = new SetupPage(page);
  await setup.createArchive({ community: '幸福社区', displayName: '王主任', username: 'wang', password: 'Archive2026pw' });
  await setup.acknowledgeRecoveryKey();
  const shell = new ShellPage(page);
  await shell.expectSignedInAs('王主任');

  // 55 residents named 周… in one household (set up through the API; the screens are covered elsewhere).
  const api = await ApiClient.forPage(page, host);
  const g = await api.call<{ id: string }>('structure.saveGrid', { name: '第一网格', code: 'G01' });
  const b = await api.call<{ id: string }>('structure.saveBuilding', { gridId: g.id, name: '4号楼', code: 'B04' });
  const u = await api.call<{ id: string }>('structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
  const h = (await api.call<{ household: { id: string } }>('households.create', { unitId: u.id, room: '101', residenceType: 'own', tagIds: [] })).household.id;
  for (let i = 1; i <= 55; i++) await api.call('residents.create', { householdId: h, name: `周${String(i).padStart(2, '0')}`, residentType: 'registered' });

  await shell.open('档案');
  const records = new RecordsPage(page);
  await records.search.fill('周');
  await expect(page.getByTestId('search-more')).toContainText('只显示前 50 条');
  await expect(page.getByTestId('search-group-resident')).toContainText('（50）');
  await page.getByTestId('search-show-all').click();
  await expect(page.getByTestId('search-group-resident')).toContainText('（55）');
  await expect(page.getByTestId('search-more')).toHaveCount(0);

  await records.search.fill('4号楼1单元101');
  await expect(page.getByTestId('search-group-household')).toContainText('第一网格 4号楼 1单元 101');

  // Digits as keepers have them: the last digits of a citizen ID, the last digits of a phone.
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = '11010519580312297';
  const citizenId = first17 + '10X98765432'[[...first17].reduce((sum, d, i) => sum + Number(d) * w[i], 0) % 11];
  await api.call('residents.create', { householdId: h, name: '吴秀兰', residentType: 'registered', citizenId, phone: '13912348765' });
  await records.search.fill(citizenId.slice(-4));
  await expect(page.getByTestId('search-group-resident')).toContainText('吴秀兰');
  await records.search.fill('8765');
  await expect(page.getByTestId('search-group-resident')).toContainText('吴秀兰');
  await expect(page.getByTestId('search-group-resident')).not.toContainText('周01');
});
