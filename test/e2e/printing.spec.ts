import { expect, test } from '@playwright/test';
import { archiveToday } from '../../shared/domain/archive-time';
import { firstRun } from './pages/auth.pages';
import { paperRecord, PrintingPage } from './pages/printing.pages';
import { ApiClient } from './support/api-client';
import { startHost, type RunningHost } from './support/web-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('select a building → batch covers with progress → preview 共 3 页; rare characters print, 〓 reported; building cover', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  const shell = await firstRun(page);

  // The register through the API (other specs cover its screens): grid → building → unit,
  // three households (one tagged 楼长 + 党员户), a box location and one paper record each.
  const api = new ApiClient(host, 'e2e-printing');
  await api.signIn('wang', 'Archive2026pw');
  const tags = await api.call<{ id: string; name: string }[]>('tags.list');
  const tagIds = ['楼长', '党员户'].map((n) => tags.find((t) => t.name === n)!.id);
  const grid = await api.call<{ id: string }>('structure.saveGrid', { name: '第二网格', code: 'G02' });
  const building = await api.call<{ id: string }>('structure.saveBuilding', { gridId: grid.id, name: '7号楼', code: 'B07' });
  const unit = await api.call<{ id: string }>('structure.saveUnit', { buildingId: building.id, name: '1单元', code: 'U1' });
  const location = await api.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '03', shelf: '2', box: '015' });
  const households: string[] = [];
  for (const [i, room] of ['101', '102', '201'].entries()) {
    const h = await api.call<{ household: { id: string } }>('households.create', {
      unitId: unit.id,
      room,
      residenceType: 'own',
      tagIds: i === 0 ? tagIds : [],
    });
    households.push(h.household.id);
    await api.call('records.create', paperRecord(`${room}室家庭档案`, h.household.id, location.id));
  }

  await shell.open('打印');
  const printing = new PrintingPage(page);
  await printing.selectNode('7号楼');
  await printing.startCovers();
  await expect(printing.progress()).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(printing.progress()).toContainText('3 / 3');
  await printing.expectPreview('档案封面', 3);

  // Rare characters never stop the batch: 𠮷 (CJK Ext B) prints from the system's fallback font;
  // U+21484 is in no installed font, prints as 〓, and the preview names the cover with it.
  await api.call('records.create', paperRecord('𠮷𡒄家补充档案', households[1], location.id));
  await printing.startCovers();
  await expect(printing.progress()).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await printing.expectPreview('档案封面', 4);
  await expect(printing.unprintableNotice()).toContainText('1 份含本机字体都没有的字，已印为〓');
  await expect(printing.unprintableNotice()).toContainText('𡒄');
  await expect(page.getByTestId('print-error')).toHaveCount(0);

  // The building cover: one sheet for the building.
  await printing.tab('楼栋封皮');
  await printing.printBuildingCover('第二网格 7号楼');
  await printing.expectPreview('楼栋封皮', 1);

  // Calibration offsets are remembered on this computer.
  await printing.setOffsetX('1.5');
  await printing.tab('校准页');
  await page.getByTestId('calibration-print').click();
  await printing.expectPreview('校准页', 1);
  // A string expression: the Node-side tsconfig has no DOM types.
  const saved = (await page.evaluate('localStorage.getItem("archive-print-options")')) as string | null;
  expect(JSON.parse(saved ?? '{}')).toMatchObject({ offsetXmm: 1.5 });
});

test("年度统计报表: the year's PDF in the preview, the XLSX as a download, both in the audit trail", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  const shell = await firstRun(page);
  const api = new ApiClient(host, 'e2e-annual');
  await api.signIn('wang', 'Archive2026pw');
  const grid = await api.call<{ id: string }>('structure.saveGrid', { name: '第一网格', code: 'G01' });
  const building = await api.call<{ id: string }>('structure.saveBuilding', { gridId: grid.id, name: '3号楼', code: 'B03' });
  const unit = await api.call<{ id: string }>('structure.saveUnit', { buildingId: building.id, name: '1单元', code: 'U1' });
  const location = await api.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
  const h = await api.call<{ household: { id: string } }>('households.create', { unitId: unit.id, room: '101', residenceType: 'own', tagIds: [] });
  await api.call('records.create', paperRecord('101室家庭档案', h.household.id, location.id));
  // The archive's year now (the report page offers last year by default; this one has data).
  const year = Number(archiveToday(Date.now(), (await api.call<{ timeZone: string }>('settings.get')).timeZone).slice(0, 4));

  await shell.open('打印');
  const printing = new PrintingPage(page);
  await printing.annualReport(year, 'pdf');
  await expect(page.getByTestId('print-preview').getByTestId('print-preview-title')).toHaveText(`${year} 年度统计报表`, { timeout: 30_000 });
  await expect(page.getByTestId('print-preview').getByTestId('print-preview-frame')).toHaveAttribute('src', /^blob:/);
  const download = page.waitForEvent('download');
  await printing.annualReport(year, 'xlsx');
  expect((await download).suggestedFilename()).toBe(`幸福社区${year}年度统计报表.xlsx`);
  await expect(page.getByTestId('print-error')).toHaveCount(0);
  const log = await api.call<{ action: string }[]>('audit.list', { action: 'report.annual', limit: 10 });
  expect(log.map((e) => e.action)).toEqual(['report.annual', 'report.annual']);
});
