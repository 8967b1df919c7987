import { expect, test } from '@playwright/test';
import { SetupPage, ShellPage } from './pages/auth.pages';
import { UsersSettingsPage } from './pages/settings.pages';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('disabling a user says what the re-key means, renews the key, and the trail still verifies', async ({ page }) => {
  await page.goto(host.url);
  await new SetupPage(page).createArchive({ community: '幸福社区', displayName: '王主任', username: 'wang', password: 'Archive2026pw' });
  await new SetupPage(page).acknowledgeRecoveryKey();
  const shell = new ShellPage(page);
  await shell.expectSignedInAs('王主任');

  await shell.open('设置');
  const users = new UsersSettingsPage(page);
  await users.open();
  await users.add({ username: 'lina', displayName: '李娜', password: 'Temp-pass-2026' });

  const warning = await users.disable('lina');
  // Before anything happens the keeper reads what the re-key does and what old backups still open.
  expect(warning).toContain('更换库密钥');
  expect(warning).toContain('此前的备份仍能由备份当时在册的用户');
  await expect(page.getByText('已更换库密钥')).toBeVisible();
  await expect(users.row('lina')).toContainText('停用');

  await shell.open('审计');
  await page.getByTestId('audit-verify-full').click();
  await expect(page.getByTestId('audit-verdict')).toContainText('审计链完整');
  await expect(page.getByTestId('audit-table')).toContainText('更换库密钥');
  // The quick check starts after the checkpoint the full one just signed.
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verdict')).toContainText('自上次签名确认的校验点起');
});
