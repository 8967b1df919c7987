import { expect as baseExpect, test, type Page } from '@playwright/test';
import { blankPdf, encryptedPdf, inkedPdf } from './support/files';
import { LookupsPage, signedInContext } from './pages/lookups.pages';
import { dialog, ResidentsPage } from './pages/register.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

// Saves go through SQLCipher and argon2-signed audit entries: allow a loaded CI machine its time.
const expect = baseExpect.configure({ timeout: 20_000 });

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

/**
 * Item 6: the viewer draws PDF pages itself (pdf.js in the page, no poppler anywhere) onto canvases
 * with the watermark burnt in; no download or print; at most 60 pages, drawn as they scroll near; an
 * encrypted file is refused in words; each opening by a clerk is one view entry, never an export.
 */
test('attachment viewer: pdf.js pages on canvas with the watermark, no download or print, a view entry only', async ({ browser }) => {
  test.setTimeout(300_000);
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
  const add = (fileName: string, pdf: Buffer) =>
    admin.call('attachments.add', { recordId: rec.id, fileName, mime: 'application/pdf', dataBase64: pdf.toString('base64') });
  await add('户口簿.pdf', inkedPdf());
  await add('长卷.pdf', blankPdf(65));
  await add('加密.pdf', await encryptedPdf());

  const { page, shell } = await signedInContext(browser, host, 'clerk1', PASSWORD, '赵查阅');
  await shell.open('档案');
  await openRecord(page, rec.archiveNo);
  const drawer = page.getByTestId('record-drawer');
  // A clerk has no export right: no export button beside the file.
  await expect(drawer.getByTestId('attachments-table')).not.toContainText('导出');
  const viewer = page.getByTestId('attachment-viewer');
  const open = async (fileName: string) => {
    await drawer.getByTestId('attachments-table').locator('tr', { hasText: fileName }).getByTestId('view-attachment').click();
    await new LookupsPage(page).statePurpose('上级检查', '核对户籍');
  };
  const close = async () => {
    await viewer.locator('.ant-modal-close').click();
    await expect(page.locator('.ant-modal.attachment-viewer')).toBeHidden();
  };

  await open('户口簿.pdf');
  const pages = viewer.getByTestId('attachment-page');
  await expect(pages).toHaveCount(2, { timeout: 30_000 });
  await expect(pages.nth(1)).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  await expect(viewer.getByTestId('viewer-note')).toContainText('共 2 页');
  // No browser PDF frame (with its own download and print buttons), no link, no download or print control.
  await expect(viewer.locator('iframe, embed, object, img, a[download], a[href^="blob:"], a[href^="data:"]')).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /下载|打印|download|print/i })).toHaveCount(0);
  await expect(viewer.getByRole('link')).toHaveCount(0);
  // pdf.js drew page 1's black bar (dark pixels in its top 30 %: 1.5 px per pt) and page 2's 中文 in a
  // font the PDF does not embed (only with the app's CMaps; without them the page stays blank), and
  // the stamp is burnt into the same pixels (reddish; the PDF has no red).
  // String expressions: this file is type-checked without the DOM library.
  const pixels = (n: number) =>
    page.evaluate<{ w: number; dark: number; darkBelow: number; red: number }>(`(() => {
      const c = document.querySelectorAll('[data-testid="attachment-page"]')[${n}];
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0, darkBelow = 0, red = 0;
      for (let i = 0; i < d.length; i += 4) {
        const y = Math.floor(i / 4 / c.width);
        if (d[i] < 60 && d[i + 1] < 60 && d[i + 2] < 60) y < c.height * 0.3 ? dark++ : darkBelow++;
        if (d[i] - d[i + 2] > 20) red++;
      }
      return { w: c.width, dark, darkBelow, red };
    })()`);
  const [bar, text] = [await pixels(0), await pixels(1)];
  expect(bar.w).toBe(300);
  expect(bar.dark).toBeGreaterThan(200 * 40); // the 240×60 px bar, less the stamp over it
  expect(bar.darkBelow).toBeLessThan(200);
  expect(bar.red).toBeGreaterThan(100);
  expect(text.dark + text.darkBelow).toBeGreaterThan(1500);
  expect(text.red).toBeGreaterThan(100);
  // The watermark names the viewer on the page.
  await expect(viewer.getByTestId('watermark')).toHaveAttribute('data-watermark', /赵查阅 \(clerk1\)/);
  // Right-click (save image), Ctrl+P and Ctrl+S are swallowed while the viewer is open.
  const refused = await page.evaluate<boolean[]>(`(() => {
    const c = document.querySelector('[data-testid="attachment-page"]');
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    c.dispatchEvent(menu);
    const keys = ['p', 's'].map((key) => {
      const e = new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
    return [menu.defaultPrevented, ...keys];
  })()`);
  expect(refused).toEqual([true, true, true]);
  // Printing the window (the browser's own menu) leaves the viewer out.
  const box = page.locator('.ant-modal.attachment-viewer');
  await expect(box).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(box).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(box).toBeVisible();
  await close();

  // 65 pages: the first 60 only, drawn as they come near the view, not all at once.
  await open('长卷.pdf');
  await expect(viewer.getByTestId('viewer-note')).toContainText('共 65 页，仅显示前 60 页');
  await expect(pages).toHaveCount(60);
  await expect(pages.first()).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  await expect(pages.nth(2)).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  // Time enough to draw all 60 blank pages had they been drawn at once: only those near the view are.
  await page.waitForTimeout(1_000);
  expect(await viewer.locator('[data-testid="attachment-page"][data-drawn="true"]').count()).toBeLessThan(10);
  await expect(pages.nth(59)).not.toHaveAttribute('data-drawn', 'true');
  await pages.nth(59).scrollIntoViewIfNeeded();
  await expect(pages.nth(59)).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  await close();

  // A file that needs a password: refused in words, nothing drawn.
  await open('加密.pdf');
  await expect(viewer.getByTestId('viewer-error')).toContainText('设有打开密码', { timeout: 30_000 });
  await expect(pages).toHaveCount(0);
  await close();

  // The audit holds the clerk's three views (one per opening) and no export.
  const mine = await admin.call<{ action: string; subject: string }[]>('audit.list', { actor: 'clerk1', action: 'attachment.', limit: 50 });
  expect(mine.map((e) => e.action)).toEqual(['attachment.view', 'attachment.view', 'attachment.view']);
  expect(mine.every((e) => e.subject === `record:${rec.id}`)).toBe(true);
});

const cid = (first17: string) => {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
};

/** Item 4: errors clear when fixed, typed dates as keepers write them plus a calendar, Esc asks, Enter saves, 保存并新增. */
test('resident and record forms: errors clear, dates typed or picked, Esc asks, Enter saves, 保存并新增', async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await archiveWithClerk();
  const g = await admin.call<{ id: string }>('structure.saveGrid', { name: '第一网格', code: 'G01' });
  const b = await admin.call<{ id: string }>('structure.saveBuilding', { gridId: g.id, name: '3号楼', code: 'B03' });
  const u = await admin.call<{ id: string }>('structure.saveUnit', { buildingId: b.id, name: '2单元', code: 'U2' });
  await admin.call('households.create', { unitId: u.id, room: '301', residenceType: 'own', tagIds: [] });
  await admin.call('locations.save', { room: '一号库房', cabinet: '03', shelf: '2', box: '015' });

  const { page, shell } = await signedInContext(browser, host, 'wang', PASSWORD, '王主任');
  await shell.open('住户');
  const residents = new ResidentsPage(page);
  await residents.openHousehold('301');
  let d = await residents.openResidentForm();

  // A wrong check digit is marked at the field; correcting the ID clears the mark before saving.
  const good = cid('11010519491231002');
  await d.getByLabel('姓名').fill('张卫国');
  await d.getByLabel('公民身份号码').fill(good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
  await d.getByTestId('resident-ok').click();
  await expect(residents.fieldError(d, '公民身份号码')).toContainText('校验位');
  await d.getByLabel('公民身份号码').fill(good);
  await expect(residents.fieldError(d, '公民身份号码')).toHaveCount(0);

  // Dates as keepers type them are tidied on leaving the field; the calendar picks one too.
  const moveIn = d.getByTestId('resident-moveInDate');
  await moveIn.fill('2008.5.1');
  await moveIn.blur();
  await expect(moveIn).toHaveValue('2008-05-01');
  await d.getByTestId('resident-moveInDate-pick').click();
  const cal = page.getByTestId('resident-moveInDate-calendar');
  await cal.locator('td.ant-picker-cell-in-view').filter({ hasText: /^15$/ }).click();
  await expect(moveIn).toHaveValue('2008-05-15');
  await expect(cal).toBeHidden();

  // Esc on a changed form asks; 继续编辑 keeps what was typed.
  await d.getByLabel('姓名').focus();
  await page.keyboard.press('Escape');
  const ask = dialog(page, '放弃未保存的修改？');
  await expect(ask).toBeVisible();
  await ask.getByTestId('keep-editing').click();
  await expect(ask).toBeHidden();
  await expect(d.getByLabel('姓名')).toHaveValue('张卫国');

  // The line to the service drops (#18 item 5): the save says so, a banner stays up until the
  // service answers again, and the form keeps what was typed; once back, the same form saves.
  await page.context().setOffline(true);
  await d.getByTestId('resident-ok').click();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(d).toContainText('暂时连不上档案室服务器');
  await expect(d.getByLabel('姓名')).toHaveValue('张卫国');
  await expect(moveIn).toHaveValue('2008-05-15');
  await page.context().setOffline(false);
  await expect(page.getByTestId('offline-banner')).toBeHidden();

  // 保存并新增: saved, the form stays open and empty for the next person.
  await d.getByTestId('resident-save-new').click();
  await expect(page.getByTestId('residents-table')).toContainText('张卫国');
  await expect(d).toBeVisible();
  await expect(d.getByLabel('姓名')).toHaveValue('');
  await expect(d.getByTestId('resident-moveInDate')).toHaveValue('');
  // Enter in a text field saves and closes.
  await d.getByLabel('姓名').fill('张小红');
  await d.getByLabel('姓名').press('Enter');
  await expect(d).toBeHidden();
  await expect(page.getByTestId('residents-table')).toContainText('张小红');
  // An untouched form closes on Esc without asking.
  d = await residents.openResidentForm();
  await d.getByLabel('姓名').focus();
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await expect(ask).toHaveCount(0);
  // Esc on a changed form, then 放弃修改: closed, nothing saved.
  d = await residents.openResidentForm();
  await d.getByLabel('姓名').fill('不该保存');
  await d.getByLabel('姓名').press('Escape');
  await ask.getByTestId('discard-ok').click();
  await expect(d).toBeHidden();
  await expect(page.getByTestId('residents-table')).not.toContainText('不该保存');

  // The record form: 保存并新增 keeps the batch's place and term, Enter saves the last one.
  await page.getByTestId('household-drawer').locator('.ant-drawer-close').click();
  await shell.open('档案');
  await page.getByTestId('add-record').click();
  const rf = dialog(page, '新建档案');
  await rf.getByLabel('题名').fill('2024年度走访记录');
  await rf.getByTestId('record-location').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '一号库房' }).first().click();
  await rf.getByTestId('record-dateFrom').fill('2024/3/1');
  await rf.getByTestId('record-save-new').click();
  await expect(page.getByTestId('records-table')).toContainText('2024年度走访记录');
  await expect(rf).toBeVisible();
  await expect(rf.getByLabel('题名')).toHaveValue('');
  await expect(rf.getByTestId('record-location')).toContainText('一号库房');
  await rf.getByLabel('题名').fill('2025年度走访记录');
  await rf.getByLabel('题名').press('Enter');
  await expect(rf).toBeHidden();
  await expect(page.getByTestId('records-table')).toContainText('2025年度走访记录');
  const recs = await admin.call<{ rows: { title: string; dateFrom: string | null }[] }>('records.list', { limit: 10 });
  expect(recs.rows.find((r) => r.title === '2024年度走访记录')?.dateFrom).toBe('2024-03-01');
});

/** Item 7: a welfare tag is discreet; making it public asks first. */
test('settings → tags: 低保户 is discreet; making it public warns, and 保持不公开 keeps it so', async ({ browser }) => {
  test.setTimeout(300_000);
  await archiveWithClerk();
  const { page, shell } = await signedInContext(browser, host, 'wang', PASSWORD, '王主任');
  await shell.open('设置');
  await page.getByRole('tab', { name: '标签' }).click();
  const row = page.getByTestId('tags-table').locator('.ant-table-row').filter({ hasText: '低保户' });
  await expect(row).toContainText('不公开');
  await row.getByRole('button', { name: /修\s*改/ }).click();
  const d = dialog(page, '修改标签');
  await d.getByTestId('tag-discreet').click();
  await d.getByRole('button', { name: /确\s*定/ }).click();
  const warn = dialog(page, '确定公开标签“低保户”？');
  await expect(warn).toContainText('敏感个人信息');
  await warn.getByRole('button', { name: '保持不公开' }).click();
  await expect(warn).toBeHidden();
  await d.getByRole('button', { name: /取\s*消/ }).click();
  await expect(row).toContainText('不公开');
  // Confirmed: public, and the audit says so.
  await row.getByRole('button', { name: /修\s*改/ }).click();
  await d.getByTestId('tag-discreet').click();
  await d.getByRole('button', { name: /确\s*定/ }).click();
  await warn.getByTestId('confirm-public').click();
  await expect(d).toBeHidden();
  await expect(row.locator('.ant-tag').filter({ hasText: /^公开$/ })).toBeVisible();
});
