import { expect, type Page } from '@playwright/test';

/** Page objects for the screens before the shell. Labels are the zh-CN defaults. */
export class SetupPage {
  constructor(private readonly page: Page) {}
  async createArchive(v: { community: string; displayName: string; username: string; password: string }) {
    const p = this.page;
    await expect(p.getByText('首次使用：建立档案库')).toBeVisible({ timeout: 30_000 }); // first paint of a cold bundle on a busy PC
    await p.getByLabel('社区名称').fill(v.community);
    await p.getByLabel('管理员姓名').fill(v.displayName);
    await p.getByLabel('管理员用户名').fill(v.username);
    await p.getByLabel('密码', { exact: true }).fill(v.password);
    await p.getByLabel('再次输入密码').fill(v.password);
    await p.getByRole('button', { name: '建立档案库' }).click();
  }
  async acknowledgeRecoveryKey(): Promise<string> {
    const p = this.page;
    const key = (await p.getByTestId('recovery-key').innerText()).trim();
    await p.getByTestId('recovery-saved').click();
    await p.getByRole('button', { name: '进入档案室' }).click();
    return key;
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}
  async signIn(username: string, password: string) {
    await expect(this.page.getByText('登录档案室')).toBeVisible({ timeout: 20_000 }); // a cold bundle on a busy PC
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page
      .getByRole('button', { name: '登 录' })
      .or(this.page.getByRole('button', { name: '登录' }))
      .click();
  }
}

export class LockPage {
  constructor(private readonly page: Page) {}
  async expectLocked() {
    await expect(this.page.getByTestId('lock-intro')).toBeVisible({ timeout: 15_000 });
  }
  async unlock(password: string) {
    await this.page.getByLabel('密码').fill(password);
    await this.page
      .getByRole('button', { name: '解 锁' })
      .or(this.page.getByRole('button', { name: '解锁' }))
      .click();
  }
}

export class ShellPage {
  constructor(private readonly page: Page) {}
  async expectSignedInAs(displayName: string) {
    // First sign-in pays argon2id (64 MiB) and loads the shell's chunk: allow a busy machine its time.
    await expect(this.page.getByTestId('whoami')).toHaveText(displayName, { timeout: 30_000 });
  }
  async open(navLabel: string) {
    await this.page.getByTestId('side-nav').getByText(navLabel, { exact: true }).click();
    await expect(this.page.getByTestId('page-title')).toHaveText(navLabel);
  }
  async signOut() {
    await this.page.getByRole('button', { name: '退出登录' }).click();
  }
}

/** First run through the UI as 王主任 (admin `wang`), ending signed in on the shell. */
export async function firstRun(page: Page, password = 'Archive2026pw'): Promise<ShellPage> {
  const setup = new SetupPage(page);
  await setup.createArchive({ community: '幸福社区', displayName: '王主任', username: 'wang', password });
  await setup.acknowledgeRecoveryKey();
  const shell = new ShellPage(page);
  await shell.expectSignedInAs('王主任');
  return shell;
}
