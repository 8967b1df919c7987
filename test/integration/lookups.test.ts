import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestVault } from '../helpers/vault-fixture';

/** 查阅须经授权: a discreet-tagged household needs a keeper's approval before a clerk opens it. */
describe('look-ups of sensitive households', () => {
  const v = new TestVault();
  let residentId = '';
  let plainResidentId = '';

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
    await v.userWithRole('auditor', 'auditor');
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    const tags = await v.ok<{ id: string; name: string }[]>('admin', 'tags.list');
    const key = tags.find((t) => t.name === '重点户')!.id;
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第二网格', code: 'G02' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '5号楼', code: 'B05' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    const h1 = await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: '101', residenceType: 'rented', tagIds: [key] });
    const h2 = await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: '102', residenceType: 'own', tagIds: [] });
    residentId = (
      await v.ok<{ resident: { id: string } }>('admin', 'residents.create', { householdId: h1.household.id, name: '赵敏感', residentType: 'registered' })
    ).resident.id;
    plainResidentId = (
      await v.ok<{ resident: { id: string } }>('admin', 'residents.create', { householdId: h2.household.id, name: '钱普通', residentType: 'registered' })
    ).resident.id;
  });
  afterAll(() => v.destroy());

  it('a plain household opens with a purpose; a sensitive one is refused without approval', async () => {
    await v.ok('clerk', 'residents.get', { id: plainResidentId, purpose: '信息核对' });
    const r = await v.call('clerk', 'residents.get', { id: residentId, purpose: '信息核对' });
    expect(!r.ok && r.error.code).toBe('APPROVAL_REQUIRED');
    expect(!r.ok && r.error.zh).toContain('批准');
    expect(await v.ok('clerk', 'lookups.status', { subject: `resident:${residentId}` })).toMatchObject({ sensitive: true, allowed: false });
  });

  it('request → keeper approves → clerk views until expiry; denial keeps it closed', async () => {
    const req = await v.ok<{ id: string; status: string }>('clerk', 'lookups.request', { subject: `resident:${residentId}`, purpose: '低保复核入户' });
    expect(req.status).toBe('pending');
    const pending = await v.ok<{ id: string; subjectLabel: string; scopeLabel: string }[]>('keeper', 'lookups.pending');
    expect(pending.find((x) => x.id === req.id)).toMatchObject({ subjectLabel: '赵敏感', scopeLabel: '第二网格 5号楼 1单元 101' });
    const self = await v.call('clerk', 'lookups.decide', { id: req.id, approve: true });
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
    await v.ok('keeper', 'lookups.decide', { id: req.id, approve: true, hours: 2 });
    const detail = await v.ok<{ name: string }>('clerk', 'residents.get', { id: residentId, purpose: '低保复核入户' });
    expect(detail.name).toBe('赵敏感');
    v.clock.advance(3 * 3_600_000); // sessions stay open (idle limit raised to 4 h in beforeAll)
    const expired = await v.call('clerk', 'residents.get', { id: residentId, purpose: '低保复核入户' });
    expect(!expired.ok && expired.error.code).toBe('APPROVAL_REQUIRED');
    const again = await v.ok<{ id: string }>('clerk', 'lookups.request', { subject: `resident:${residentId}`, purpose: '再次核对' });
    await v.ok('keeper', 'lookups.decide', { id: again.id, approve: false, note: '无必要' });
    expect((await v.call('clerk', 'residents.get', { id: residentId, purpose: '再次核对' })).ok).toBe(false);
  });

  it('keepers open sensitive households directly, and every step is in the audit trail', async () => {
    await v.ok('keeper', 'residents.get', { id: residentId, purpose: '档案整理' });
    const log = await v.ok<{ action: string; actor: string; subject: string }[]>('auditor', 'audit.list', { limit: 200 });
    const actions = log.filter((e) => e.subject === `resident:${residentId}`).map((e) => `${e.actor.replace(/\d+$/, '')}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'clerk:lookup.refused',
        'clerk:lookup.request',
        'keeper:lookup.approve',
        'clerk:resident.view',
        'keeper:lookup.deny',
        'keeper:resident.view',
      ]),
    );
  });

  it('the auditor cannot read resident data', async () => {
    const r = await v.call('auditor', 'residents.get', { id: residentId, purpose: '检查' });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});
