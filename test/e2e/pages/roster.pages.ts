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
    // Closed by a click beside it: a place with nothing under it closes the menu itself, and an Esc
    // pressed then goes to antd's global Esc stack, where a dialog closed a moment ago may still be.
    const menu = this.page.locator('.ant-cascader-dropdown:visible');
    if (await menu.count()) await this.page.getByTestId('page-title').click();
    await expect(menu).toHaveCount(0);
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

  /** 批量修改 → 移至网格 → 确定: stops on the review step (what really moves) and returns the dialog. */
  async batchMoveToGrid(grid: string): Promise<Locator> {
    await this.page.getByTestId('roster-batch').click();
    const d = dialog(this.page, '批量修改所选');
    await d.getByTestId('batch-grid').click();
    await this.page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${grid}"]`).click();
    await d.getByTestId('batch-ok').click();
    await expect(d.getByTestId('batch-review')).toBeVisible({ timeout: 20_000 });
    return d;
  }

  /** 确认 on the review step. */
  async confirmBatch() {
    const d = dialog(this.page, '批量修改所选');
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
