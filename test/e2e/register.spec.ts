import { expect, test } from '@playwright/test';
import { smallPdf } from './support/files';
import { checkDigit } from '../../shared/domain/citizen-id';
import { SetupPage, ShellPage } from './pages/auth.pages';
import { RecordsPage, ResidentsPage, dialog } from './pages/register.pages';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/** A GB 11643 citizen ID: 17 digits + check character (weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; '10X98765432'). */
const cid = (first17: string) => first17 + checkDigit(first17);
const ZHANG = cid('11010519560312001'); // born 1956-03-12, 17th digit odd → male
const BAD = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0');

test('household with tags → resident → record with attachment → pinyin search → scanned 档号', async ({ page }) => {
  // First run, four forms, an upload drawn by pdf.js, two searches and a scan in one walk: on a busy
  // 2-core machine it ran past the default 90 s twice (each step within its own wait), as other long walks do.
  test.setTimeout(240_000);
  await page.goto(host.url);
  const setup = new SetupPage(page);
  await setup.createArchive({ community: '幸福社区', displayName: '王主任', username: 'wang', password: 'Archive2026pw' });
  await setup.acknowledgeRecoveryKey();
  const shell = new ShellPage(page);
  await shell.expectSignedInAs('王主任');

  // 住户: grid → building → unit, then a household tagged 楼长 + 党员户.
  await shell.open('住户');
  const res = new ResidentsPage(page);
  await res.addGrid('第一网格', 'G01');
  await res.addBuilding('第一网格', '3号楼', 'B03');
  await res.addUnit('3号楼', '2单元', 'U2');
  await res.addHousehold('301', ['楼 楼长', '党 党员户']);
  const row = res.householdRow('301');
  await expect(row).toContainText('第一网格 3号楼 2单元 301');
  for (const [code, name] of [
    ['楼', '楼长'],
    ['党', '党员户'],
  ]) {
    const chip = row.locator(`[data-testid="tag-chip"][data-code="${code}"]`);
    await expect(chip).toBeVisible();
    await expect(chip).toHaveText(code);
    await expect(row).toContainText(name);
    // A public tag's name on hover: the browser's title on the chip (a discreet tag has none).
    await expect(chip.locator('xpath=..')).toHaveAttribute('title', name);
  }

  // A bad citizen ID: the Chinese message at the field; then the valid one.
  await res.openHousehold('301');
  const form = await res.openResidentForm();
  await res.fillResident(form, { name: '张卫国', citizenId: BAD, phone: '13800138000', relation: '户主' });
  await expect(res.fieldError(form, '公民身份号码')).toContainText('身份证号校验位不正确');
  await form.getByLabel('公民身份号码').fill(ZHANG);
  await form.getByTestId('resident-ok').click();
  // Saving writes the resident, its search entries, change history and a signed audit entry: on a busy
  // 2-core machine (two specs, two browsers) this took over 5 s in three runs; alone it takes well under 1 s.
  await expect(form).toBeHidden({ timeout: 20_000 });
  const residents = page.getByTestId('residents-table');
  await expect(residents).toContainText('张卫国');
  await expect(residents).toContainText('1956-03-12');
  // Entered as 户主: the household's head.
  await expect(residents.locator('.ant-table-row', { hasText: '张卫国' })).toContainText('户主');

  // Full details ask for the purpose and show a watermark with the viewer.
  await residents.getByTestId('view-resident').click();
  await dialog(page, '查阅事由').getByTestId('purpose-ok').click();
  const detail = page.getByTestId('resident-detail-body');
  await expect(detail).toContainText(ZHANG);
  await expect(page.getByTestId('watermark')).toHaveAttribute('data-watermark', /王主任/);
  await page.getByTestId('resident-detail').locator('.ant-drawer-close').click();
  await page.getByTestId('household-drawer').locator('.ant-drawer-close').click();

  // 档案: a paper record linked to 张卫国, at a new location, with a PDF scan.
  await shell.open('档案');
  const rec = new RecordsPage(page);
  const archiveNo = await rec.addRecord({
    title: '张卫国基本信息档案',
    residentQuery: 'zwg',
    residentName: '张卫国',
    location: { room: '一号库房', cabinet: '03', shelf: '2', box: '015' },
  });
  expect(archiveNo).toMatch(/^SQ01-\d{4}-Y-0001$/);
  await expect(rec.drawer()).toBeVisible();
  await expect(page.getByTestId('record-drawer-no')).toHaveText(archiveNo);
  await expect(rec.drawer()).toContainText('一号库房 03柜 2层 015盒');
  await expect(rec.drawer()).toContainText('在库');
  await rec.upload('户口本.pdf', smallPdf());
  // Fixity check and in-app viewing (pdf.js pages on canvas under a watermark; keeper-forms.spec checks the pixels).
  await rec.drawer().getByTestId('verify-attachment').click();
  await expect(page.getByText('校验通过')).toBeVisible();
  await rec.drawer().getByTestId('view-attachment').click();
  await dialog(page, '查阅事由').getByTestId('purpose-ok').click();
  // pdf.js (a lazily loaded chunk and its worker) draws the page in the browser: seconds when busy.
  await expect(page.getByTestId('attachment-page').first()).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  await page.getByTestId('attachment-viewer').locator('.ant-modal-close').click();
  await rec.closeDrawer();
  await expect(page.getByTestId('records-table')).toContainText(archiveNo);

  // Search by pinyin initials.
  await rec.search.fill('zwg');
  await expect(page.getByTestId('search-group-resident')).toContainText('张卫国');

  // A barcode scanner types the 档号 and Enter: the record opens, focus stays in the box.
  await rec.search.fill(archiveNo);
  await rec.search.press('Enter');
  await expect(rec.drawer()).toBeVisible();
  await expect(page.getByTestId('record-drawer-no')).toHaveText(archiveNo);
  await expect(rec.search).toBeFocused();
});
