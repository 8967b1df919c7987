import { expect, type Locator, type Page } from '@playwright/test';

/** Page objects for life events (迁出, 迁入, 死亡注销, 分户 …) in 住户. Labels are the zh-CN defaults. */
export class LifeEventsPage {
  constructor(private readonly page: Page) {}

  form(): Locator {
    return this.page.getByRole('dialog').filter({ has: this.page.locator('form#life-event') });
  }

  /** An action of the open resident detail (迁出, 死亡注销 …) or household drawer (分户, 合户). */
  async start(kind: string, where: 'resident' | 'household') {
    const root = this.page.getByTestId(where === 'resident' ? 'resident-detail' : 'household-drawer');
    await root.getByTestId(`life-${kind}`).first().click();
    await expect(this.form()).toBeVisible();
  }

  /** Types the date as keepers write it (the picker reads 2025.6.1 as well as 2025-06-01). */
  async date(typed: string) {
    const input = this.form().getByLabel('事件日期');
    await input.click();
    await input.fill(typed);
    await input.press('Enter');
    await expect(this.page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  }

  async pickHousehold(text: string) {
    await this.form().getByTestId('life-household').click();
    await this.page.keyboard.type(text);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }

  /** 确定, then 确认登记 in the same dialog (the event goes into the trail); waits for the form to close. */
  async confirm() {
    // Enter in the date field may already have checked the form (Enter saves): confirm is then showing.
    const note = this.form().getByTestId('life-confirm');
    const ok = this.form().getByTestId('life-ok');
    await expect(async () => {
      if (!(await note.isVisible())) await ok.click();
      await expect(note).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
    await ok.click();
    // The server's answer first (the toast), then the form's closing animation, slow on a busy machine.
    await expect(this.page.locator('.ant-message-notice', { hasText: /已登记|已提交审核/ }).last()).toBeVisible({ timeout: 30_000 });
    await expect(this.form()).toBeHidden({ timeout: 60_000 });
  }

  timeline(where: 'resident' | 'household'): Locator {
    return this.page
      .getByTestId(where === 'resident' ? 'resident-detail' : 'household-drawer')
      .getByTestId('life-timeline')
      .first();
  }

  membersTable(): Locator {
    return this.page.getByTestId('household-drawer').getByTestId('residents-table');
  }

  async closeResident() {
    await this.page.getByTestId('resident-detail').locator('.ant-drawer-close').click();
    await expect(this.page.getByTestId('resident-detail')).toBeHidden();
  }

  async closeHousehold() {
    await this.page.getByTestId('household-drawer').locator('.ant-drawer-close').first().click();
    await expect(this.page.getByTestId('household-drawer')).toBeHidden();
  }
}
