import { expect, test } from '@playwright/test';
import { archiveToday, formatArchiveTime } from '../../shared/domain/archive-time';
import { addDays } from '../../shared/domain/lending';
import { firstRun } from './pages/auth.pages';
import { LendingPage } from './pages/lending.pages';
import { GeneralSettingsPage } from './pages/settings.pages';
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
// The browser sits 20 hours behind Beijing: its clock is never the archive's.
const BROWSER_TZ = 'Etc/GMT+12';
test.use({ timezoneId: BROWSER_TZ });

test('the archive keeps its own time zone: chosen in 设置 → 常规, used by screens whatever the browser zone', async ({ page }) => {
  test.setTimeout(180_000); // first run, settings, audit and the check-out wizard in one walk
  await page.goto(host.url);
  // A cold bundle on a busy machine can take longer than firstRun's own wait.
  await expect(page.getByText('首次使用：建立档案库')).toBeVisible({ timeout: 30_000 });
  const shell = await firstRun(page, PASSWORD);
  const api = await ApiClient.forPage(page, host);
  // Made on this "PC": the archive starts in the browser's zone.
  expect((await api.call<{ timeZone: string }>('settings.get')).timeZone).toBe(BROWSER_TZ);

  await shell.open('设置');
  const settings = new GeneralSettingsPage(page);
  await settings.open();
  await expect(settings.zone()).toContainText(BROWSER_TZ);
  await settings.chooseZone('Asia/Shanghai');
  await settings.save();
  expect((await api.call<{ timeZone: string }>('settings.get')).timeZone).toBe('Asia/Shanghai');

  // The audit table shows the change in Beijing time, to the second.
  await shell.open('审计');
  const [entry] = await api.call<{ at: string }[]>('audit.list', { action: 'settings.update', limit: 1 });
  const shown = formatArchiveTime(entry.at, 'Asia/Shanghai', 'zh', { seconds: true });
  expect(shown).not.toBe(formatArchiveTime(entry.at, BROWSER_TZ, 'zh', { seconds: true }));
  await expect(page.getByTestId('audit-table').locator('.ant-table-row').filter({ hasText: 'settings.update' }).first()).toContainText(shown);

  // The check-out wizard proposes the due date from the archive's today, not the browser's: at
  // 23:30 UTC on 31 December the browser's date is the 31st, Beijing's is 1 January.
  const loc = await api.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
  const paper = await api.call<{ archiveNo: string }>('records.create', {
    title: '张卫国低保申请材料',
    carrier: 'paper',
    locationId: loc.id,
    residentClass: 'registered',
    contentCategory: 'basic',
    pages: 12,
    year: 2025,
    sensitivity: 'internal',
    retentionClass: 'D30',
  });
  await page.clock.setFixedTime(new Date('2026-12-31T23:30:00Z'));
  await shell.open('借阅');
  const wizard = await new LendingPage(page).newLoan();
  await wizard.scan(paper.archiveNo);
  await wizard.next();
  await wizard.external({ name: '孙调查', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕18号', purpose: '低保核查' });
  await wizard.next();
  expect(archiveToday('2026-12-31T23:30:00Z', BROWSER_TZ)).toBe('2026-12-31');
  await expect(wizard.dueDate()).toHaveValue(addDays('2027-01-01', 14));
});
