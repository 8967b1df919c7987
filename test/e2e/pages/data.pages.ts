import { expect, type Locator, type Page } from '@playwright/test';
import { COLUMNS, type ColumnKey } from '../../../electron/import/columns';

/** The 数据 page (import, export, backup). Labels are the zh-CN defaults. */
export class DataPage {
  constructor(private readonly page: Page) {}

  tab(name: '导入' | '导出' | '备份') {
    return this.page.getByTestId('data-tabs').getByRole('tab', { name, exact: true }).click();
  }

  /** Chooses a file through the Upload's hidden input, as a file picker would. */
  async chooseFile(name: string, text: string) {
    await this.page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await expect(this.page.getByTestId('import-file')).toContainText(name);
  }

  async dryRun(): Promise<Locator> {
    await this.page.getByTestId('import-dry-run').click();
    const report = this.page.getByTestId('import-report');
    await expect(report).toBeVisible();
    return report;
  }

  issueRows(): Locator {
    return this.page.getByTestId('import-issue-table').locator('.ant-table-row');
  }

  count(area: 'dry-counts' | 'final-counts', key: string): Locator {
    return this.page.getByTestId(`${area}-${key}`);
  }

  async backup(path: string): Promise<Locator> {
    await this.page.getByTestId('backup-path').fill(path);
    await this.page.getByTestId('backup-create').click();
    const report = this.page.getByTestId('backup-report');
    await expect(report).toBeVisible({ timeout: 30_000 });
    return report;
  }
}

/** A CSV in the template's own Chinese headers (UTF-8 with BOM, as Excel saves it). */
export function sheetCsv(rows: Partial<Record<ColumnKey, string>>[]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [COLUMNS.map((c) => c.zh).join(','), ...rows.map((r) => COLUMNS.map((c) => q(r[c.key] ?? '')).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
