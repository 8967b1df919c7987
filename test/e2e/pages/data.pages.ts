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
    await this.page
      .getByTestId('import-upload')
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await expect(this.page.getByTestId('import-file')).toContainText(name);
  }

  async dryRun(): Promise<Locator> {
    await this.page.getByTestId('import-dry-run').click();
    const report = this.page.getByTestId('import-report');
    // The dry run reads and checks the whole sheet on the server: seconds on a busy machine.
    await expect(report).toBeVisible({ timeout: 30_000 });
    return report;
  }

  issueRows(): Locator {
    return this.page.getByTestId('import-issue-table').locator('.ant-table-row');
  }

  /** The row of the mapping step for one unknown sheet value. */
  unknownValue(value: string): Locator {
    return this.page.locator(`[data-testid="unknown-value"][data-value="${value}"]`);
  }

  /** Picks what an unknown value means in its row's Select (not saved yet). */
  async mapValue(value: string, target: string) {
    await this.unknownValue(value).getByTestId('unknown-map').click();
    await this.page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${target}"]`).click();
  }

  /** Saves the chosen mappings; the dry run runs again and the value leaves the mapping step. */
  async saveMappings(...mapped: string[]) {
    await this.page.getByTestId('save-mappings').click();
    // Saving runs the whole dry run again on the Node side: seconds on a busy machine.
    for (const v of mapped) await expect(this.unknownValue(v)).toHaveCount(0, { timeout: 30_000 });
  }

  /** 新建标签 from the mapping step: the name arrives prefilled; returns the proposed code and colour. */
  async createTagFor(value: string, change: { code?: string } = {}): Promise<{ name: string; code: string }> {
    await this.unknownValue(value).getByTestId('unknown-create-tag').click();
    const name = this.page.getByTestId('create-tag-name');
    await expect(name).toHaveValue(value);
    const code = this.page.getByTestId('create-tag-code');
    await expect(code).not.toHaveValue('', { timeout: 15_000 });
    if (change.code) await code.fill(change.code);
    const chosen = { name: await name.inputValue(), code: await code.inputValue() };
    await this.page.getByTestId('create-tag-ok').click();
    await expect(this.page.getByTestId('create-tag-form')).toBeHidden({ timeout: 30_000 });
    await expect(this.unknownValue(value)).toHaveCount(0, { timeout: 30_000 });
    return chosen;
  }

  appliedMappings(): Locator {
    return this.page.getByTestId('applied-mapping');
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

  /** 从备份恢复: sends the file up, checks it with the password, waits for the result or the refusal. */
  async restore(file: string, password: string, expecting: 'result' | 'error'): Promise<Locator> {
    await this.page.getByTestId('restore-upload').locator('input[type=file]').setInputFiles(file);
    await this.page.getByTestId('restore-password').fill(password);
    await this.page.getByTestId('restore-start').click();
    const shown = this.page.getByTestId(`restore-${expecting}`);
    await expect(shown).toBeVisible({ timeout: 60_000 });
    return shown;
  }

  async saveSchedule(folder: string, frequency: '每天' | '每周'): Promise<void> {
    await this.page.getByTestId('schedule-folder').fill(folder);
    await this.page.getByTestId('schedule-frequency').click();
    await this.page.locator('.ant-select-item-option').filter({ hasText: frequency }).click();
    await this.page.getByTestId('schedule-save').click();
  }
}

/** A CSV in the template's own Chinese headers (UTF-8 with BOM, as Excel saves it). */
export function sheetCsv(rows: Partial<Record<ColumnKey, string>>[]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [COLUMNS.map((c) => c.zh).join(','), ...rows.map((r) => COLUMNS.map((c) => q(r[c.key] ?? '')).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
