import { expect, test } from '@playwright/test';
import { signedInContext } from './pages/lookups.pages';
import { RosterPage } from './pages/roster.pages';
import { communityRows, toCsv } from '../helpers/import-sheets';
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

/** Residents by grid and birth date; the archive's date is fixed at 2026-06-15 (Beijing). */
const PEOPLE: { grid: '第一网格' | '第二网格'; room: string; name: string; birth: string }[] = [
  { grid: '第二网格', room: '101', name: '赵一', birth: '1930-03-01' }, // 96
  { grid: '第二网格', room: '101', name: '钱二', birth: '1946-06-15' }, // 80 today
  { grid: '第二网格', room: '102', name: '孙三', birth: '1946-06-16' }, // 79, 80 tomorrow
  { grid: '第二网格', room: '102', name: '李四', birth: '1940-01-01' }, // 86
  { grid: '第二网格', room: '201', name: '周五', birth: '1990-05-05' }, // 36
  { grid: '第一网格', room: '101', name: '吴六', birth: '1935-02-02' }, // 91, another grid
];

/**
 * 花名册 as a keeper uses it: filter to "age ≥ 80 in 第二网格" (the count a brute-force count of
 * the data gives), sort by age, choose columns (kept after a reload), batch-add a tag to two
 * residents through 待审核, export the list with a purpose; and remove an empty unit from the tree
 * while a full one is refused.
 */
test('roster: filter, sort, remembered columns, batch edit through review, export with purpose; structure removal', async ({ browser }) => {
  test.setTimeout(420_000);
  await host.setClock(new Date('2026-06-15T02:00:00Z'));
  const admin = new ApiClient(host, 'e2e-roster-admin');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240, timeZone: 'Asia/Shanghai' });
  await admin.call('users.create', { username: 'keeper1', displayName: '李档案', role: 'keeper', password: TEMP });
  await ApiClient.newUser(host, 'keeper1', TEMP, PASSWORD);

  const units: Record<string, string> = {};
  const buildings: Record<string, string> = {};
  for (const [name, code] of [
    ['第一网格', 'G01'],
    ['第二网格', 'G02'],
  ]) {
    const g = await admin.call<{ id: string }>('structure.saveGrid', { name, code });
    buildings[name] = (await admin.call<{ id: string }>('structure.saveBuilding', { gridId: g.id, name: `${code === 'G01' ? 3 : 4}号楼`, code: 'B1' })).id;
    units[name] = (await admin.call<{ id: string }>('structure.saveUnit', { buildingId: buildings[name], name: '1单元', code: 'U1' })).id;
  }
  // A grid with no buildings yet, for the batch move.
  await admin.call('structure.saveGrid', { name: '第三网格', code: 'G03' });
  // An empty unit, to be removed from the tree.
  await admin.call('structure.saveUnit', { buildingId: buildings['第二网格'], name: '9单元', code: 'U9' });
  const households = new Map<string, string>();
  for (const p of PEOPLE) {
    const key = `${p.grid}/${p.room}`;
    if (!households.has(key)) {
      const h = await admin.call<{ household: { id: string } }>('households.create', { unitId: units[p.grid], room: p.room, residenceType: 'own', tagIds: [] });
      households.set(key, h.household.id);
    }
    await admin.call('residents.create', { householdId: households.get(key), name: p.name, residentType: 'registered', birthDate: p.birth });
  }
  const age = (birth: string) => 2026 - Number(birth.slice(0, 4)) - ('06-15' < birth.slice(5) ? 1 : 0);
  const expected = PEOPLE.filter((p) => p.grid === '第二网格' && age(p.birth) >= 80);
  expect(expected.map((p) => p.name)).toEqual(['赵一', '钱二', '李四']);

  const keeper = await signedInContext(browser, host, 'keeper1', PASSWORD, '李档案');
  const page = keeper.page;
  // The tree is read after the page's rows: until it lands the panel says "loading", never "no grids yet".
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      __saidNoGrids: boolean;
      document: { body: unknown };
      MutationObserver: new (f: (rs: { addedNodes: Iterable<{ textContent: string | null }> }[]) => void) => { observe(n: unknown, o: object): void };
    };
    g.__saidNoGrids = false;
    new g.MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.textContent?.includes('还没有网格')) g.__saidNoGrids = true;
    }).observe(g.document.body, { childList: true, subtree: true });
  });
  await keeper.shell.open('住户');
  await expect(page.getByTestId('structure-tree').getByText('第一网格')).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { __saidNoGrids: boolean }).__saidNoGrids)).toBe(false);
  const roster = new RosterPage(page);
  await roster.open();
  await roster.expectTotal(PEOPLE.length);

  // Filter: age ≥ 80 in 第二网格 equals the brute-force count.
  await roster.pickPlace('第二网格');
  await roster.setAgeMin(80);
  await roster.search();
  await roster.expectTotal(expected.length);
  expect((await roster.column('姓名')).sort()).toEqual(expected.map((p) => p.name).sort());

  // Sort by age: up, then down (a click on the header each time).
  await roster.sortBy('年龄');
  await expect.poll(() => roster.column('年龄'), { timeout: 20_000 }).toEqual(['80', '86', '96']);
  await roster.sortBy('年龄');
  await expect.poll(() => roster.column('年龄'), { timeout: 20_000 }).toEqual(['96', '86', '80']);

  // Columns: add 出生日期, drop 性别; the choice is the keeper's and survives a reload.
  await roster.toggleColumn('birthDate');
  await roster.toggleColumn('gender');
  await expect.poll(() => roster.headers(), { timeout: 20_000 }).toContain('出生日期');
  expect(await roster.headers()).not.toContain('性别');
  await page.reload();
  await keeper.shell.expectSignedInAs('李档案');
  await keeper.shell.open('住户');
  await roster.open();
  await expect.poll(() => roster.headers(), { timeout: 20_000 }).toContain('出生日期');
  expect(await roster.headers()).not.toContain('性别');

  // Batch edit: tag two residents' households 楼长 — waits for review, counts after approval.
  await roster.pickPlace('第二网格');
  await roster.setAgeMin(80);
  await roster.search();
  await roster.expectTotal(3);
  await roster.select('钱二', '李四');
  await roster.batchAddTags(['楼 楼长']);
  // The toast (已提交审核：2 位居民，2 户) may be gone by the time the dialog has closed: ask the queue.
  await expect.poll(async () => (await admin.call<{ entity: string }[]>('review.list')).map((p) => p.entity), { timeout: 20_000 }).toEqual(['roster']);
  const pending = await admin.call<{ id: string; entity: string; after: string }[]>('review.list');
  expect(JSON.parse(pending[0].after).residentIds).toHaveLength(2);
  await expect(roster.row('钱二').locator('[data-testid="tag-chip"][data-code="楼"]')).toHaveCount(0);
  await admin.call('review.approve', { id: pending[0].id });
  await roster.search();
  for (const name of ['钱二', '李四']) await expect(roster.row(name).locator('[data-testid="tag-chip"][data-code="楼"]')).toHaveCount(1, { timeout: 20_000 });
  // Tags are the household's (户标签): 赵一 lives with 钱二 and carries it too; 周五's household does not.
  await expect(roster.row('赵一').locator('[data-testid="tag-chip"][data-code="楼"]')).toHaveCount(1);
  const leader = (await admin.call<{ id: string; name: string }[]>('tags.list')).find((t) => t.name === '楼长')!.id;
  const tagged = await admin.call<{ rows: { name: string }[] }>('roster.list', { filters: { tagIds: [leader] } });
  expect(tagged.rows.map((r) => r.name).sort()).toEqual(['孙三', '李四', '赵一', '钱二'].sort());

  // Export the filtered list with a purpose: the file downloads and the trail says why.
  const file = await roster.exportWithPurpose('高龄补贴发放核对');
  expect(file).toMatch(/^居民花名册-.*\.xlsx$/);
  const trail = await admin.call<{ actor: string; details: string }[]>('audit.list', { action: 'export.list' });
  expect(trail[0]?.actor).toBe('keeper1');
  expect(JSON.parse(trail[0]!.details)).toMatchObject({ kind: 'roster', purpose: '高龄补贴发放核对', rows: 3 });

  // Batch 移至网格: the grid follows the building, so the review step names the whole building and
  // the people who move without being selected; once approved, the grid filter finds them there.
  await roster.select('钱二');
  const review = await roster.batchMoveToGrid('第三网格');
  await expect(review.getByTestId('grid-move-summary')).toHaveText('1 栋楼（3 户，5 人）将移至 第三网格');
  await expect(review.getByTestId('grid-move-unselected')).toHaveText('其中 4 人未被选中，随所在楼栋一并移动。');
  await expect(review.getByTestId('batch-review')).toContainText('4号楼（第二网格 → 第三网格）：3 户，5 人');
  await roster.confirmBatch();
  await expect.poll(async () => (await admin.call<{ entity: string }[]>('review.list')).length, { timeout: 20_000 }).toBe(1);
  const move = (await admin.call<{ id: string; after: string }[]>('review.list'))[0];
  expect(JSON.parse(move.after).gridMove).toMatchObject({ gridName: '第三网格', residents: 5, unselected: 4 });
  await admin.call('review.approve', { id: move.id });
  await roster.pickPlace('第三网格');
  await roster.search();
  await roster.expectTotal(expected.length);
  expect((await roster.column('网格')).every((g) => g === '第三网格')).toBe(true);

  // Structure: a unit with households is refused, saying why; the empty one goes.
  await page.getByRole('tab', { name: '住户', exact: true }).click();
  const tree = page.getByTestId('structure-tree');
  const full = tree.locator('.ant-tree-treenode').filter({ hasText: '1单元' }).first();
  await full.getByTestId('remove-unit').click();
  await page.locator('[data-testid="remove-structure-ok"]:visible').click();
  await expect(page.locator('.ant-message')).toContainText('“1单元”下还有 1 户住户，不能删除', { timeout: 20_000 });
  // The refused confirmation closes before the next one opens (two would be on screen at once).
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid="remove-structure-ok"]:visible')).toHaveCount(0, { timeout: 20_000 });
  const empty = tree.locator('.ant-tree-treenode').filter({ hasText: '9单元' });
  await empty.getByTestId('remove-unit').click();
  await page.locator('[data-testid="remove-structure-ok"]:visible').click();
  await expect(tree).not.toContainText('9单元', { timeout: 20_000 });
  await keeper.context.close();
});

/**
 * A street-sized roster: the whole roster's total is exact (a kept counter), a filter that finds
 * more residents than the count stops at says "5000+" on screen, and the list under it scrolls on.
 */
test('roster: a filter finding more than 5 000 residents shows "5000+", the whole roster its exact total', async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = new ApiClient(host, 'e2e-roster-big');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240 });
  const rows = 5_100;
  const { jobId } = await admin.call<{ jobId: string }>('importer.start', {
    fileName: '街道居民.csv',
    dataBase64: Buffer.from(toCsv(communityRows(rows, 5))).toString('base64'),
  });
  await expect.poll(async () => (await admin.call<{ state: string }>('importer.job', { jobId })).state, { timeout: 120_000 }).toBe('done');

  const { page, shell } = await signedInContext(browser, host, 'wang', PASSWORD, '王主任');
  await shell.open('住户');
  const roster = new RosterPage(page);
  await roster.open();
  await expect(page.getByTestId('roster-total')).toHaveText(`共 ${rows} 人`);
  await roster.setAgeMin(0);
  await roster.search();
  await expect(page.getByTestId('roster-total')).toHaveText('共 5000+ 人');
  await expect(page.getByTestId('roster-total')).toHaveAttribute('data-capped', 'true');
  await expect(page.getByTestId('roster-loaded')).toHaveText('已载入 100 / 5000+ 人，向下滚动载入更多');
  // Scrolling to the end of what is loaded brings the next page; the total stays "5000+".
  const body = (await roster.table.locator('.ant-table-body, .ant-table-tbody-virtual-holder').first().boundingBox())!;
  await page.mouse.move(body.x + body.width / 2, body.y + body.height / 2);
  await page.mouse.wheel(0, 100 * 60);
  await expect(page.getByTestId('roster-loaded')).toHaveAttribute('data-loaded', '200');
  await expect(page.getByTestId('roster-loaded')).toHaveText('已载入 200 / 5000+ 人，向下滚动载入更多');
});
