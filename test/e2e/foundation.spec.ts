import { expect, test } from '@playwright/test';
import { LockPage, SetupPage, ShellPage, SignInPage } from './pages/auth.pages';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('first run → sign-in → idle lock → unlock → wrong password', async ({ page }) => {
  await page.goto(host.url);
  const setup = new SetupPage(page);
  await setup.createArchive({ community: '幸福社区', displayName: '王主任', username: 'wang', password: 'Archive2026pw' });
  const key = await setup.acknowledgeRecoveryKey();
  expect(key).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);

  const shell = new ShellPage(page);
  await shell.expectSignedInAs('王主任');
  for (const label of ['档案', '住户', '借阅', '保管期限', '销毁', '打印', '审计', '设置']) {
    await expect(page.getByTestId('side-nav').getByText(label, { exact: true })).toBeVisible();
  }
  await shell.signOut();

  await new SignInPage(page).signIn('wang', 'Archive2026pw');
  await shell.expectSignedInAs('王主任');

  // Idle past the default 10 minutes on the host's clock: the Node side locks, the UI follows.
  await host.advanceClock(11 * 60_000);
  const lock = new LockPage(page);
  await lock.expectLocked();

  await lock.unlock('not-the-password1');
  await expect(page.getByTestId('signin-error')).toContainText('用户名或密码错误');
  await lock.expectLocked();

  await lock.unlock('Archive2026pw');
  await shell.expectSignedInAs('王主任');
  await shell.open('审计');
  await expect(page.getByTestId('audit-table')).toContainText('auth.locked');
  await expect(page.getByTestId('audit-table')).toContainText('auth.signIn.failed');
});

test('English switch and a refused foreign request', async ({ page, request }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('First run: create the archive')).toBeVisible();
  // Without the launch token the host refuses, whatever the channel.
  const r = await request.post(`${host.origin}/api/auth.status`, { data: {} });
  const body = await r.json();
  expect(body.ok).toBe(false);
  expect(body.error.code).toBe('BAD_SENDER');
});
