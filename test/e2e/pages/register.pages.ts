import { expect, type Locator, type Page } from '@playwright/test';

/** Page objects for the register screens (住户, 档案). Labels are the zh-CN defaults. */

/** The open antd modal with this title. */
export function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

/**
 * Household tags in a TagSelect, typed as a keeper would: the name filters the list to one option
 * and Enter picks it (a title reads "楼 楼长": code, then name). Clicks on an option while the
 * dropdown animated were lost, or undid a pick whose chip was not drawn yet.
 */
export async function pickTags(page: Page, select: Locator, tagTitles: string[]) {
  const input = select.getByRole('combobox');
  for (const t of tagTitles) {
    const chosen = select.locator(`[data-testid="tag-chip"][data-code="${t.split(' ')[0]}"]`);
    await expect(async () => {
      if ((await chosen.count()) === 0) {
        await input.fill(t.split(' ')[1]);
        await expect(page.locator(`.ant-select-dropdown:visible .ant-select-item-option-active[title="${t}"]`)).toHaveCount(1, { timeout: 3000 });
        await input.press('Enter');
      }
      await expect(chosen).toHaveCount(1, { timeout: 1500 });
    }).toPass({ timeout: 15_000 });
  }
}

export class ResidentsPage {
  constructor(private readonly page: Page) {}

  async addGrid(name: string, code: string) {
    await this.page.getByTestId('add-grid').click();
    await this.fillStructure('添加网格', name, code, '网格名称');
  }
  async addBuilding(gridName: string, name: string, code: string) {
    await this.treeNode(gridName).getByTestId('add-building').click();
    await this.fillStructure('添加楼栋', name, code, '楼栋名称');
  }
  async addUnit(buildingName: string, name: string, code: string) {
    await this.treeNode(buildingName).getByTestId('add-unit').click();
    await this.fillStructure('添加单元', name, code, '单元名称');
  }
  private treeNode(name: string): Locator {
    return this.page.getByTestId('structure-tree').locator('.ant-tree-treenode').filter({ hasText: name }).first();
  }
  private async fillStructure(title: string, name: string, code: string, nameLabel: string) {
    const d = dialog(this.page, title);
    await d.getByLabel(nameLabel).fill(name);
    await d.getByLabel('编号').fill(code);
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect(d).toBeHidden();
    await expect(this.page.getByTestId('structure-tree')).toContainText(name);
  }

  async addHousehold(room: string, tagTitles: string[]) {
    await this.page.getByTestId('add-household').click();
    const d = dialog(this.page, '添加住户');
    await d.getByLabel('房号').fill(room);
    await pickTags(this.page, d.getByTestId('household-tags'), tagTitles);
    await this.page.keyboard.press('Escape');
    await d.getByTestId('household-ok').click();
    await expect(d).toBeHidden();
  }

  householdRow(room: string): Locator {
    return this.page.getByTestId('households-table').locator('.ant-table-row').filter({ hasText: room });
  }

  async openHousehold(room: string) {
    await this.householdRow(room).getByTestId('open-household').click();
    await expect(this.page.getByTestId('household-drawer')).toBeVisible();
  }

  async openResidentForm(): Promise<Locator> {
    await this.page.getByTestId('add-resident').click();
    const d = dialog(this.page, '添加居民');
    await expect(d).toBeVisible();
    return d;
  }

  async fillResident(d: Locator, v: { name: string; citizenId: string; phone?: string; relation?: string }) {
    await d.getByLabel('姓名').fill(v.name);
    await d.getByLabel('公民身份号码').fill(v.citizenId);
    if (v.phone) await d.getByLabel('联系电话').fill(v.phone);
    if (v.relation) await d.getByLabel('与户主关系').fill(v.relation);
    await d.getByTestId('resident-ok').click();
  }

  /** The error shown under a field of the given form. */
  fieldError(d: Locator, label: string): Locator {
    return d
      .locator('.ant-form-item')
      .filter({ has: this.page.locator('label', { hasText: label }) })
      .locator('.ant-form-item-explain-error');
  }
}

export class RecordsPage {
  constructor(private readonly page: Page) {}

  get search(): Locator {
    return this.page.locator('input[data-testid="register-search"], [data-testid="register-search"] input').first();
  }

  /** Fills the new-record form (adding a location on the way); returns the proposed 档号. */
  async addRecord(v: {
    title: string;
    residentQuery: string;
    residentName: string;
    location: { room: string; cabinet: string; shelf: string; box: string };
  }): Promise<string> {
    const p = this.page;
    await p.getByTestId('add-record').click();
    const d = dialog(p, '新建档案');
    await expect(d).toBeVisible();
    const proposedText = d.locator('.ant-form-item-extra', { hasText: '留空将使用' });
    await expect(proposedText).toBeVisible();
    const proposed = (await proposedText.innerText()).replace(/^.*：/, '').trim();
    await d.getByLabel('题名').fill(v.title);
    await d.getByTestId('record-resident').click();
    await p.keyboard.type(v.residentQuery);
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: v.residentName }).first().click();
    await d.getByTestId('add-location').click();
    const loc = dialog(p, '添加位置');
    await loc.getByLabel('库房').fill(v.location.room);
    await loc.getByLabel('柜号').fill(v.location.cabinet);
    await loc.getByLabel('层/架').fill(v.location.shelf);
    await loc.getByLabel('盒号').fill(v.location.box);
    await loc.getByTestId('location-ok').click();
    await expect(loc).toBeHidden();
    await d.getByTestId('record-ok').click();
    await expect(d).toBeHidden();
    return proposed;
  }

  /** Picks an option of a plain Select by its text. */
  async chooseOption(select: Locator, text: string) {
    await select.click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
    await expect(select).toContainText(text);
  }

  /** Picks a category in a category TreeSelect (record form or filter) by its name. */
  async chooseCategory(select: Locator, name: string) {
    await select.click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name }).first().click();
    await expect(select).toContainText(name);
  }

  drawer(): Locator {
    return this.page.getByTestId('record-drawer');
  }

  async upload(name: string, buffer: Buffer, mimeType = 'application/pdf') {
    await this.drawer().getByTestId('attachments').locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
    await expect(this.drawer().getByTestId('attachments-table')).toContainText(name);
  }

  async closeDrawer() {
    await this.drawer().locator('.ant-drawer-close').click();
    await expect(this.drawer()).toBeHidden();
  }
}
