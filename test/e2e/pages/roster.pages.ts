import { expect, type Locator, type Page } from '@playwright/test';
import { dialog, pickTags } from './register.pages';

/** Page object for 住户 → 花名册 (the residents roster). Labels are the zh-CN defaults. */
export class RosterPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('roster-tab').click();
    await expect(this.page.getByTestId('roster-table')).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByTestId('roster-table');
  }

  /** Picks a grid (and optionally a building, a unit) in the place cascader. */
  async pickPlace(...names: string[]) {
    await this.page.getByTestId('roster-filter-place').click();
    for (const [i, n] of names.entries()) {
      await this.page.locator(`.ant-cascader-dropdown:visible .ant-cascader-menu`).nth(i).getByTitle(n, { exact: true }).click();
    }
    await this.page.keyboard.press('Escape');
  }

  async setAgeMin(n: number) {
    await this.page.getByTestId('roster-filters').getByRole('spinbutton', { name: '最小年龄' }).fill(String(n));
  }

  async search() {
    const before = await this.page.getByTestId('roster-total').getAttribute('data-total');
    await this.page.getByTestId('roster-search').click();
    return before;
  }

  async expectTotal(n: number) {
    await expect(this.page.getByTestId('roster-total')).toHaveAttribute('data-total', String(n), { timeout: 15_000 });
    // A virtual table: only the rows in view exist (a dozen fit in its 520 px).
    if (n <= 12) await expect(this.table.locator('.ant-table-row')).toHaveCount(n);
  }

  /** The text of one column, top to bottom. */
  async column(title: string): Promise<string[]> {
    const headers = await this.table.locator('.ant-table-thead th').allInnerTexts();
    const index = headers.findIndex((h) => h.trim() === title);
    expect(index, `column ${title} in ${headers.join('|')}`).toBeGreaterThanOrEqual(0);
    return this.table.locator(`.ant-table-row > .ant-table-cell:nth-child(${index + 1})`).allInnerTexts();
  }

  async headers(): Promise<string[]> {
    return (await this.table.locator('.ant-table-thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
  }

  async sortBy(title: string) {
    await this.table.locator('.ant-table-thead th').filter({ hasText: title }).click();
  }

  async toggleColumn(key: string) {
    const chooser = this.page.getByTestId('roster-column-chooser');
    if (!(await chooser.isVisible())) await this.page.getByTestId('roster-columns').click();
    await chooser.getByTestId(`roster-column-${key}`).click();
  }

  row(name: string): Locator {
    return this.table.locator('.ant-table-row').filter({ hasText: name });
  }

  async select(...names: string[]) {
    for (const n of names) await this.row(n).locator('.ant-checkbox-input').check();
    await expect(this.page.getByTestId('roster-selected')).toHaveText(`已选 ${names.length} 人`);
  }

  /** 批量修改 → add household tags (titles read "楼 楼长": code, then name) → 确定. */
  async batchAddTags(tagTitles: string[]) {
    await this.page.getByTestId('roster-batch').click();
    const d = dialog(this.page, '批量修改所选');
    await pickTags(this.page, d.getByTestId('batch-add-tags'), tagTitles);
    await this.page.keyboard.press('Escape');
    await expect(d.getByTestId('batch-review-note')).toBeVisible();
    await d.getByTestId('batch-ok').click();
    await expect(d).toBeHidden({ timeout: 20_000 });
  }

  async exportWithPurpose(purpose: string): Promise<string> {
    await this.page.getByTestId('roster-export').click();
    const d = dialog(this.page, '导出当前筛选的名单');
    await d.getByTestId('roster-export-purpose').fill(purpose);
    const download = this.page.waitForEvent('download');
    await d.getByTestId('roster-export-ok').click();
    const file = await download;
    await expect(d).toBeHidden({ timeout: 20_000 });
    return file.suggestedFilename();
  }
}
