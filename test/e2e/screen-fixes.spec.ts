import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectLabelsTied } from './support/labels';
import { buildSampleArchive, openScreen, type SampleArchive } from './support/sample-archive';
import { startHost, type RunningHost } from './support/web-host';

/**
 * The screen fixes of issue 13 (and the 1366×768 bullet of issue 19), walked on a laptop-sized
 * window over the fixed sample archive: the 逾期未还 tile, action and decision columns in view,
 * 修改 from the record drawer, and every form's labels tied to their inputs.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });

const slow = expect.configure({ timeout: 30_000 });
let host: RunningHost;
let page: Page;
let sample: SampleArchive;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(480_000);
  host = await startHost();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });
  sample = await buildSampleArchive(page, host);
});
test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

function dialog(title: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

test('the 逾期未还 tile opens 借阅 on 逾期, the 本周到期 tile on 即将到期', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '首页');
  await page.getByTestId('tile-overdueLoans').click();
  await slow(page.getByTestId('page-title')).toHaveText('借阅');
  await slow(page.getByTestId('lending-tabs').getByRole('tab', { name: '逾期', exact: true })).toHaveAttribute('aria-selected', 'true');
  await slow(page.getByTestId('loans-overdue').locator('.ant-table-row').filter({ hasText: sample.overdueArchiveNo })).toBeVisible();

  await openScreen(page, '首页');
  await page.getByTestId('tile-loansDueThisWeek').click();
  await slow(page.getByTestId('lending-tabs').getByRole('tab', { name: '即将到期', exact: true })).toHaveAttribute('aria-selected', 'true');
  // From the side menu, 借阅 opens on its first tab again.
  await openScreen(page, '首页');
  await openScreen(page, '借阅');
  await slow(page.getByTestId('lending-tabs').getByRole('tab', { name: '借出中', exact: true })).toHaveAttribute('aria-selected', 'true');
});

test('at 1366×768 every loan row shows its whole 操作 cell', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '借阅');
  const rows = page.getByTestId('loans-out').locator('.ant-table-row');
  await slow(rows).toHaveCount(2);
  for (const row of await rows.all()) {
    for (const id of ['loan-return', 'loan-renew', 'loan-recall', 'loan-recall-pdf']) await expect(row.getByTestId(id)).toBeInViewport({ ratio: 1 });
  }
  // And it still works from there: 催还 opens its dialog.
  await rows.first().getByTestId('loan-recall').click();
  await expectLabelsTied(page.getByTestId('recall-dialog').getByRole('dialog'));
  await page
    .getByTestId('recall-dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();
  await expect(page.getByTestId('recall-dialog').getByRole('dialog')).toBeHidden();
});

test('appraisal drawer at 1366×768: 鉴定结论 and 复核 in view, and 复核 works', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '保管期限');
  await page.getByRole('tab', { name: '鉴定批次' }).click();
  await page.getByTestId('batches-table').locator('.ant-table-row').first().getByTestId('batch-open').click();
  const items = page.getByTestId('batch-items').locator('.ant-table-row');
  await slow(items).toHaveCount(2);
  for (const row of await items.all()) {
    await expect(row.getByTestId('item-decision')).toBeInViewport({ ratio: 1 });
    await expect(row.getByTestId('item-review')).toBeInViewport({ ratio: 1 });
    await expect(row.getByTestId('item-review')).toBeEnabled();
  }
  await items.first().getByTestId('item-review').click();
  await slow(items.first().getByTestId('item-reviewer')).toHaveText(/王主任|wang/);

  // The decision dialog from the drawer: its labels name its inputs.
  await items.nth(1).getByTestId('item-decide').click();
  const decide = dialog('鉴定：');
  await expectLabelsTied(decide);
  await expect(decide.getByLabel('理由', { exact: true })).toBeEditable();
  await decide.getByRole('button', { name: /取\s*消/ }).click();
  await expect(decide).toBeHidden();
  await page.locator('.ant-drawer-close').click();
});

test('发起鉴定, 冻结原因 and 起算事件 forms: labels tied, and a hold placed by its label', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '保管期限');
  await page.getByRole('tab', { name: '到期档案' }).click();
  const row = page.getByTestId('due-table').locator('.ant-table-row', { hasText: '张卫国低保申请材料' });
  await row.locator('.ant-checkbox-input').check();
  await page.getByTestId('create-batch').click();
  const batch = dialog('发起鉴定批次');
  await expectLabelsTied(batch);
  await expect(batch.getByLabel('鉴定目的')).toBeEditable();
  await batch.getByRole('button', { name: /取\s*消/ }).click();
  await expect(batch).toBeHidden();
  await row.locator('.ant-checkbox-input').uncheck();

  await row.getByTestId('row-hold').click();
  const hold = dialog('冻结 / 解除冻结');
  await expectLabelsTied(hold);
  await hold.getByLabel('冻结原因').fill('区纪委调阅，暂停处置');
  await hold.getByTestId('hold-add').click();
  await slow(hold.getByTestId('holds-table')).toContainText('区纪委调阅，暂停处置');
  await hold.locator('.ant-modal-close').click();
  await expect(hold).toBeHidden();

  await row.getByTestId('row-clock').click();
  const clock = dialog('起算事件');
  await expectLabelsTied(clock);
  await clock.getByRole('button', { name: /取\s*消/ }).click();
  await expect(clock).toBeHidden();
});

test('修改 from the record drawer opens the form above the drawer; 确定 saves', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '档案');
  await page.getByTestId('records-table').locator('.ant-table-row', { hasText: '王建军家庭基本信息档案' }).click();
  await slow(page.getByTestId('record-drawer-no')).toBeVisible();
  await page
    .locator('.ant-drawer')
    .getByRole('button', { name: /修\s*改/ })
    .click();
  const form = dialog('修改档案');
  await slow(form).toBeVisible();
  await expectLabelsTied(form);
  await form.getByLabel('备注').fill('2026年12月核对：原件完好');
  // A plain click: Playwright refuses when another element (the drawer) would receive it.
  await form.getByTestId('record-ok').click({ timeout: 10_000 });
  await slow(form).toBeHidden();
  await slow(page.locator('.ant-drawer-body')).toContainText('2026年12月核对：原件完好');
  await page.locator('.ant-drawer-close').click();

  // The location dialog opened from the record form.
  await page.getByTestId('add-record').click();
  const add = dialog('新建档案');
  await expectLabelsTied(add);
  await add.getByTestId('add-location').click();
  const loc = dialog('添加位置');
  await expectLabelsTied(loc);
  await loc.getByRole('button', { name: /取\s*消/ }).click();
  await add.getByRole('button', { name: /取\s*消/ }).click();
});

test('住户 forms: structure, household, resident — labels tied', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '住户');
  await page.getByTestId('add-grid').click();
  const grid = dialog('添加网格');
  await expectLabelsTied(grid);
  await grid.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByTestId('add-household').click();
  const household = dialog('添加住户');
  await expectLabelsTied(household);
  await expect(household.getByLabel('标签')).toBeVisible();
  await household.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByTestId('households-table').locator('.ant-table-row', { hasText: '张卫国' }).getByTestId('open-household').click();
  await page.getByTestId('add-resident').click();
  const resident = dialog('添加居民');
  await expectLabelsTied(resident);
  await resident.getByRole('button', { name: /取\s*消/ }).click();
  // The residents table is wider than the drawer: its actions stay pinned in view.
  await expect(page.getByTestId('residents-table').getByTestId('view-resident').first()).toBeInViewport({ ratio: 1 });
  await page.locator('.ant-drawer-close').click();
});

test('借阅 dialogs and the check-out wizard: labels tied', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '借阅');
  await page.getByTestId('loans-out').locator('.ant-table-row').first().getByTestId('loan-return').click();
  await expectLabelsTied(page.getByTestId('return-dialog').getByRole('dialog'));
  await page
    .getByTestId('return-dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();

  await page.getByTestId('new-loan').click();
  const wizard = page.getByTestId('checkout-wizard').getByRole('dialog');
  await expectLabelsTied(wizard);
  await expect(wizard.getByLabel('扫描或输入档号后按回车', { exact: true })).toBeEditable();
  await wizard.locator('.ant-modal-close').click();
});

test('打印 and 设置 forms: labels tied', async () => {
  test.setTimeout(120_000);
  await openScreen(page, '打印');
  await expectLabelsTied(page.getByTestId('print-options'));
  await page.getByTestId('printing-tabs').getByRole('tab', { name: '楼栋封皮' }).click();
  await expectLabelsTied(page.getByTestId('printing-tabs').getByRole('tabpanel'));
  await page.getByTestId('printing-tabs').getByRole('tab', { name: '盒脊 / 备考表' }).click();
  await expectLabelsTied(page.getByTestId('printing-tabs').getByRole('tabpanel'));

  await openScreen(page, '设置');
  for (const tab of ['常规', '修改密码']) {
    await page.getByRole('tab', { name: tab }).click();
    await expectLabelsTied(page.getByRole('tabpanel'));
  }
});

/** Where a box lies against the window: wholly inside it across. */
async function expectAcrossInView(l: Locator, width: number, what: string): Promise<void> {
  const b = await l.boundingBox();
  expect(b, what).not.toBeNull();
  // Soft: one run names every table that fails, not only the first.
  expect.soft(b!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect.soft(b!.x + b!.width, `${what}: right edge`).toBeLessThanOrEqual(width + 0.5);
}

/**
 * A table's last column (操作, 状态 …) is in the window, header and first row, without scrolling
 * the page sideways; and a table wider than its card scrolls inside it, its first column staying.
 */
async function expectTableFits(table: Locator, width: number, name: string): Promise<boolean> {
  const heads = table.locator('.ant-table-thead > tr > th:not(.ant-table-cell-scrollbar)');
  await expect(heads.last(), name).toBeVisible();
  expect
    .soft(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'), `${name}: the page scrolls sideways`)
    .toBeLessThanOrEqual(0);
  await expectAcrossInView(heads.last(), width, `${name}: last header`);
  const row = table.locator('.ant-table-row').first();
  if (!(await row.count())) return false;
  const cells = row.locator('> .ant-table-cell:not(.ant-table-selection-column)');
  await expectAcrossInView(cells.last(), width, `${name}: first row's last cell`);
  // The header's table is as wide as all columns; the container is the card's width.
  const inner = (await table.locator('.ant-table-container table').first().boundingBox())!.width;
  const wide = inner > (await table.locator('.ant-table-container').boundingBox())!.width + 1;
  if (!wide) return false;
  // Scroll the body sideways: a middle column moves, the first stays, the last is still in view.
  const first = cells.first();
  const middle = heads.nth(Math.floor((await heads.count()) / 2));
  const [x0, m0] = [(await first.boundingBox())!.x, (await middle.boundingBox())!.x];
  await first.hover();
  await page.mouse.wheel(600, 0);
  await expect.poll(async () => (await middle.boundingBox())!.x, { message: `${name}: scrolls inside its card`, timeout: 5_000 }).toBeLessThan(m0 - 50);
  expect.soft((await first.boundingBox())!.x, `${name}: first column sticky`).toBeCloseTo(x0, 0);
  await expectAcrossInView(cells.last(), width, `${name}: last cell after scrolling`);
  await page.mouse.wheel(-2000, 0);
  return true;
}

test('at 1366×768 and 1920×1080 no main table hides its last column; wide ones scroll in their card, first column sticky', async () => {
  test.setTimeout(120_000);
  const screens: { nav: string; tab?: string; table: string }[] = [
    { nav: '档案', table: 'records-table' },
    { nav: '住户', table: 'households-table' },
    { nav: '住户', tab: '花名册', table: 'roster-table' },
    { nav: '借阅', table: 'loans-out' },
    { nav: '保管期限', table: 'due-table' },
    { nav: '保管期限', tab: '鉴定批次', table: 'batches-table' },
    { nav: '销毁', table: 'registers-table' },
    { nav: '设置', tab: '用户管理', table: 'users-table' },
    { nav: '审计', table: 'audit-table' },
  ];
  const scrolled: string[] = [];
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    for (const s of screens) {
      const name = `${size.width}×${size.height} ${s.nav}${s.tab ? `/${s.tab}` : ''}`;
      await openScreen(page, s.nav);
      if (s.tab) await page.getByRole('tab', { name: s.tab, exact: true }).click();
      const table = page.getByTestId(s.table);
      await slow(table.locator('.ant-table-container')).toBeVisible();
      // Lists load after the screen opens: wait for rows where the sample has some.
      if (s.table !== 'registers-table') await slow(table.locator('.ant-table-row').first()).toBeVisible();
      if (await expectTableFits(table, size.width, name)) scrolled.push(name);
    }
    // The appraisal drawer's items: 鉴定结论 and 复核 stay at the right edge.
    await openScreen(page, '保管期限');
    await page.getByRole('tab', { name: '鉴定批次', exact: true }).click();
    await page.getByTestId('batches-table').locator('.ant-table-row').first().getByTestId('batch-open').click();
    await slow(page.getByTestId('batch-items').locator('.ant-table-row').first()).toBeVisible();
    await expectTableFits(page.getByTestId('batch-items'), size.width, `${size.width}×${size.height} appraisal drawer`);
    await page.locator('.ant-drawer-close').click();
    await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  // The sticky check ran: on a laptop the records list (13 columns) is wider than its card.
  expect(scrolled).toContain('1366×768 档案');
});
