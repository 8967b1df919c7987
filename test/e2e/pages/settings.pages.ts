import { expect, type Page } from '@playwright/test';

/** 设置 → 常规 (administrators). Labels are the zh-CN defaults. */
export class GeneralSettingsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('tab', { name: '常规', exact: true }).click();
    await expect(this.page.getByTestId('settings-time-zone')).toBeVisible();
  }
  zone() {
    return this.page.getByTestId('settings-time-zone');
  }
  /** Types into the zone Select's search and picks the matching option. */
  async chooseZone(name: string) {
    await this.zone().click();
    await this.page.keyboard.type(name);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    await expect(this.zone()).toContainText(name);
  }
  async save() {
    await this.page.getByRole('button', { name: /保\s*存/ }).click();
    await expect(this.page.getByText('已保存')).toBeVisible();
  }
}
