import { expect, type Locator, type Page } from '@playwright/test';

/** A paper record of a household, kept in a location (the fields records.create requires). */
export function paperRecord(title: string, householdId: string, locationId: string) {
  return {
    title,
    householdId,
    locationId,
    residentClass: 'registered',
    contentCategory: 'basic',
    carrier: 'paper',
    pages: 12,
    year: 2024,
    dateFrom: '2024-01-05',
    sensitivity: 'internal',
    retentionClass: 'Y',
  };
}

/** The 打印 page. Labels are the zh-CN defaults. */
export class PrintingPage {
  constructor(private readonly page: Page) {}
  tab(name: string) {
    return this.page.getByTestId('printing-tabs').getByRole('tab', { name, exact: true }).click();
  }
  async selectNode(name: string) {
    await this.page.getByTestId('print-structure').getByTestId('print-node').getByText(name, { exact: true }).click();
    await expect(this.page.getByTestId('covers-scope')).toContainText(name);
  }
  async startCovers() {
    await this.page.getByTestId('covers-start').click();
  }
  progress(): Locator {
    return this.page.getByTestId('covers-progress');
  }
  /** The preview's one line naming the items printed with 〓. */
  unprintableNotice(): Locator {
    return this.page.getByTestId('print-preview').getByTestId('print-unprintable');
  }
  async printBuildingCover(label: string) {
    await this.page.getByTestId('building-select').click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
    await this.page.getByTestId('building-print').click();
  }
  async setOffsetX(mm: string) {
    // antd puts the test id on the <input> itself or on its wrapper depending on version.
    const input = this.page.getByTestId('opt-offset-x').locator('xpath=descendant-or-self::input');
    await input.fill(mm);
    await input.blur();
  }
  /** The preview: its title, "共 N 页", and a blob: iframe (the PDF never touches the disk). */
  async expectPreview(title: string, pages: number) {
    const pane = this.page.getByTestId('print-preview');
    await expect(pane.getByTestId('print-preview-title')).toHaveText(title);
    await expect(pane.getByTestId('print-preview-pages')).toHaveText(`共 ${pages} 页`);
    await expect(pane.getByTestId('print-preview-frame')).toHaveAttribute('src', /^blob:/);
    await expect(pane.getByTestId('print-preview-print')).toBeEnabled();
  }
  /** 年度统计报表: the year, then the PDF into the preview or the XLSX as a download. */
  async annualReport(year: number, format: 'pdf' | 'xlsx') {
    await this.tab('年度统计报表');
    const input = this.page.getByTestId('annual-year').locator('xpath=descendant-or-self::input');
    await input.fill(String(year));
    await input.blur();
    await this.page.getByTestId(format === 'pdf' ? 'annual-pdf' : 'annual-xlsx').click();
  }
}
