import { expect, test, type Page } from '@playwright/test';
import { blankPdf } from './support/files';
import { LookupsPage, signedInContext } from './pages/lookups.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const PASSWORD = 'Archive2026pw';
const TEMP = 'Temporary2026';

async function archiveWithClerk(): Promise<ApiClient> {
  const admin = new ApiClient(host, 'e2e-kf-admin');
  await admin.call('auth.setup', { communityName: '幸福社区', username: 'wang', displayName: '王主任', password: PASSWORD });
  await admin.call('settings.update', { idleMinutes: 240 });
  await admin.call('users.create', { username: 'clerk1', displayName: '赵查阅', role: 'clerk', password: TEMP });
  await ApiClient.newUser(host, 'clerk1', TEMP, PASSWORD);
  return admin;
}

async function openRecord(page: Page, archiveNo: string) {
  const search = page.locator('input[data-testid="register-search"], [data-testid="register-search"] input').first();
  await search.fill(archiveNo);
  await search.press('Enter');
  await expect(page.getByTestId('record-drawer')).toBeVisible();
}

/** Item 6: the viewer shows watermarked page pictures only; a clerk's look is a view, not an export. */
test('attachment viewer: canvas pages with the watermark, no download or print, a view entry only', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await archiveWithClerk();
  const rec = await admin.call<{ id: string; archiveNo: string }>('records.create', {
    title: '户口簿扫描件',
    residentClass: 'registered',
    contentCategory: 'basic',
    pages: 2,
    year: 2026,
    sensitivity: 'internal',
    retentionClass: 'D10',
    carrier: 'electronic',
    locationId: null,
  });
  await admin.call('attachments.add', { recordId: rec.id, fileName: '户口簿.pdf', mime: 'application/pdf', dataBase64: blankPdf(2).toString('base64') });

  const { page, shell } = await signedInContext(browser, host, 'clerk1', PASSWORD, '赵查阅');
  await shell.open('档案');
  await openRecord(page, rec.archiveNo);
  const drawer = page.getByTestId('record-drawer');
  // A clerk has no export right: no export button beside the file.
  await expect(drawer.getByTestId('attachments-table')).not.toContainText('导出');
  await drawer.getByTestId('view-attachment').click();
  await new LookupsPage(page).statePurpose('上级检查', '核对户籍');

  const viewer = page.getByTestId('attachment-viewer');
  const pages = viewer.getByTestId('attachment-page');
  await expect(pages).toHaveCount(2);
  await expect(pages.nth(1)).toHaveAttribute('data-drawn', 'true');
  await expect(viewer.getByTestId('viewer-note')).toContainText('共 2 页');
  // No browser PDF frame (with its own download and print buttons), no link, no download or print control.
  await expect(viewer.locator('iframe, embed, object, a[download], a[href^="blob:"], a[href^="data:"]')).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /下载|打印|download|print/i })).toHaveCount(0);
  await expect(viewer.getByRole('link')).toHaveCount(0);
  // The watermark is burnt into the picture itself: reddish stamp pixels on a blank page.
  const stamped = await pages.first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let red = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] - d[i + 2] > 20) red++;
    return red;
  });
  expect(stamped).toBeGreaterThan(100);
  // Right-click (save image), Ctrl+P and Ctrl+S are swallowed while the viewer is open.
  const refused = await pages.first().evaluate((c: HTMLCanvasElement) => {
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    c.dispatchEvent(menu);
    const keys = ['p', 's'].map((key) => {
      const e = new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
    return [menu.defaultPrevented, ...keys];
  });
  expect(refused).toEqual([true, true, true]);
  // Printing the window (the browser's own menu) leaves the viewer out.
  const box = page.locator('.ant-modal.attachment-viewer');
  await expect(box).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(box).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(box).toBeVisible();

  // The audit holds the clerk's view and no export.
  const mine = await admin.call<{ action: string; subject: string }[]>('audit.list', { actor: 'clerk1', action: 'attachment.', limit: 50 });
  expect(mine.map((e) => e.action)).toEqual(['attachment.view']);
  expect(mine[0].subject).toBe(`record:${rec.id}`);
});
