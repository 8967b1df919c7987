import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifeEventRow } from '../../shared/contract/life-events.contract';
import type { HouseholdRow, ResidentRow } from '../../shared/contract/register.contract';
import { checkDigit } from '../../shared/domain/citizen-id';
import { TestVault } from '../helpers/vault-fixture';

const cid = (first17: string) => first17 + checkDigit(first17);
const ZHANG = cid('11010519560312001');
type Rows<T> = { rows: T[]; total: number };

/** Life events through dispatch on a real archive (#19 item 1): status, roster, clocks, trail, review. */
describe('life events: 迁出/迁入, 死亡注销, 调户, 设为户主, 分户, 合户', () => {
  const v = new TestVault();
  let unitId = '';
  let h301: HouseholdRow;
  let h302: HouseholdRow;
  const ids: Record<string, string> = {};
  let recordId = '';
  const countEvents = async () => Number((await v.core.services.db.manager.query('SELECT count(*) AS n FROM life_events'))[0].n);
  const resident = async (id: string, status = 'all') =>
    (await v.ok<Rows<ResidentRow>>('admin', 'residents.list', { status, offset: 0, limit: 100 })).rows.find((r) => r.id === id);
  const household = async (id: string) =>
    (await v.ok<Rows<HouseholdRow>>('admin', 'households.list', { status: 'all', offset: 0, limit: 100 })).rows.find((h) => h.id === id)!;
  const clockOf = async (id: string) => (await v.core.services.db.manager.query('SELECT clock_event_on AS d FROM archive_records WHERE id = ?', [id]))[0].d;

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
    await v.userWithRole('auditor', 'auditor');
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '3号楼', code: 'B03' });
    unitId = (await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '2单元', code: 'U2' })).id;
    const mk = async (room: string) =>
      (await v.ok<{ household: HouseholdRow }>('admin', 'households.create', { unitId, room, residenceType: 'own' })).household;
    h301 = await mk('301');
    h302 = await mk('302');
    for (const [name, rel, citizenId] of [
      ['张卫国', '户主', ZHANG],
      ['李秀英', '配偶', undefined],
      ['张小明', '子女', undefined],
    ] as const) {
      const r = await v.ok<{ resident: ResidentRow }>('admin', 'residents.create', {
        householdId: h301.id,
        name,
        residentType: 'registered',
        relationToHead: rel,
        citizenId,
      });
      ids[name] = r.resident.id;
    }
    await v.ok('admin', 'households.update', { id: h301.id, unitId, room: '301', residenceType: 'own', headResidentId: ids['张卫国'] });
    const rec = await v.ok<{ id: string }>('admin', 'records.create', {
      title: '张卫国基本信息档案',
      residentId: ids['张卫国'],
      householdId: h301.id,
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier: 'electronic',
      pages: 0,
      year: 2020,
      sensitivity: 'internal',
      retentionClass: 'D10',
    });
    recordId = rec.id;
    // Kept ten years from the day the resident moves out: the clock waits for that event.
    await v.ok('admin', 'retention.setClock', { recordId, event: 'moved_out', on: null });
  });
  afterAll(() => v.destroy());

  it('迁出 leaves the active roster, keeps the person and the archive, starts the record clock, and is in the trail', async () => {
    const before = await v.ok<{ totals: { residents: number } }>('admin', 'dashboard.get');
    const r = await v.ok<{ event: LifeEventRow }>('keeper', 'lifeEvents.record', {
      kind: 'move_out',
      residentId: ids['张卫国'],
      on: '2025.6.1',
      destination: '北京市朝阳区',
    });
    expect(r.event).toMatchObject({ kind: 'move_out', occurredOn: '2025-06-01', details: { destination: '北京市朝阳区' } });
    expect(r.event.before).toMatchObject({
      residents: { [ids['张卫国']]: { status: 'active' } },
      households: { [h301.id]: { headResidentId: ids['张卫国'] } },
    });
    expect(r.event.after).toMatchObject({
      residents: { [ids['张卫国']]: { status: 'moved_out', statusOn: '2025-06-01' } },
      clocks: { [recordId]: '2025-06-01' },
    });

    const active = await v.ok<Rows<ResidentRow>>('admin', 'residents.list', { householdId: h301.id, offset: 0, limit: 100 });
    expect(active.rows.map((x) => x.name).sort()).toEqual(['张小明', '李秀英']);
    expect(await resident(ids['张卫国'], 'departed')).toMatchObject({ status: 'moved_out', statusOn: '2025-06-01' });
    expect(await resident(ids['张卫国'], 'moved_out')).toBeTruthy();
    expect(await resident(ids['张卫国'], 'dead')).toBeUndefined();
    expect(await household(h301.id)).toMatchObject({ memberCount: 2, headResidentId: null });
    const after = await v.ok<{ totals: { residents: number } }>('admin', 'dashboard.get');
    expect(after.totals.residents).toBe(before.totals.residents - 1);
    // Search looks at the active roster; an ID card scanned still finds the person.
    const hits = await v.ok<{ kind: string }[]>('admin', 'search.query', { q: '张卫国' });
    expect(hits.filter((h) => h.kind === 'resident')).toEqual([]);
    expect((await v.ok<{ id: string }[]>('admin', 'search.query', { q: ZHANG })).map((h) => h.id)).toEqual([ids['张卫国']]);
    // The archive stays, and its clock now counts from the move.
    expect((await v.ok<{ status: string }>('admin', 'records.get', { id: recordId })).status).toBe('in');
    expect(await clockOf(recordId)).toBe('2025-06-01');

    const trail = await v.ok<{ action: string; actor: string; details: string }[]>('auditor', 'audit.bySubject', { subject: `resident:${ids['张卫国']}` });
    const entry = trail.find((e) => e.action === 'resident.moveOut');
    expect(entry).toBeTruthy();
    expect(JSON.parse(entry!.details)).toMatchObject({ eventId: r.event.id, occurredOn: '2025-06-01' });
    // The auditor reads who and when, not where the person went.
    expect(entry!.details).not.toContain('北京');
  });

  it('refuses an event that cannot happen, in both languages, and writes nothing', async () => {
    const n = await countEvents();
    const again = await v.call('keeper', 'lifeEvents.record', { kind: 'move_out', residentId: ids['张卫国'], on: '2025-07-01', destination: '上海' });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(!again.ok && again.error.zh).toContain('已迁出');
    expect(!again.ok && again.error.en).toContain('moved out');
    const future = await v.call('keeper', 'lifeEvents.record', { kind: 'death', residentId: ids['李秀英'], on: '2999-01-01' });
    expect(!future.ok && future.error.fields?.[0].path).toBe('on');
    const early = await v.call('keeper', 'lifeEvents.record', { kind: 'move_in', residentId: ids['张卫国'], householdId: h302.id, on: '2025-05-01' });
    expect(!early.ok && early.error.zh).toContain('上一次事件');
    const clerk = await v.call('clerk', 'lifeEvents.record', { kind: 'death', residentId: ids['李秀英'], on: '2025-01-01' });
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
    expect(await countEvents()).toBe(n);
    expect((await resident(ids['李秀英']))?.status).toBe('active');
  });

  it('迁入 undoes 迁出 as a new event: back on the roster in the chosen household, the clock waits again', async () => {
    const r = await v.ok<{ event: LifeEventRow }>('keeper', 'lifeEvents.record', {
      kind: 'move_in',
      residentId: ids['张卫国'],
      householdId: h302.id,
      on: '2026-01-15',
      relationToHead: '户主',
    });
    const out = (await v.ok<LifeEventRow[]>('admin', 'lifeEvents.list', { subject: `resident:${ids['张卫国']}` }))[0];
    expect(r.event.counterOf).toBe(out.id);
    expect(await resident(ids['张卫国'], 'active')).toMatchObject({ householdId: h302.id, status: 'active' });
    expect(await clockOf(recordId)).toBeNull();
    const timeline = await v.ok<LifeEventRow[]>('admin', 'lifeEvents.list', { subject: `resident:${ids['张卫国']}` });
    expect(timeline.map((e) => e.kind)).toEqual(['move_out', 'move_in']);
    // The 迁出 row is as it was: undone by a new row, never edited.
    expect(timeline[0]).toEqual(out);
    expect((await v.ok<LifeEventRow[]>('admin', 'lifeEvents.list', { subject: `household:${h302.id}` })).map((e) => e.kind)).toEqual(['move_in']);
  });

  it('死亡注销 and its revocation; 设为户主 and 调户 keep the head in step', async () => {
    await v.ok('keeper', 'lifeEvents.record', { kind: 'set_head', residentId: ids['李秀英'], on: '2026-01-20' });
    expect((await household(h301.id)).headResidentId).toBe(ids['李秀英']);
    expect((await resident(ids['李秀英']))?.relationToHead).toBe('户主');
    await v.ok('keeper', 'lifeEvents.record', { kind: 'death', residentId: ids['李秀英'], on: '2026-02-01' });
    expect(await resident(ids['李秀英'], 'dead')).toMatchObject({ status: 'dead', statusOn: '2026-02-01' });
    expect((await household(h301.id)).headResidentId).toBeNull();
    const revoked = await v.call('keeper', 'lifeEvents.record', { kind: 'death_revoked', residentId: ids['李秀英'], on: '2026-02-02' });
    expect(!revoked.ok && revoked.error.fields?.[0].path).toBe('reason');
    const ok = await v.ok<{ event: LifeEventRow }>('keeper', 'lifeEvents.record', {
      kind: 'death_revoked',
      residentId: ids['李秀英'],
      on: '2026-02-02',
      reason: '误报',
    });
    expect(ok.event.counterOf).toBeTruthy();
    expect((await resident(ids['李秀英'], 'active'))?.status).toBe('active');
    await v.ok('keeper', 'lifeEvents.record', { kind: 'transfer', residentId: ids['张小明'], householdId: h302.id, on: '2026-02-03', relationToHead: '子女' });
    expect((await resident(ids['张小明']))?.householdId).toBe(h302.id);
    const same = await v.call('keeper', 'lifeEvents.record', { kind: 'transfer', residentId: ids['张小明'], householdId: h302.id, on: '2026-02-04' });
    expect(!same.ok && same.error.fields?.[0].path).toBe('householdId');
  });

  it('分户 makes a new household at the chosen address with the chosen head; 合户 closes one into another', async () => {
    // 302 now holds 张卫国 (head) and 张小明: 张小明 splits off to 2单元 501.
    const r = await v.ok<{ event: LifeEventRow }>('keeper', 'lifeEvents.record', {
      kind: 'split',
      householdId: h302.id,
      on: '2026-03-01',
      memberIds: [ids['张小明']],
      headId: ids['张小明'],
      unitId,
      room: '501',
      residenceType: 'rented',
    });
    const newId = String(r.event.details.newHouseholdId);
    expect(await household(newId)).toMatchObject({ address: '第一网格 3号楼 2单元 501', headResidentId: ids['张小明'], memberCount: 1, status: 'active' });
    expect(await household(h302.id)).toMatchObject({ memberCount: 1, headResidentId: ids['张卫国'] });
    const all = await v.call('keeper', 'lifeEvents.record', {
      kind: 'split',
      householdId: newId,
      on: '2026-03-02',
      memberIds: [ids['张小明']],
      headId: ids['张小明'],
      unitId,
      room: '502',
      residenceType: 'own',
    });
    expect(!all.ok && all.error.zh).toContain('全部成员');
    // 合户: 501 joins 302 again (the counter-event of the split); 501 is kept, marked merged, off the list.
    await v.ok('keeper', 'lifeEvents.record', { kind: 'merge', householdId: newId, intoHouseholdId: h302.id, on: '2026-04-01' });
    expect(await household(newId)).toMatchObject({ status: 'merged', memberCount: 0, headResidentId: null });
    expect((await resident(ids['张小明']))?.householdId).toBe(h302.id);
    const listed = await v.ok<Rows<HouseholdRow>>('admin', 'households.list', { offset: 0, limit: 100 });
    expect(listed.rows.map((h) => h.room).sort()).toEqual(['301', '302']);
    expect((await v.ok<LifeEventRow[]>('admin', 'lifeEvents.list', { subject: `household:${newId}` })).map((e) => e.kind)).toEqual(['split', 'merge']);
    const actions = (await v.ok<{ action: string }[]>('auditor', 'audit.list', { action: 'household.' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['household.split', 'household.merge', 'household.setHead']));
  });

  it('an event proposed for review counts only when another keeper approves it', async () => {
    const p = await v.ok<{ event: null; pendingId: string }>('keeper', 'lifeEvents.record', {
      kind: 'move_out',
      residentId: ids['张小明'],
      on: '2026-05-01',
      destination: '广州市',
      submitForReview: true,
    });
    expect(p.event).toBeNull();
    expect((await resident(ids['张小明']))?.status).toBe('active');
    // What approval would refuse is refused at once.
    const bad = await v.call('keeper', 'lifeEvents.record', {
      kind: 'move_in',
      residentId: ids['张小明'],
      householdId: h301.id,
      on: '2026-05-01',
      submitForReview: true,
    });
    expect(!bad.ok && bad.error.code).toBe('CONFLICT');
    const own = await v.call('keeper', 'review.approve', { id: p.pendingId });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    await v.ok('admin', 'review.approve', { id: p.pendingId });
    expect(await resident(ids['张小明'], 'moved_out')).toBeTruthy();
    const last = (await v.ok<LifeEventRow[]>('admin', 'lifeEvents.list', { subject: `resident:${ids['张小明']}` })).at(-1)!;
    expect(last).toMatchObject({ kind: 'move_out', recordedBy: 'admin', details: { destination: '广州市' } });
    expect(last.proposedBy).toMatch(/^keeper/);
  });

  it('an edit through the resident form keeps the roster status', async () => {
    const d = await v.ok<Record<string, unknown>>('admin', 'residents.get', { id: ids['张小明'], purpose: '核对' });
    await v.ok('admin', 'residents.update', {
      id: ids['张小明'],
      householdId: d.householdId,
      name: '张小明',
      residentType: 'registered',
      phone: '13800138000',
    });
    expect((await resident(ids['张小明']))?.status).toBe('moved_out');
  });
});
