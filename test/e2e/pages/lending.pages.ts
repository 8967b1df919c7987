import { expect, type Locator, type Page } from '@playwright/test';

/** Page objects for 借阅 (lending). Labels are the zh-CN defaults. */

/** An antd modal by its data-testid: the testid sits on the modal root, which has no box of its own. */
function modal(page: Page, testId: string): Locator {
  return page.getByTestId(testId).getByRole('dialog');
}

/** Picks an option in the open antd Select dropdown by its label. */
async function pickOption(page: Page, label: string) {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
}

export class CheckoutWizardPage {
  readonly root: Locator;
  constructor(private readonly page: Page) {
    this.root = modal(page, 'checkout-wizard');
  }
  async scan(archiveNo: string) {
    const input = this.root.getByTestId('checkout-scan').locator('input');
    await input.fill(archiveNo);
    await input.press('Enter');
  }
  scanNote(): Locator {
    return this.root.getByTestId('checkout-scan-note');
  }
  async next() {
    await this.root.getByTestId('checkout-next').click();
  }
  async external(v: { name: string; idNumber: string; organisation: string; letterNo: string; phone?: string; purpose: string }) {
    await this.root.getByTestId('borrower-kind').getByText('外单位人员').click();
    await this.root.getByLabel('姓名', { exact: true }).fill(v.name);
    await this.root.getByLabel('证件号码', { exact: true }).fill(v.idNumber);
    await this.root.getByLabel('所在单位', { exact: true }).fill(v.organisation);
    await this.root.getByLabel('介绍信编号', { exact: true }).fill(v.letterNo);
    if (v.phone) await this.root.getByLabel('联系电话', { exact: true }).fill(v.phone);
    await this.root.getByLabel('借阅事由', { exact: true }).fill(v.purpose);
  }
  /** Step 3 with 审批人确认: the approver will type their own password when the keeper submits. */
  async approve(v: { opinion: string; condition: string }) {
    await this.root.getByTestId('approval-mode').getByText('审批人本人确认', { exact: false }).click();
    await this.root.getByLabel('审批意见', { exact: true }).fill(v.opinion);
    await this.root.getByLabel('借出时档案状况', { exact: true }).fill(v.condition);
  }
  /** Step 3 with 纸质审批: the name on the signed slip and its scan (a file on disk). */
  async paperApproval(v: { approverName: string; scanFile: string; opinion: string }) {
    await this.root.getByTestId('approval-mode').getByText('纸质审批', { exact: false }).click();
    await this.root.getByLabel('审批人姓名（与纸质审批单签字一致）', { exact: true }).fill(v.approverName);
    await this.root.locator('input[type=file]').setInputFiles(v.scanFile);
    await expect(this.root.locator('.ant-upload-list')).toContainText(v.scanFile.split('/').pop()!);
    await this.root.getByLabel('审批意见', { exact: true }).fill(v.opinion);
  }
  dueDate(): Locator {
    return this.root.getByTestId('due-date');
  }
  async confirmPagesAndSubmit() {
    await this.root.getByTestId('pages-confirmed').check();
    await this.root.getByTestId('checkout-submit').click();
  }
  /** The small box the approver types into at the keeper's desk. */
  approverConfirm(): Locator {
    return modal(this.page, 'approver-confirm');
  }
  async approverConfirms(username: string, password: string) {
    const box = this.approverConfirm();
    await expect(box).toBeVisible();
    await box.getByTestId('approver-username').fill(username);
    await box.getByTestId('approver-password').fill(password);
    await box.getByTestId('approver-confirm-ok').click();
  }
  async printSlip() {
    await this.root.getByTestId('print-slip').click();
  }
  async close() {
    await this.root.getByTestId('checkout-close').click();
    await expect(this.root).toBeHidden();
  }
}

export class LendingPage {
  constructor(private readonly page: Page) {}

  async tab(name: '借出中' | '逾期' | '即将到期' | '全部/历史' | '统计') {
    await this.page.getByTestId('lending-tabs').getByRole('tab', { name, exact: true }).click();
  }
  async newLoan(): Promise<CheckoutWizardPage> {
    await this.page.getByTestId('new-loan').click();
    const w = new CheckoutWizardPage(this.page);
    await expect(w.root).toBeVisible();
    return w;
  }
  table(state: 'out' | 'overdue' | 'dueSoon' | 'all'): Locator {
    return this.page.getByTestId(`loans-${state}`);
  }
  row(state: 'out' | 'overdue' | 'dueSoon' | 'all', archiveNo: string): Locator {
    return this.table(state).locator('.ant-table-row').filter({ hasText: archiveNo });
  }

  /** The in-app PDF preview: an iframe of a blob: URL, with a print button. */
  pdfPreview(): Locator {
    return modal(this.page, 'pdf-preview');
  }
  async expectPdfShown() {
    const preview = this.pdfPreview();
    await expect(preview.getByTestId('pdf-frame')).toHaveAttribute('src', /^blob:/, { timeout: 15_000 });
    await expect(preview.getByTestId('pdf-print')).toBeEnabled();
  }
  async closePdf() {
    await this.pdfPreview().getByTestId('pdf-close').click();
    await expect(this.pdfPreview()).toBeHidden();
  }

  async recall(row: Locator, method: string, note: string) {
    await row.getByTestId('loan-recall').click();
    const d = modal(this.page, 'recall-dialog');
    await d.getByTestId('recall-method').click();
    await pickOption(this.page, method);
    await d.getByTestId('recall-note').fill(note);
    await d.getByTestId('recall-ok').click();
    await expect(d).toBeHidden();
  }

  returnDialog(): Locator {
    return modal(this.page, 'return-dialog');
  }
}
