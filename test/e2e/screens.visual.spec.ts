import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildSampleArchive, openScreen, signInSample } from './support/sample-archive';
import { startHost, type RunningHost } from './support/web-host';

/**
 * Visual regression of the main screens at 1366×768: fixed data on a frozen clock (host and
 * browser), Asia/Shanghai, reduced motion (no chart animation), the pinned Noto Sans CJK SC
 * stack. Each screen is compared with its committed reference (screens.visual.spec.ts-snapshots/)
 * within playwright.config's tolerance; references change only with --update-snapshots, so a
 * change of layout shows as a failing diff. What differs by nature between runs (audit hashes
 * and ids, temp folder paths) is masked, never the layout around it.
 */
const slow = expect.configure({ timeout: 30_000 });

test.use({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN', reducedMotion: 'reduce' });

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/**
 * Waits until nothing in view is loading (spinners, skeletons) and fonts are ready. The 住户 page drawn
 * ahead behind other pages (AppShell) holds its spinner, hidden, until it is opened.
 */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.ant-spin-spinning').filter({ visible: true })).toHaveCount(0, { timeout: 30_000 });
  await page.evaluate('document.fonts.ready');
}

async function shot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  await settled(page);
  // Two identical pictures in a row first (Playwright's own stability check), then the comparison.
  await expect.soft(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask, timeout: 30_000 });
}

test('main screens at 1366×768 match their references', async ({ page }) => {
  test.setTimeout(480_000);
  await buildSampleArchive(page, host, { stopAtSignIn: true });
  await shot(page, 'sign-in');
  await signInSample(page);

  // 首页: tiles and charts (drawn on canvas once the chart chunk has loaded).
  await slow(page.getByTestId('tile-overdueLoans')).toHaveAttribute('data-value', '1');
  for (const id of ['byCategory', 'byGrid', 'byTag', 'byTagShare', 'loansByMonth', 'byRetention', 'byDueYear']) {
    // The chart library is a lazily loaded 4 MB chunk: parsing it takes a while on a busy machine.
    await expect(page.getByTestId(`chart-${id}`).locator('canvas').first()).toBeVisible({ timeout: 90_000 });
  }
  await shot(page, 'home');

  await openScreen(page, '住户');
  await slow(page.getByTestId('households-table').locator('.ant-table-row')).toHaveCount(6);
  await shot(page, 'residents');

  await openScreen(page, '档案');
  await slow(page.getByTestId('records-table').locator('.ant-table-row')).toHaveCount(6);
  await shot(page, 'records');

  await openScreen(page, '借阅');
  await slow(page.getByTestId('loans-out').locator('.ant-table-row')).toHaveCount(2);
  await shot(page, 'lending');

  await openScreen(page, '保管期限');
  await slow(page.getByTestId('due-table').locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'retention');

  await openScreen(page, '打印');
  await slow(page.getByTestId('print-structure')).toContainText('第一网格');
  await shot(page, 'printing');

  await openScreen(page, '审计');
  await slow(page.getByTestId('audit-table').locator('.ant-table-row').first()).toBeVisible();
  // Subjects and details carry random ids; the columns stay, their text is masked.
  const table = page.getByTestId('audit-table');
  await shot(page, 'audit', [table.locator('td:nth-child(5)'), table.locator('td:nth-child(6)')]);

  await openScreen(page, '设置');
  await slow(page.getByRole('tab').first()).toBeVisible();
  await shot(page, 'settings');
});
