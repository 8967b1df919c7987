import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { OfficeClient } from '../../electron/office/pinned-client';
import { PostgresCluster } from '../helpers/postgres-cluster';
import { ShellPage, SignInPage } from './pages/auth.pages';
import { LendingPage } from './pages/lending.pages';
import { AuditTrailPage, LookupsPage } from './pages/lookups.pages';
import { startOfficeServer, type RunningOfficeServer } from './support/office-server';

/**
 * Two PCs, one office server: two browser contexts (separate cookies, so separate sessions) on one
 * `archive-room serve` of an archive made with `archive-room init`. The certificate is
 * self-signed, so the browsers are told to accept it; the Node client pins its fingerprint.
 * The two-PC lending test runs once per engine: on the SQLCipher file, and on PostgreSQL (a
 * private cluster from the Debian packages, test/helpers/postgres-cluster.ts, started the first
 * time a test of this worker needs it and stopped after the file; a fresh database per test).
 */
const ADMIN = { username: 'wang', displayName: '王主任', password: 'Office-admin-2026' };
const KEEPER_PW = 'Keeper-final-2026';
type Engine = 'sqlcipher' | 'postgres';

/** The server of the running test (stopped after it). */
let current: RunningOfficeServer | undefined;
let cluster: PostgresCluster | undefined;
let database: string | undefined;

/** `init` + `serve` of a fresh archive on `engine`; for PostgreSQL, in a new empty database of the cluster. */
async function serve(engine: Engine): Promise<RunningOfficeServer> {
  if (engine === 'postgres') {
    cluster ??= await PostgresCluster.start();
    database = cluster.createDatabase('office_e2e');
  } else {
    database = undefined;
  }
  current = await startOfficeServer(ADMIN, { database });
  return current;
}
test.afterEach(async () => {
  await current?.stop();
  current = undefined;
});
test.afterAll(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** One number from the archive's PostgreSQL database, read with the cluster's own psql. */
function pgCount(sql: string): number {
  const a = cluster!.address;
  const out = execFileSync(join(a.binDir, 'psql'), ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', database!, '-c', sql], { encoding: 'utf8' });
  return Number(out.trim());
}

async function ok<T>(c: OfficeClient, channel: string, req: unknown = {}): Promise<T> {
  const r = await c.call<T>(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.zh}`);
  return r.value;
}

async function pc(browser: Browser, username: string, displayName: string, pcName: string): Promise<{ page: Page; shell: ShellPage; close(): Promise<void> }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(current!.url);
  // The desk's name, for the audit trail: typed once at sign-in, remembered by the browser.
  await page.getByTestId('pc-name').fill(pcName);
  await new SignInPage(page).signIn(username, KEEPER_PW);
  const shell = new ShellPage(page);
  await shell.expectSignedInAs(displayName);
  return { page, shell, close: () => context.close() };
}

for (const engine of ['sqlcipher', 'postgres'] as const) {
  test(`two PCs (${engine}): keeper A lends a record, keeper B sees it out within 2 s without reloading and is refused the same loan`, async ({ browser }) => {
    // Two browsers, a CLI init and a server start on a shared 2-core machine: more than the default 90 s.
    test.setTimeout(240_000);
    const server = await serve(engine);
    // The archive really lives where the test says: database.json names this database, no SQLCipher file.
    expect(server.engine).toBe(engine);
    if (engine === 'postgres') {
      expect(JSON.parse(readFileSync(join(server.dataDir, 'database.json'), 'utf8'))).toEqual({ engine: 'postgres', url: database });
      expect(existsSync(join(server.dataDir, 'archive.db'))).toBe(false);
    } else {
      expect(existsSync(join(server.dataDir, 'archive.db'))).toBe(true);
    }
    // The administrator unlocks the server from a pinned client and sets up two keepers and a record.
    const admin = server.client('管理员电脑');
    await ok(admin, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    await ok(admin, 'settings.update', { idleMinutes: 240 });
    for (const [username, displayName] of [
      ['keeper_a', '甲档案员'],
      ['keeper_b', '乙档案员'],
    ]) {
      await ok(admin, 'users.create', { username, displayName, role: 'keeper', password: 'Temp-pass-2026' });
      const k = server.client();
      await ok(k, 'auth.signIn', { username, password: 'Temp-pass-2026' });
      await ok(k, 'auth.changePassword', { currentPassword: 'Temp-pass-2026', newPassword: KEEPER_PW });
      await ok(k, 'auth.signOut');
    }
    const loc = await ok<{ id: string }>(admin, 'locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
    const rec = await ok<{ id: string; archiveNo: string }>(admin, 'records.create', {
      title: '张卫国低保申请材料',
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier: 'paper',
      pages: 12,
      year: 2025,
      sensitivity: 'internal',
      retentionClass: 'D30',
      locationId: loc.id,
    });

    const a = await pc(browser, 'keeper_a', '甲档案员', '档案室电脑');
    const b = await pc(browser, 'keeper_b', '乙档案员', '前台电脑');
    await a.shell.open('借阅');
    await b.shell.open('借阅');
    const lendingA = new LendingPage(a.page);
    const lendingB = new LendingPage(b.page);
    await expect(lendingB.table('out')).toBeVisible();
    await expect(lendingB.row('out', rec.archiveNo)).toHaveCount(0);

    // PC A: the check-out wizard, as at the desk.
    const wizard = await lendingA.newLoan();
    await wizard.scan(rec.archiveNo);
    await expect(wizard.scanNote()).toContainText(`已加入：${rec.archiveNo}`);
    await wizard.next();
    await wizard.external({ name: '孙调查', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕18号', purpose: '低保核查' });
    await wizard.next();
    await wizard.approve({ opinion: '同意', condition: '完好' });
    await wizard.confirmPagesAndSubmit();
    // 王主任 confirms at A's desk with their own password.
    await wizard.approverConfirms(ADMIN.username, ADMIN.password);
    await expect(wizard.root.getByTestId('checkout-done')).toContainText('已办理');
    const lentAt = Date.now();

    // PC B, untouched since: the loan appears on its own within 2 s.
    await expect(lendingB.row('out', rec.archiveNo)).toContainText('孙调查', { timeout: 2_000 });
    const seenAfterMs = Date.now() - lentAt;
    test.info().annotations.push({ type: 'seen on PC B after (ms)', description: String(seenAfterMs) });
    console.log(`office e2e: PC B saw the loan ${seenAfterMs} ms after PC A finished it`);

    // PC B tries the same loan: the desk refuses at the scan, and the server refuses the call itself.
    const wizardB = await lendingB.newLoan();
    await wizardB.scan(rec.archiveNo);
    await expect(wizardB.scanNote()).toContainText('该档案已借出');
    const refused = await b.page.evaluate(
      async ({ recordId, approver }) => {
        const res = await fetch('/api/lending.checkout', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            recordIds: [recordId],
            kind: 'borrow',
            borrower: { kind: 'external', name: '钱复核', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕19号' },
            approval: { mode: 'confirmed', ...approver },
            purpose: '复核',
            pagesConfirmed: true,
          }),
        });
        return (await res.json()) as { ok: boolean; error?: { code: string; zh: string } };
      },
      { recordId: rec.id, approver: { username: ADMIN.username, password: ADMIN.password } },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(refused.error!.zh).toContain(`${rec.archiveNo}：该档案已借出，尚未归还。`);

    // The audit trail names each desk as its keeper named it at sign-in, beside its address.
    const desk = async (actor: string, action: string) => {
      const rows = await ok<{ action: string; details: string }[]>(admin, 'audit.list', { actor, action, limit: 20 });
      return rows.map((r) => (JSON.parse(r.details) as { client?: { address: string; name?: string } }).client);
    };
    expect(await desk('keeper_a', 'auth.signIn')).toContainEqual({ address: '127.0.0.1', name: '档案室电脑' });
    expect(await desk('keeper_a', 'loan.checkout')).toEqual([{ address: '127.0.0.1', name: '档案室电脑' }]);
    expect(await desk('keeper_b', 'auth.signIn')).toContainEqual({ address: '127.0.0.1', name: '前台电脑' });

    // The director locks the server from PC A at closing time: both PCs fall back to the locked sign-in.
    await wizard.close();
    await wizardB.root.locator('.ant-modal-close').click();
    await expect(wizardB.root).toBeHidden();
    await a.page.getByRole('button', { name: '退出登录' }).click();
    await new SignInPage(a.page).signIn(ADMIN.username, ADMIN.password);
    await a.shell.expectSignedInAs(ADMIN.displayName);
    await a.page.getByTestId('lock-server').click();
    await a.page.getByTestId('lock-server-ok').click();
    await expect(a.page.getByTestId('server-locked')).toBeVisible({ timeout: 10_000 });
    await expect(b.page.getByTestId('server-locked')).toBeVisible({ timeout: 10_000 });
    expect((await admin.call('records.list')).ok).toBe(false);
    if (engine === 'postgres') {
      // The loan was written to PostgreSQL: one open loan of this record in the archive's database.
      expect(pgCount(`SELECT count(*) FROM loans WHERE record_id = '${rec.id}' AND returned_on IS NULL`)).toBe(1);
    }
  });
}

/**
 * Four PCs on one server: a clerk's look-up of a 重点户 on PC C waits for keeper A's approval on PC A,
 * then C sees the members; the auditor on PC D reads the trail, each entry naming C's desk and address.
 */
test('four PCs: clerk on C asks to look up a sensitive household, keeper on A approves, C sees it, auditor on D reads C in the trail', async ({ browser }) => {
  // About 40 s on a quiet machine; at a load of 25 on two cores each first page load takes 20–30 s.
  test.setTimeout(420_000);
  const server = await serve('sqlcipher');
  const admin = server.client('管理员电脑');
  await ok(admin, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  await ok(admin, 'settings.update', { idleMinutes: 240 });
  for (const [username, displayName, role] of [
    ['keeper_a', '甲档案员', 'keeper'],
    ['clerk_c', '丙查阅员', 'clerk'],
    ['auditor_d', '丁审计员', 'auditor'],
  ]) {
    await ok(admin, 'users.create', { username, displayName, role, password: 'Temp-pass-2026' });
    const k = server.client();
    await ok(k, 'auth.signIn', { username, password: 'Temp-pass-2026' });
    await ok(k, 'auth.changePassword', { currentPassword: 'Temp-pass-2026', newPassword: KEEPER_PW });
    await ok(k, 'auth.signOut');
  }
  const tags = await ok<{ id: string; name: string; discreet: boolean }[]>(admin, 'tags.list');
  const key = tags.find((t) => t.name === '重点户')!;
  const g = await ok<{ id: string }>(admin, 'structure.saveGrid', { name: '第二网格', code: 'G02' });
  const bld = await ok<{ id: string }>(admin, 'structure.saveBuilding', { gridId: g.id, name: '5号楼', code: 'B05' });
  const unit = await ok<{ id: string }>(admin, 'structure.saveUnit', { buildingId: bld.id, name: '1单元', code: 'U1' });
  const h = await ok<{ household: { id: string } }>(admin, 'households.create', { unitId: unit.id, room: '101', residenceType: 'rented', tagIds: [key.id] });
  const person = await ok<{ resident: { id: string } }>(admin, 'residents.create', {
    householdId: h.household.id,
    name: '钱敏感',
    residentType: 'registered',
    phone: '13900139000',
  });

  // PC C: the clerk sees the household's place, not its members, and asks with a purpose.
  const c = await pc(browser, 'clerk_c', '丙查阅员', '查阅窗口电脑');
  await c.shell.open('住户');
  const clerkUi = new LookupsPage(c.page);
  await clerkUi.openHousehold('101');
  const drawer = c.page.getByTestId('household-drawer');
  await expect(drawer.getByTestId('household-shielded')).toBeVisible();
  await expect(drawer).not.toContainText('钱敏感');
  await clerkUi.requestWithPurpose('信息核对：低保复核入户');

  // PC A: the keeper approves in 住户 → 查阅审批.
  const a = await pc(browser, 'keeper_a', '甲档案员', '档案室电脑');
  await a.shell.open('住户');
  const keeperUi = new LookupsPage(a.page);
  await keeperUi.openApprovals();
  const row = keeperUi.pendingRow('低保复核入户');
  await expect(row).toContainText('clerk_c');
  await keeperUi.approve(row, 4);
  await a.close(); // four Chromium pages at once starve a 2-core machine; A's part is done

  // PC C, untouched: the gate turns to approved, the members show and the details open.
  await clerkUi.openWhenApproved();
  await expect(drawer.getByTestId('residents-table')).toContainText('钱敏感');
  await clerkUi.openMember('钱敏感', '信息核对', '低保复核入户');
  await expect(clerkUi.detailBody()).toContainText('13900139000');
  await c.close();

  // PC D: the auditor's 审计 shows C's request and view, each with C's desk name and address.
  const d = await pc(browser, 'auditor_d', '丁审计员', '审计电脑');
  await d.shell.open('审计');
  const audit = new AuditTrailPage(d.page);
  await audit.filterBySubject(`household:${h.household.id}`);
  const request = audit.rows().filter({ hasText: 'lookup.request' }).filter({ hasText: 'clerk_c' });
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('查阅窗口电脑');
  await expect(request).toContainText('127.0.0.1');
  const approval = audit.rows().filter({ hasText: 'lookup.approve' }).filter({ hasText: 'keeper_a' });
  await expect(approval).toContainText('档案室电脑');
  await audit.filterBySubject(`resident:${person.resident.id}`);
  const view = audit.rows().filter({ hasText: 'resident.view' }).filter({ hasText: 'clerk_c' });
  await expect(view).toHaveCount(1);
  await expect(view).toContainText('查阅窗口电脑');
  await expect(view).toContainText('127.0.0.1');
  await expect(view).toContainText('低保复核入户');
});
