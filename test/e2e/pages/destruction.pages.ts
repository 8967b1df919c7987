import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningHost } from '../support/web-host';
import { ApiClient } from '../support/api-client';

/** A modal by its title (antd renders modals as role=dialog with a .ant-modal-title). */
function modal(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

/** Creates a user with a temporary password and has that user change it (as the app requires). */
export async function createUser(host: RunningHost, admin: ApiClient, u: { username: string; displayName: string; role: string; password: string }) {
  const temp = 'Temporary2026pw';
  await admin.call('users.create', { username: u.username, displayName: u.displayName, role: u.role, password: temp });
  const own = new ApiClient(host, `e2e-${u.username}`);
  await own.signIn(u.username, temp);
  await own.call('auth.changePassword', { currentPassword: temp, newPassword: u.password });
  return own;
}

/** A storage location and paper records of a given year and class (year 2010 + D10 = long overdue). */
export async function createRecords(admin: ApiClient, titles: string[], v: { year: number; retentionClass: string; householdId?: string }) {
  const loc =
    (await admin.call<{ id: string }[]>('locations.list'))[0] ??
    (await admin.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '02', shelf: '3', box: '010' }));
  const out: { id: string; archiveNo: string }[] = [];
  for (const title of titles) {
    out.push(
      await admin.call('records.create', {
        title,
        residentClass: 'registered',
        contentCategory: 'living',
        carrier: 'paper',
        pages: 7,
        year: v.year,
        sensitivity: 'internal',
        retentionClass: v.retentionClass,
        locationId: loc.id,
        householdId: v.householdId ?? null,
      }),
    );
  }
  return out;
}

/** A record with a paper original and a scanned copy (an encrypted attachment). */
export async function createScannedRecord(admin: ApiClient, title: string, v: { year: number; retentionClass: string }) {
  const loc = (await admin.call<{ id: string }[]>('locations.list'))[0];
  const r = await admin.call<{ id: string; archiveNo: string }>('records.create', {
    title,
    residentClass: 'registered',
    contentCategory: 'living',
    carrier: 'both',
    pages: 7,
    year: v.year,
    sensitivity: 'internal',
    retentionClass: v.retentionClass,
    locationId: loc.id,
  });
  await admin.call('attachments.add', {
    recordId: r.id,
    fileName: `${title}.pdf`,
    mime: 'application/pdf',
    dataBase64: Buffer.from(`%PDF-1.4\n% ${title}\n%%EOF\n`).toString('base64'),
  });
  return r;
}

/** Opens a record's drawer the way a barcode scanner does: its 档号 typed into the search box, then Enter. */
export async function openRecordByArchiveNo(page: Page, archiveNo: string): Promise<Locator> {
  const box = page.locator('input[data-testid="register-search"], [data-testid="register-search"] input').first();
  await box.fill(archiveNo);
  await box.press('Enter');
  const drawer = page.getByTestId('record-drawer');
  await expect(drawer.getByTestId('record-drawer-no')).toHaveText(archiveNo);
  return drawer;
}

/** Closes the topmost PDF preview, then (optionally) the drawer under it, waiting for each to go. */
export async function closePreview(page: Page) {
  const m = page.getByRole('dialog').filter({ has: page.locator('iframe') });
  await m.locator('.ant-modal-close').click();
  await expect(page.locator('iframe')).toHaveCount(0);
}
export async function closeDrawer(page: Page) {
  // A message shown over the drawer's close button stays while the pointer rests on it (antd pauses
  // its timer on hover), and the pointer rests where the last click was: move it off, let it go.
  await page.mouse.move(1, 1);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await page.locator('.ant-drawer-close').click();
  await expect(page.locator('.ant-drawer-content')).toBeHidden();
}

/** 保管期限 page: the due list and appraisal batches. */
export class RetentionPageObject {
  constructor(private readonly page: Page) {}
  dueRow(title: string) {
    return this.page.getByTestId('due-table').locator('.ant-table-row', { hasText: title });
  }
  async createBatch(titles: string[], v: { purpose: string; scope: string; members: string[] }) {
    for (const title of titles) await this.dueRow(title).locator('.ant-checkbox-input').check();
    await this.page.getByTestId('create-batch').click();
    const m = modal(this.page, '发起鉴定批次');
    await m.getByTestId('batch-purpose').fill(v.purpose);
    await m.getByTestId('batch-scope').fill(v.scope);
    const members = m.getByTestId('batch-members').locator('input');
    for (const name of v.members) {
      await members.fill(name);
      await members.press('Enter');
    }
    await m.getByTestId('batch-ok').click();
    await expect(m).toBeHidden();
    await expect(this.page.getByTestId('batch-detail')).toBeVisible();
  }
  item(archiveNoOrTitle: string) {
    return this.page.getByTestId('batch-items').locator('.ant-table-row', { hasText: archiveNoOrTitle });
  }
  async decide(title: string, decision: string, reason: string) {
    await this.item(title).getByTestId('item-decide').click();
    const m = modal(this.page, '鉴定：');
    // The dialog's form resets as it opens: a choice made during that moment is undone, so choose
    // until it stays chosen.
    const choice = m.getByLabel(decision, { exact: true });
    await expect(async () => {
      await choice.check({ timeout: 2_000 });
      await expect(choice).toBeChecked({ timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await m.getByTestId('decide-reason').fill(reason);
    await m.getByTestId('decide-ok').click();
    await expect(m).toBeHidden();
    await expect(this.item(title).getByTestId('item-decision')).toHaveText(decision);
  }
  async openBatch(batchText: string) {
    await this.page.getByRole('tab', { name: '鉴定批次' }).click();
    await this.page.getByTestId('batches-table').locator('.ant-table-row', { hasText: batchText }).getByTestId('batch-open').click();
    await expect(this.page.getByTestId('batch-detail')).toBeVisible();
  }
  /** Puts a hold on a record from the due list (冻结), with a reason. */
  async hold(title: string, reason: string) {
    await this.dueRow(title).getByTestId('row-hold').click();
    const m = modal(this.page, '冻结 / 解除冻结');
    await m.getByTestId('hold-reason').fill(reason);
    await m.getByTestId('hold-add').click();
    await expect(m.getByTestId('holds-table')).toContainText(reason);
    await m.locator('.ant-modal-close').click();
    await expect(m).toBeHidden();
  }
  async review(title: string, reviewer: string) {
    await this.item(title).getByTestId('item-review').click();
    await expect(this.item(title).getByTestId('item-reviewer')).toHaveText(reviewer);
  }
  async close() {
    await this.page.getByTestId('batch-close').click();
    await expect(this.page.getByTestId('batch-detail')).toHaveAttribute('data-status', 'closed');
  }
}

/** 销毁 page: registers, approval, supervisors, execution, certificate and its check. */
export class DestructionPageObject {
  constructor(private readonly page: Page) {}
  get detail() {
    return this.page.getByTestId('register-detail');
  }
  async proposeFromAppraisal(batchNo: string) {
    await this.page.getByTestId('destruction-propose').click();
    const m = modal(this.page, '拟制销毁清册');
    await m.getByTestId('propose-batch').click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: batchNo }).click();
    await expect(m.getByTestId('propose-items').locator('.ant-table-row')).toHaveCount(3);
    await m.getByTestId('propose-ok').click();
    await expect(m).toBeHidden();
    await expect(this.detail.getByTestId('register-status')).toHaveAttribute('data-status', 'proposed');
  }
  /** Draws up a register from records picked off the due list. */
  async proposeFromRecords(titles: string[]) {
    await this.page.getByTestId('destruction-propose').click();
    const m = modal(this.page, '拟制销毁清册');
    await m.locator('.ant-radio-button-wrapper', { hasText: '选择档案' }).click();
    for (const title of titles) await m.getByTestId('propose-records').locator('.ant-table-row', { hasText: title }).locator('.ant-checkbox-input').check();
    await m.getByTestId('propose-ok').click();
    await expect(m).toBeHidden();
    await expect(this.detail.getByTestId('register-status')).toHaveAttribute('data-status', 'proposed');
  }
  /** Tries to execute; the refusal stays in the dialog. Returns its text, then cancels the dialog. */
  async executeRefused(place: string): Promise<string> {
    await this.detail.getByTestId('register-execute').click();
    const m = modal(this.page, '执行销毁');
    await m.getByTestId('execute-place').fill(place);
    await m.getByTestId('execute-ok').click();
    const error = m.getByTestId('execute-error');
    await expect(error).toBeVisible({ timeout: 30_000 });
    const text = await error.innerText();
    await m.getByRole('button', { name: /取\s*消/ }).click();
    await expect(m).toBeHidden();
    return text;
  }
  /** 重新提交: the register goes back for approval as it now stands. */
  async repropose() {
    const ok = this.page.getByTestId('repropose-ok');
    // The Popconfirm opens with an animation; a click during it was lost once in CI. Open it
    // until its OK button is steady, click, and wait for the confirm to close.
    await expect(async () => {
      if (!(await ok.isVisible())) await this.detail.getByTestId('register-repropose').click();
      await expect(ok).toBeVisible({ timeout: 2_000 });
      await ok.click({ timeout: 2_000 });
      await expect(ok).toBeHidden({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    // A refusal from the archive is shown above the detail: fail with its words, not a status mismatch.
    const refusal = this.page.locator('.ant-drawer').getByTestId('register-error');
    await expect(this.detail.getByTestId('register-status'))
      .toHaveAttribute('data-status', 'proposed', { timeout: 15_000 })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\nregister-error shown: ${JSON.stringify(await refusal.allInnerTexts())}`);
      });
  }
  async openRegister(registerNo: string) {
    await this.page.getByRole('button', { name: /刷\s*新/ }).click();
    await this.page.getByTestId('registers-table').locator('.ant-table-row', { hasText: registerNo }).getByTestId('register-open').click();
    await expect(this.detail).toBeVisible();
  }
  async registerNo(): Promise<string> {
    const title = await this.page.locator('.ant-drawer-title').innerText();
    return /XH-\d{4}-\d{3}/.exec(title)![0];
  }
  async approve(opinion: string) {
    await this.detail.getByTestId('register-approve').click();
    const m = modal(this.page, '审批销毁清册');
    await m.getByTestId('opinion-text').fill(opinion);
    await m.getByTestId('opinion-ok').click();
    // Approval freezes the register (snapshot and its SHA-256) before the dialog closes.
    await expect(m).toBeHidden({ timeout: 30_000 });
    await expect(this.detail.getByTestId('register-status')).toHaveAttribute('data-status', 'approved');
  }
  /** True while a refused confirmation leaves the supervisor dialog open for another try. */
  private supervisorDialogOpen = false;
  private async typeSupervisor(username: string, password: string): Promise<Locator> {
    const m = modal(this.page, '监销人确认身份');
    if (!this.supervisorDialogOpen) {
      // A previous confirmation's dialog may still be fading out; open a fresh one only after it has gone.
      await expect(m).toBeHidden();
      await this.detail.getByTestId('register-supervisor').click();
    }
    await m.getByTestId('supervisor-username').fill(username);
    await m.getByTestId('supervisor-password').fill(password);
    await m.getByTestId('supervisor-ok').click();
    return m;
  }
  /** A confirmation the app refuses: the dialog stays open with its message, ready for another try. */
  async supervisorRefused(username: string, password: string): Promise<Locator> {
    const m = await this.typeSupervisor(username, password);
    await expect(m.getByTestId('supervisor-error')).toBeVisible({ timeout: 30_000 });
    this.supervisorDialogOpen = true;
    return m;
  }
  /** A confirmation the app accepts: the dialog closes. */
  async supervisorConfirms(username: string, password: string): Promise<void> {
    const m = await this.typeSupervisor(username, password);
    this.supervisorDialogOpen = false;
    // The server checks the password (argon2id) and signs the confirmation before the dialog closes.
    await expect(m).toBeHidden({ timeout: 30_000 });
  }
  async execute(place: string) {
    await this.detail.getByTestId('register-execute').click();
    const m = modal(this.page, '执行销毁');
    await m.getByTestId('execute-place').fill(place);
    await m.getByTestId('execute-ok').click();
    await expect(m).toBeHidden({ timeout: 30_000 });
    await expect(this.detail.getByTestId('register-status')).toHaveAttribute('data-status', 'executed');
  }
  async openCertificate() {
    await this.detail.getByTestId('certificate-pdf').click();
    await expect(this.page.getByTestId('pdf-preview-frame')).toBeVisible({ timeout: 30_000 });
  }
  async checkCertificate(sha: string) {
    await this.page.getByRole('tab', { name: '核对销毁证明' }).click();
    await this.page.getByTestId('certificate-sha').fill(sha);
    await this.page.getByTestId('certificate-check').click();
    return this.page.getByTestId('certificate-verdict');
  }
}
