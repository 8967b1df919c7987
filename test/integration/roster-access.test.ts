import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contract/dashboard.contract';
import type { RosterPrefs, RosterRow } from '../../shared/contract/roster.contract';
import { frozenAt, TestVault } from '../helpers/vault-fixture';

type Page = { rows: RosterRow[]; total: number; next: unknown[] | null };
type AuditRow = { actor: string; action: string; subject: string | null; details: string };

/**
 * The roster's channels by role: 最少披露 for the clerk (no discreet household's members without an
 * approved look-up, no filtering on 残疾 / 低保 / health), batch edits through 待审核, per-user
 * preferences, the audited export with a purpose; and removing empty structure items.
 */
describe('roster: permissions, least disclosure, review, export; structure removal; home tiles', () => {
  // A fixed day, so the ages below do not change with the calendar.
  const v = new TestVault(undefined, frozenAt('2026-06-15T04:00:00Z'));
  const ids: Record<string, string> = {};
  let keyTag = '';
  let leaderTag = '';
  let clerk = '';
  let keeper = '';
  let keeper2 = '';

  const create = async (household: string, name: string, extra: Record<string, unknown> = {}) =>
    (await v.ok<{ resident: { id: string } }>('keeper', 'residents.create', { householdId: household, name, residentType: 'registered', ...extra })).resident
      .id;
  const audit = async (action: string): Promise<AuditRow[]> =>
    v.core.services.db.manager.query('SELECT actor, action, subject, details FROM audit_log WHERE action = ? ORDER BY seq', [action]);

  beforeAll(async () => {
    await v.setup();
    keeper = await v.userWithRole('keeper', 'keeper');
    keeper2 = await v.userWithRole('keeper', 'keeper2');
    clerk = await v.userWithRole('clerk', 'clerk');
    await v.userWithRole('auditor', 'auditor');
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    const tags = await v.ok<{ id: string; name: string }[]>('admin', 'tags.list');
    keyTag = tags.find((t) => t.name === '重点户')!.id;
    leaderTag = tags.find((t) => t.name === '楼长')!.id;
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第二网格', code: 'G02' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '4号楼', code: 'B04' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    Object.assign(ids, { grid: g.id, building: b.id, unit: u.id });
    const hh = async (room: string, tagIds: string[]) =>
      (await v.ok<{ household: { id: string } }>('keeper', 'households.create', { unitId: u.id, room, residenceType: 'own', tagIds })).household.id;
    ids.discreet = await hh('101', [keyTag]);
    ids.plain = await hh('102', []);
    ids.other = await hh('201', []);
    ids.hidden = await create(ids.discreet, '钱隐', { birthDate: '1940-05-01', disability: '视力一级', subsistence: '城市低保' });
    ids.a = await create(ids.plain, '赵甲', { birthDate: '1941-01-01', politicalStatus: '中共党员' });
    ids.b = await create(ids.other, '孙乙', { birthDate: '1990-01-01', disability: '肢体三级' });
  }, 180_000);
  afterAll(() => v.destroy());

  it('a clerk is refused filters on 残疾, 低保 and health, in zh and en, and each refusal is audited', async () => {
    for (const filters of [{ disabled: 'yes' }, { subsistence: 'no' }, { health: '良好' }]) {
      const r = await v.call('clerk', 'roster.list', { filters });
      expect(r.ok, JSON.stringify(filters)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('FORBIDDEN');
        expect(r.error.zh).toContain('残疾');
        expect(r.error.en).toContain('disability');
      }
    }
    // Nor may a clerk keep such a search for later.
    expect((await v.call('clerk', 'roster.saveSearch', { name: '残疾', filters: { disabled: 'yes' } })).ok).toBe(false);
    const refused = await audit('roster.refused');
    expect(refused.filter((e) => e.actor === clerk).length).toBe(4);
    // The keeper may.
    const k = await v.ok<Page>('keeper', 'roster.list', { filters: { disabled: 'yes' } });
    expect(k.rows.map((r) => r.name).sort()).toEqual(['孙乙', '钱隐'].sort());
  });

  it("a clerk's roster leaves out a discreet household's members (count included) until a look-up is approved", async () => {
    const mine = await v.ok<Page>('clerk', 'roster.list', {});
    expect(mine.rows.map((r) => r.id)).not.toContain(ids.hidden);
    expect(mine.total).toBe(2);
    // An age filter cannot find them either (the hidden one is the only resident of 86 or more).
    const old = await v.ok<Page>('clerk', 'roster.list', { filters: { ageMin: 86 } });
    expect(old.total).toBe(0);
    expect(mine.rows.every((r) => !('disability' in r) && !('subsistence' in r) && !('health' in r))).toBe(true);
    const keeperView = await v.ok<Page>('keeper', 'roster.list', {});
    expect(keeperView.total).toBe(3);
    expect(keeperView.rows.find((r) => r.id === ids.hidden)?.subsistence).toBe('城市低保');

    const req = await v.ok<{ id: string }>('clerk', 'lookups.request', { subject: `household:${ids.discreet}`, purpose: '高龄补贴核对' });
    await v.ok('keeper', 'lookups.decide', { id: req.id, approve: true, hours: 2 });
    const after = await v.ok<Page>('clerk', 'roster.list', { filters: { ageMin: 86 } });
    expect(after.rows.map((r) => r.id)).toEqual([ids.hidden]);
    expect(after.rows[0]).not.toHaveProperty('disability');
  });

  it('a clerk can neither batch-edit nor export the roster', async () => {
    const batch = await v.call('clerk', 'roster.batchEdit', { residentIds: [ids.a], addTagIds: [leaderTag] });
    expect(!batch.ok && batch.error.code).toBe('FORBIDDEN');
    const exp = await v.call('clerk', 'exporter.list', { kind: 'roster', format: 'csv', purpose: '核对', roster: {} });
    expect(!exp.ok && exp.error.code).toBe('FORBIDDEN');
  });

  it("a keeper's batch edit of two residents' tags waits in 待审核 and applies only when another person approves", async () => {
    const r = await v.ok<{ pendingId: string | null; residents: number; households: number }>('keeper', 'roster.batchEdit', {
      residentIds: [ids.a, ids.b],
      addTagIds: [leaderTag],
    });
    expect(r).toMatchObject({ residents: 2, households: 2 });
    expect(r.pendingId).toBeTruthy();
    const tagsOf = async (h: string) =>
      (await v.ok<{ rows: { id: string; tagIds: string[] }[] }>('admin', 'households.list', {})).rows.find((x) => x.id === h)!.tagIds;
    expect(await tagsOf(ids.plain)).toEqual([]);
    const own = await v.call('keeper', 'review.approve', { id: r.pendingId });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    await v.ok('keeper2', 'review.approve', { id: r.pendingId });
    expect(await tagsOf(ids.plain)).toEqual([leaderTag]);
    expect(await tagsOf(ids.other)).toEqual([leaderTag]);
    const filtered = await v.ok<Page>('keeper', 'roster.list', { filters: { tagIds: [leaderTag] } });
    expect(filtered.rows.map((x) => x.id).sort()).toEqual([ids.a, ids.b].sort());
    // Each household's change is in the trail (fields, not values), after the approval.
    const updates = (await audit('household.update')).filter((e) => e.subject === `household:${ids.plain}` || e.subject === `household:${ids.other}`);
    expect(updates.length).toBe(2);
    expect(updates.every((e) => JSON.parse(e.details).changed.includes('tagIds'))).toBe(true);
  });

  it("an administrator's batch applies at once; an empty or contradictory batch is refused in zh and en", async () => {
    const r = await v.ok<{ pendingId: string | null; residents: number }>('admin', 'roster.batchEdit', { residentIds: [ids.a], residentType: 'floating' });
    expect(r).toMatchObject({ pendingId: null, residents: 1 });
    expect((await v.ok<Page>('admin', 'roster.list', { filters: { residentTypes: ['floating'] } })).rows.map((x) => x.id)).toEqual([ids.a]);
    const empty = await v.call('admin', 'roster.batchEdit', { residentIds: [ids.a] });
    expect(!empty.ok && empty.error.code).toBe('VALIDATION');
    const both = await v.call('admin', 'roster.batchEdit', { residentIds: [ids.a], addTagIds: [leaderTag], removeTagIds: [leaderTag] });
    expect(!both.ok && both.error.fields?.[0]?.zh).toContain('既添加又移除');
    const ghost = await v.call('admin', 'roster.batchEdit', { residentIds: [ids.a, 'no-such-resident'], residentType: 'registered' });
    expect(!ghost.ok && ghost.error.code).toBe('NOT_FOUND');
    // Nothing half-written: the existing resident kept the type the refused batch would have changed.
    expect((await v.ok<Page>('admin', 'roster.list', { filters: { residentTypes: ['floating'] } })).total).toBe(1);
  });

  it('columns and saved searches are per user and kept in the archive', async () => {
    const saved = await v.ok<RosterPrefs>('keeper', 'roster.saveColumns', { columns: ['name', 'age', 'tags'] });
    expect(saved.columns).toEqual(['name', 'age', 'tags']);
    await v.ok('keeper', 'roster.saveSearch', { name: '八十岁以上', filters: { ageMin: 80, gridId: ids.grid }, sort: { key: 'age', dir: 'desc' } });
    const again = await v.ok<RosterPrefs>('keeper', 'roster.prefs');
    expect(again.searches.map((s) => s.name)).toEqual(['八十岁以上']);
    expect(again.searches[0].filters).toEqual({ ageMin: 80, gridId: ids.grid });
    const clerkPrefs = await v.ok<RosterPrefs>('clerk', 'roster.prefs');
    expect(clerkPrefs.searches).toEqual([]);
    expect(clerkPrefs.columns).not.toEqual(['name', 'age', 'tags']);
    const removed = await v.ok<RosterPrefs>('keeper', 'roster.removeSearch', { name: '八十岁以上' });
    expect(removed.searches).toEqual([]);
    const trail = await audit('roster.search.save');
    expect(trail.at(-1)?.actor).toBe(keeper);
    // The filter names are audited, not their values.
    expect(JSON.parse(trail.at(-1)!.details)).toEqual({ name: '八十岁以上', filters: ['ageMin', 'gridId'] });
  });

  it('the filtered roster exports with a stated purpose, the same people as on screen, one audit entry', async () => {
    const noPurpose = await v.call('keeper', 'exporter.list', { kind: 'roster', format: 'xlsx', purpose: ' ', roster: { ageMin: 80 } });
    expect(!noPurpose.ok && noPurpose.error.code).toBe('VALIDATION');
    const f = await v.ok<{ fileName: string; dataBase64: string; rows: number }>('keeper', 'exporter.list', {
      kind: 'roster',
      format: 'xlsx',
      purpose: '高龄补贴发放',
      roster: { ageMin: 80, gridId: ids.grid },
    });
    const screen = await v.ok<Page>('keeper', 'roster.list', { filters: { ageMin: 80, gridId: ids.grid } });
    expect(f.rows).toBe(screen.total);
    expect(f.rows).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const names = ws.getColumn(5).values.slice(2).map(String).sort();
    expect(names).toEqual(['钱隐', '赵甲'].sort());
    const entry = (await audit('export.list')).at(-1)!;
    expect(JSON.parse(entry.details)).toMatchObject({ kind: 'roster', purpose: '高龄补贴发放', rosterFilters: ['ageMin', 'gridId'], rows: 2 });
  });

  it('an empty unit, building or grid can be removed (audited); one still holding something is refused, saying what', async () => {
    const unitNotEmpty = await v.call('admin', 'structure.remove', { level: 'unit', id: ids.unit });
    expect(unitNotEmpty.ok).toBe(false);
    if (!unitNotEmpty.ok) {
      expect(unitNotEmpty.error.code).toBe('CONFLICT');
      expect(unitNotEmpty.error.zh).toBe('“1单元”下还有 3 户住户，不能删除。请先移走或删除它们。');
      expect(unitNotEmpty.error.en).toContain('3 household(s)');
    }
    const gridNotEmpty = await v.call('keeper', 'structure.remove', { level: 'grid', id: ids.grid });
    expect(!gridNotEmpty.ok && gridNotEmpty.error.zh).toContain('1 个楼栋');
    const clerkTry = await v.call('clerk', 'structure.remove', { level: 'unit', id: ids.unit });
    expect(!clerkTry.ok && clerkTry.error.code).toBe('FORBIDDEN');

    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第九网格', code: 'G09' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '9号楼', code: 'B09' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '9单元', code: 'U9' });
    expect((await v.call('keeper', 'structure.remove', { level: 'building', id: b.id })).ok).toBe(false);
    await v.ok('keeper', 'structure.remove', { level: 'unit', id: u.id });
    await v.ok('keeper', 'structure.remove', { level: 'building', id: b.id });
    await v.ok('keeper', 'structure.remove', { level: 'grid', id: g.id });
    const tree = await v.ok<{ grids: { id: string }[]; buildings: { id: string }[]; units: { id: string }[] }>('keeper', 'structure.tree');
    expect(tree.grids.map((x) => x.id)).toEqual([ids.grid]);
    for (const [action, id] of [
      ['unit.remove', u.id],
      ['building.remove', b.id],
      ['grid.remove', g.id],
    ]) {
      const e = await audit(action);
      expect(
        e.map((x) => x.subject),
        action,
      ).toEqual([`${action.split('.')[0]}:${id}`]);
      expect(e[0].actor).toBe(keeper);
    }
    const gone = await v.call('keeper', 'structure.remove', { level: 'grid', id: g.id });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
  });

  it('home tiles: each role gets only the work it can do', async () => {
    const today = async (client: string) => Object.keys((await v.ok<DashboardData>(client, 'dashboard.get')).today).sort();
    expect(await today('admin')).toEqual(
      ['daysSinceBackup', 'destructionWaiting', 'dueForAppraisal', 'loansDueThisWeek', 'lookupRequestsWaiting', 'overdueLoans', 'pendingReviews'].sort(),
    );
    expect(await today('keeper')).toEqual(
      ['daysSinceBackup', 'destructionWaiting', 'dueForAppraisal', 'loansDueThisWeek', 'lookupRequestsWaiting', 'overdueLoans', 'pendingReviews'].sort(),
    );
    expect(await today('clerk')).toEqual([]);
    expect(await today('auditor')).toEqual([]);
    // Totals stay for everyone.
    expect((await v.ok<DashboardData>('clerk', 'dashboard.get')).totals.residents).toBe(3);
  });

  it('batch "move to grid": the selected residents\' whole buildings move (everyone in them, named before review), approved by another, audited, filtered', async () => {
    type Move = {
      gridId: string;
      gridName: string;
      buildings: { id: string; name: string; fromGrid: string; households: number; residents: number }[];
      households: number;
      residents: number;
      unselected: number;
      alreadyThere: number;
    };
    const g3 = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第三网格', code: 'G03' });
    // A second building in 第二网格 with one resident: not selected, it stays where it is.
    const b5 = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: ids.grid, name: '5号楼', code: 'B05' });
    const u5 = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b5.id, name: '1单元', code: 'U1' });
    const h5 = (await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u5.id, room: '501', residenceType: 'own', tagIds: [] }))
      .household.id;
    const c = await create(h5, '周丙');
    const inGrid = async (gridId: string) => (await v.ok<Page>('keeper', 'roster.list', { filters: { gridId } })).rows.map((r) => r.name).sort();

    // The review step: selecting 赵甲 moves 4号楼 — three households, three people, two of them not selected.
    const preview = await v.ok<Move>('keeper', 'roster.gridMovePreview', { residentIds: [ids.a], gridId: g3.id });
    expect(preview).toMatchObject({ gridName: '第三网格', households: 3, residents: 3, unselected: 2, alreadyThere: 0 });
    expect(preview.buildings).toEqual([{ id: ids.building, name: '4号楼', fromGrid: '第二网格', households: 3, residents: 3 }]);

    const r = await v.ok<{ pendingId: string | null; buildings: number }>('keeper', 'roster.batchEdit', { residentIds: [ids.a], gridId: g3.id });
    expect(r.pendingId).toBeTruthy();
    expect(r.buildings).toBe(1);
    expect(await inGrid(g3.id)).toEqual([]);
    // The reviewer sees the buildings and counts the proposer saw.
    const pending = (await v.ok<{ id: string; after: string }[]>('keeper2', 'review.list')).find((p) => p.id === r.pendingId)!;
    expect(JSON.parse(pending.after).gridMove).toEqual(preview);
    await v.ok('keeper2', 'review.approve', { id: r.pendingId });

    expect(await inGrid(g3.id)).toEqual(['孙乙', '赵甲', '钱隐'].sort());
    expect(await inGrid(ids.grid)).toEqual(['周丙']);
    const households = await v.ok<{ rows: { id: string; address: string }[] }>('admin', 'households.list', { gridId: g3.id });
    expect(households.rows.map((h) => h.address).sort()).toEqual(['第三网格 4号楼 1单元 101', '第三网格 4号楼 1单元 102', '第三网格 4号楼 1单元 201']);
    const moved = await audit('building.move');
    expect(moved.map((e) => [e.subject, e.actor])).toEqual([[`building:${ids.building}`, keeper2]]);
    expect(JSON.parse(moved[0].details)).toMatchObject({ batch: true, toGrid: '第三网格', changed: ['gridId'] });

    // Back to 第二网格, where another building already has the code B04: refused, nothing moved.
    const twin = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: ids.grid, name: '甲4号楼', code: 'B04' });
    const clash = await v.call('admin', 'roster.batchEdit', { residentIds: [ids.a, c], gridId: ids.grid, residentType: 'floating' });
    expect(!clash.ok && clash.error.code).toBe('CONFLICT');
    expect(!clash.ok && clash.error.zh).toContain('“第二网格”已有编号为“B04”的楼栋（甲4号楼）');
    expect(!clash.ok && clash.error.en).toContain('already has a building coded "B04"');
    expect(await inGrid(g3.id)).toEqual(['孙乙', '赵甲', '钱隐'].sort());
    expect((await v.ok<Page>('admin', 'roster.list', { filters: { residentTypes: ['floating'] } })).rows.map((x) => x.name)).toEqual(['赵甲']);

    // Once the clash is gone, an administrator's move applies at once; 周丙's building is there already.
    await v.ok('admin', 'structure.remove', { level: 'building', id: twin.id });
    const back = await v.ok<Move>('admin', 'roster.gridMovePreview', { residentIds: [ids.a, c], gridId: ids.grid });
    expect(back).toMatchObject({ households: 3, residents: 3, unselected: 2, alreadyThere: 1 });
    const done = await v.ok<{ pendingId: string | null; buildings: number }>('admin', 'roster.batchEdit', { residentIds: [ids.a, c], gridId: ids.grid });
    expect(done).toMatchObject({ pendingId: null, buildings: 1 });
    expect(await inGrid(ids.grid)).toEqual(['周丙', '孙乙', '赵甲', '钱隐'].sort());
    expect(await inGrid(g3.id)).toEqual([]);
    expect((await audit('building.move')).length).toBe(2);
    const ghost = await v.call('admin', 'roster.gridMovePreview', { residentIds: [ids.a], gridId: 'no-such-grid' });
    expect(!ghost.ok && ghost.error.code).toBe('NOT_FOUND');
  });
});
