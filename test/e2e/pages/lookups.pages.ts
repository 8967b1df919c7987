import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { RunningHost } from '../support/web-host';
import { ShellPage, SignInPage } from './auth.pages';

/** Page objects for authorised look-ups (查阅须经授权). Labels are the zh-CN defaults. */

/** A separate browser context (own sessionStorage → own client id → own session) signed in through the UI. */
export async function signedInContext(
  browser: Browser,
  host: RunningHost,
  username: string,
  password: string,
  displayName: string,
): Promise<{ context: BrowserContext; page: Page; shell: ShellPage }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host.url);
  await new SignInPage(page).signIn(username, password);
  const shell = new ShellPage(page);
  await shell.expectSignedInAs(displayName);
  return { context, page, shell };
}

export class LookupsPage {
  constructor(private readonly page: Page) {}

  /** 住户 → the household's residents → 详情 → 查阅事由 (reason from the list, plus text). */
  async openResidentDetails(room: string, residentName: string, reason: string, detail: string) {
    const p = this.page;
    await p.getByTestId('households-table').locator('.ant-table-row').filter({ hasText: room }).getByTestId('open-household').click();
    await expect(p.getByTestId('household-drawer')).toBeVisible();
    await p.getByTestId('residents-table').locator('.ant-table-row').filter({ hasText: residentName }).getByTestId('view-resident').click();
    await this.statePurpose(reason, detail);
  }

  /** 住户 → a household's drawer. */
  async openHousehold(room: string) {
    const p = this.page;
    await p.getByTestId('households-table').locator('.ant-table-row').filter({ hasText: room }).getByTestId('open-household').click();
    await expect(p.getByTestId('household-drawer')).toBeVisible();
  }

  /** In an open household drawer: 详情 of one member → 查阅事由. */
  async openMember(residentName: string, reason: string, detail: string) {
    await this.page.getByTestId('residents-table').locator('.ant-table-row').filter({ hasText: residentName }).getByTestId('view-resident').click();
    await this.statePurpose(reason, detail);
  }

  /** Types the purpose into the gate and sends the request. */
  async requestWithPurpose(purpose: string) {
    await this.gate().getByTestId('lookup-purpose').fill(purpose);
    await this.gate().getByTestId('lookup-request').click();
    await expect(this.gate().getByTestId('lookup-pending')).toBeVisible();
  }

  /** The 查阅事由 dialog: a reason from the list plus text. */
  async statePurpose(reason: string, detail: string) {
    const p = this.page;
    const d = p.getByRole('dialog').filter({ has: p.locator('.ant-modal-title', { hasText: '查阅事由' }) });
    await expect(d).toBeVisible();
    await d.getByTestId('purpose-reason').click();
    await p.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${reason}"]`).click();
    await d.getByLabel('具体说明').fill(detail);
    await d.getByTestId('purpose-ok').click();
    await expect(d).toBeHidden();
  }

  gate(): Locator {
    return this.page.getByTestId('lookup-gate');
  }

  detailBody(): Locator {
    return this.page.getByTestId('resident-detail-body');
  }

  async requestLookup(): Promise<string> {
    const purpose = await this.gate().getByTestId('lookup-purpose').inputValue();
    await this.gate().getByTestId('lookup-request').click();
    await expect(this.gate().getByTestId('lookup-pending')).toBeVisible();
    return purpose;
  }

  /** The gate polls while the request waits; once approved it offers to open. */
  async openWhenApproved() {
    await expect(this.gate().getByTestId('lookup-approved')).toBeVisible({ timeout: 20_000 });
    await this.gate().getByTestId('lookup-open').click();
  }

  // keepers
  async openApprovals() {
    await this.page.getByTestId('lookup-approvals-tab').click();
    await expect(this.page.getByTestId('lookup-approvals')).toBeVisible();
  }

  pendingRow(text: string): Locator {
    return this.page.getByTestId('lookup-pending-table').locator('.ant-table-row').filter({ hasText: text });
  }

  async approve(row: Locator, hours: number) {
    const input = row.getByRole('spinbutton');
    await input.fill(String(hours));
    await row.getByTestId('lookup-approve').click();
    await expect(row).toHaveCount(0);
  }

  // clerks
  async openMine() {
    await this.page.getByTestId('my-lookups-tab').click();
    await expect(this.page.getByTestId('my-lookups')).toBeVisible();
  }
}

export class AuditTrailPage {
  constructor(private readonly page: Page) {}
  async filterBySubject(subject: string) {
    await this.page.getByTestId('audit-filter-subject').fill(subject);
    await this.page.getByTestId('audit-search').click();
  }
  rows(): Locator {
    return this.page.getByTestId('audit-table').locator('.ant-table-row');
  }
}
