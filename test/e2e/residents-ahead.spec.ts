import { expect, test } from '@playwright/test';
import { buildSampleArchive, openScreen } from './support/sample-archive';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/**
 * 住户 is drawn ahead, hidden, while other pages are shown (AppShell): what the keeper must not
 * notice is that it exists — it asks the archive for nothing until opened, opening it shows the
 * rows, and every visit starts fresh as before.
 */
test('住户 drawn ahead: nothing asked before it is opened, its rows when opened, a fresh page each visit', async ({ page }) => {
  test.setTimeout(180_000);
  await buildSampleArchive(page, host);
  const calls: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) calls.push(path.slice('/api/'.length));
  });

  // On 首页: the page is there, hidden, and has asked for no households.
  const table = page.getByTestId('households-table');
  await expect(table).toHaveCount(1, { timeout: 30_000 });
  await expect(table).toBeHidden();
  await page.waitForTimeout(1500);
  expect(calls).not.toContain('households.list');

  await openScreen(page, '住户');
  await expect(table.locator('.ant-table-row')).toHaveCount(6, { timeout: 30_000 });
  expect(calls.filter((c) => c === 'households.list')).toHaveLength(1);
  await expect(page.getByTestId('selected-node')).toHaveText('全部住户');

  // A grid chosen, then another page and back: 住户 opens as it first did.
  await page.getByTestId('structure-tree').getByText('第一网格', { exact: true }).click();
  await expect(page.getByTestId('selected-node')).toHaveText('第一网格');
  await openScreen(page, '档案');
  await expect(table).toBeHidden();
  await openScreen(page, '住户');
  await expect(page.getByTestId('selected-node')).toHaveText('全部住户');
  await expect(table.locator('.ant-table-row')).toHaveCount(6, { timeout: 30_000 });
});
