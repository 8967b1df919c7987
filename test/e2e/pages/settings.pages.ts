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

/** 设置 → 用户管理 (administrators). */
export class UsersSettingsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('tab', { name: '用户管理', exact: true }).click();
    await expect(this.page.getByTestId('users-table')).toBeVisible();
  }
  row(username: string) {
    return this.page.getByTestId('users-table').locator('.ant-table-row').filter({ hasText: username });
  }
  async add(u: { username: string; displayName: string; password: string }) {
    await this.page.getByRole('button', { name: '添加用户' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(u.username);
    await dialog.getByLabel('姓名').fill(u.displayName);
    await dialog.getByLabel('临时密码').fill(u.password);
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(this.row(u.username)).toBeVisible();
  }
  /** Disables after reading the confirmation; returns the confirmation's text. */
  async disable(username: string): Promise<string> {
    await this.row(username)
      .getByRole('button', { name: /停\s*用/ })
      .click();
    const confirm = this.page.locator('.ant-modal-confirm');
    await expect(confirm).toBeVisible();
    const text = (await confirm.textContent()) ?? '';
    await confirm.getByRole('button', { name: /确\s*定|OK/ }).click();
    return text;
  }
}

/** 设置 → 档案分类 (administrators): the category tree and its 档号 patterns. */
export class CategoriesSettingsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('tab', { name: '档案分类', exact: true }).click();
    await expect(this.table()).toContainText('居民档案');
  }
  table() {
    return this.page.getByTestId('categories-table');
  }
  row(name: string) {
    return this.table().locator('.ant-table-row').filter({ hasText: name });
  }
  /** A top-level class; `pattern` is typed as is, so a bad one shows its message at the field. */
  async add(v: { nameZh: string; nameEn: string; code: string; pattern?: string }) {
    await this.page.getByTestId('add-category').click();
    const d = this.page.getByRole('dialog').filter({ has: this.page.locator('.ant-modal-title', { hasText: '新建分类' }) });
    await d.getByLabel('中文名称').fill(v.nameZh);
    await d.getByLabel('英文名称').fill(v.nameEn);
    await d.getByLabel('分类代码').fill(v.code);
    if (v.pattern) await d.getByLabel('档号规则').fill(v.pattern);
    await d.getByTestId('category-ok').click();
    return d;
  }
}
