import { expect, type Page } from '@playwright/test';
import { firstRun, SignInPage, type ShellPage } from '../pages/auth.pages';
import { createUser } from '../pages/destruction.pages';
import { ApiClient } from './api-client';
import type { RunningHost } from './web-host';

const DAY = 86_400_000;
/** "Now" for the screens: noon in Beijing, 04:00 UTC — the same calendar day in both zones. */
export const SAMPLE_NOW = new Date('2026-12-02T04:00:00Z');
/** The archive is set up and filled a month earlier, so loans are overdue by now. */
export const SAMPLE_SETUP = new Date(SAMPLE_NOW.getTime() - 30 * DAY);
export const SAMPLE_PASSWORD = 'Archive2026pw';

export interface SampleArchive {
  shell: ShellPage;
  /** 档号 by title. */
  records: Map<string, string>;
  overdueArchiveNo: string;
}

/**
 * A small community archive with fixed content, built the way keepers build it (the first-run
 * wizard, then the API), on a frozen host clock, so every screen shows the same thing on every
 * run: grids whose codes would sort them wrongly (第二, 第三, 第一 by code), buildings 2号楼 and
 * 10号楼, rooms 101/201/1001, tagged households (one discreet), records of several years and terms,
 * an overdue loan and one due soon, a hold, and an appraisal batch decided by a second keeper.
 * Ends signed in as 王主任 at SAMPLE_NOW, on 首页; `stopAtSignIn` leaves the sign-in screen open.
 */
export async function buildSampleArchive(page: Page, host: RunningHost, opts: { stopAtSignIn?: boolean } = {}): Promise<SampleArchive> {
  await host.setClock(SAMPLE_SETUP, { freeze: true });
  await page.clock.setFixedTime(SAMPLE_NOW);
  await page.goto(host.url);
  // The first paint can take a while on a loaded machine; the wizard's own checks wait 5 s.
  await expect(page.getByText('首次使用：建立档案库')).toBeVisible({ timeout: 60_000 });
  const shell = await firstRun(page, SAMPLE_PASSWORD);

  const api = new ApiClient(host, 'e2e-sample');
  await api.signIn('wang', SAMPLE_PASSWORD);
  const li = await createUser(host, api, { username: 'li', displayName: '李档案员', role: 'keeper', password: 'Keeper2026pw' });
  const users = await api.call<{ id: string; username: string }[]>('users.list');
  const liId = users.find((u) => u.username === 'li')!.id;
  const tags = await api.call<{ id: string; name: string }[]>('tags.list');
  const tag = (...names: string[]) => names.map((n) => tags.find((t) => t.name === n)!.id);

  // Codes chosen so that ordering by code (or by the names' code points) would be wrong.
  const grid = (name: string, code: string, worker: string) => api.call<{ id: string }>('structure.saveGrid', { name, code, worker });
  const g2 = await grid('第二网格', 'A', '赵网格员');
  const g1 = await grid('第一网格', 'C', '钱网格员');
  await grid('第三网格', 'B', '孙网格员');
  const building = (gridId: string, name: string, code: string) => api.call<{ id: string }>('structure.saveBuilding', { gridId, name, code });
  const b10 = await building(g1.id, '10号楼', '10');
  const b2 = await building(g1.id, '2号楼', '02');
  const b1 = await building(g2.id, '1号楼', '01');
  const unit = (buildingId: string, name: string, code: string) => api.call<{ id: string }>('structure.saveUnit', { buildingId, name, code });
  const u2x10 = await unit(b2.id, '10单元', '10');
  const u2x1 = await unit(b2.id, '1单元', '1');
  await unit(b2.id, '2单元', '2');
  const u10x1 = await unit(b10.id, '1单元', '1');
  const u1x1 = await unit(b1.id, '1单元', '1');

  const households: Record<string, string> = {};
  const household = async (
    key: string,
    unitId: string,
    room: string,
    tagNames: string[],
    head: { name: string; gender: 'male' | 'female'; birthDate: string },
    others: string[] = [],
  ) => {
    const h = await api.call<{ household: { id: string } }>('households.create', { unitId, room, residenceType: 'own', tagIds: tag(...tagNames) });
    const headRes = await api.call<{ resident: { id: string } }>('residents.create', {
      householdId: h.household.id,
      ...head,
      residentType: 'registered',
      relationToHead: '户主',
    });
    for (const name of others) await api.call('residents.create', { householdId: h.household.id, name, residentType: 'registered', relationToHead: '子女' });
    await api.call('households.update', {
      id: h.household.id,
      unitId,
      room,
      residenceType: 'own',
      tagIds: tag(...tagNames),
      note: null,
      headResidentId: headRes.resident.id,
    });
    households[key] = h.household.id;
  };
  await household('a', u2x1.id, '1001', ['低保户', '重点户'], { name: '张卫国', gender: 'male', birthDate: '1958-03-12' }, ['张小红']);
  await household('b', u2x1.id, '101', ['党员户'], { name: '李秀英', gender: 'female', birthDate: '1949-11-02' });
  await household('c', u2x1.id, '201', ['楼长'], { name: '王建军', gender: 'male', birthDate: '1972-06-30' }, ['王芳', '王磊']);
  await household('d', u2x10.id, '101', ['流动户'], { name: '陈明', gender: 'male', birthDate: '1990-01-15' });
  await household('e', u10x1.id, '101', ['独居老人'], { name: '刘桂兰', gender: 'female', birthDate: '1938-08-08' });
  await household('f', u1x1.id, '301', [], { name: '赵志强', gender: 'male', birthDate: '1985-05-20' });

  const loc = await api.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '02', shelf: '3', box: '010' });
  const records = new Map<string, string>();
  const record = async (title: string, v: { year: number; retentionClass: string; household: string; pages: number; category?: string }) => {
    const r = await api.call<{ id: string; archiveNo: string }>('records.create', {
      title,
      residentClass: 'registered',
      contentCategory: v.category ?? 'living',
      carrier: 'paper',
      pages: v.pages,
      year: v.year,
      sensitivity: 'internal',
      retentionClass: v.retentionClass,
      locationId: loc.id,
      householdId: households[v.household],
    });
    records.set(title, r.archiveNo);
    return r;
  };
  const r1 = await record('张卫国低保申请材料', { year: 2010, retentionClass: 'D10', household: 'a', pages: 12 });
  const r2 = await record('李秀英党员关系转接材料', { year: 2014, retentionClass: 'D10', household: 'b', pages: 6 });
  const r3 = await record('王建军家庭基本信息档案', { year: 2020, retentionClass: 'Y', household: 'c', pages: 4, category: 'basic' });
  const r4 = await record('陈明流动人口登记表', { year: 2012, retentionClass: 'D10', household: 'd', pages: 3 });
  const r5 = await record('刘桂兰高龄津贴申请', { year: 2015, retentionClass: 'D10', household: 'e', pages: 5 });
  await record('赵志强入户走访记录', { year: 2000, retentionClass: 'D30', household: 'f', pages: 8 });

  // Loans: one overdue (an outside borrower), one due in three days (a colleague).
  const checkout = (recordId: string, borrower: object, dueDate?: string) =>
    api.call('lending.checkout', {
      recordIds: [recordId],
      kind: 'borrow',
      borrower,
      approval: { mode: 'confirmed', username: 'wang', password: SAMPLE_PASSWORD, opinion: '同意' },
      purpose: '低保复核',
      pagesConfirmed: true,
      condition: '完好',
      ...(dueDate ? { dueDate } : {}),
    });
  await checkout(r1.id, {
    kind: 'external',
    name: '孙调查',
    idNumber: '110105199001011232',
    organisation: '区民政局',
    letterNo: '民介字〔2026〕18号',
    phone: '13800138000',
  });
  await checkout(r3.id, { kind: 'staff', userId: liId }, new Date(SAMPLE_NOW.getTime() + 3 * DAY).toISOString().slice(0, 10));

  // A hold, and an appraisal batch whose decisions 李档案员 made (so 王主任 may review them).
  await api.call('retention.hold', { recordId: r4.id, reason: '涉及信访复查，暂缓鉴定' });
  const batch = await li.call<{ id: string }>('appraisal.create', {
    purpose: '2026年到期档案鉴定',
    scope: '定期10年到期的民生档案',
    members: ['李档案员', '王主任'],
    recordIds: [r2.id, r5.id],
  });
  const items = (await li.call<{ items: { id: string; archiveNo: string }[] }>('appraisal.get', { id: batch.id })).items;
  const byNo = (no: string) => items.find((i) => i.archiveNo === no)!.id;
  await li.call('appraisal.decide', { itemId: byNo(r2.archiveNo), decision: { kind: 'keep', reviewYears: 5 }, reason: '党员关系仍在核查，继续保存' });
  await li.call('appraisal.decide', { itemId: byNo(r5.archiveNo), decision: { kind: 'destroy' }, reason: '津贴已停发满十年，无保存价值' });

  // A month later; everyone signed out first, so no idle lock lands in the trail at a moment the
  // host's sweep timer picks (the audit screen's reference depends on the trail's order).
  await li.call('auth.signOut');
  await api.call('auth.signOut');
  await shell.signOut();
  await host.setClock(SAMPLE_NOW, { freeze: true });
  await page.reload();
  if (opts.stopAtSignIn) {
    await expect(page.getByText('登录档案室')).toBeVisible({ timeout: 30_000 });
    return { shell, records, overdueArchiveNo: r1.archiveNo };
  }
  await signInSample(page);
  return { shell, records, overdueArchiveNo: r1.archiveNo };
}

/** Signs in from the sign-in screen (after buildSampleArchive with stopAtSignIn). */
export async function signInSample(page: Page): Promise<void> {
  await expect(page.getByText('登录档案室')).toBeVisible({ timeout: 30_000 });
  await new SignInPage(page).signIn('wang', SAMPLE_PASSWORD);
  // argon2id (64 MiB) on a busy machine: allow more than the default 5 s.
  await expect(page.getByTestId('whoami')).toHaveText('王主任', { timeout: 60_000 });
}

/** Opens a side-navigation entry, waiting as long as a busy machine needs. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await page.getByTestId('side-nav').getByText(label, { exact: true }).click();
  await expect(page.getByTestId('page-title')).toHaveText(label, { timeout: 30_000 });
}
