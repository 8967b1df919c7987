import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listChannels } from '../../shared/contract';
import { isAllowed, PERMISSIONS } from '../../shared/permissions';
import { ROLES, type Role } from '../../shared/roles';
import { handlers } from '../../electron/ipc/handlers';
import { TestVault } from '../helpers/vault-fixture';

/**
 * A valid request for every channel. A new channel without a sample fails this test, so the
 * deny-by-default walk below always covers the whole contract.
 */
const SAMPLES: Record<string, unknown> = {
  'auth.status': {},
  'auth.setup': { communityName: 'x社区', username: 'someone', displayName: '某人', password: 'Sample-pass-1' },
  'auth.signIn': { username: 'nobody', password: 'x' },
  'auth.unlock': { password: 'x' },
  'auth.signOut': {},
  'auth.lockServer': {},
  'auth.recover': { username: 'nobody', recoveryKey: '0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000-0000', newPassword: 'Sample-pass-1' },
  'auth.changePassword': { currentPassword: 'x', newPassword: 'Sample-pass-1' },
  'auth.touch': {},
  'users.list': {},
  'users.staff': {},
  'users.create': { username: 'sample', displayName: '样例', role: 'clerk', password: 'Sample-pass-1' },
  'users.setActive': { id: 'no-such-id', active: true },
  'users.resetPassword': { id: 'no-such-id', password: 'Sample-pass-1' },
  'users.setRole': { id: 'no-such-id', role: 'clerk' },
  'users.rekey': {},
  'settings.get': {},
  'settings.update': { idleMinutes: 15 },
  'structure.tree': {},
  'structure.version': {},
  'structure.saveGrid': { name: '第一网格', code: 'G-SAMPLE' },
  'structure.saveBuilding': { gridId: 'no-such-grid', name: '1号楼', code: 'B1' },
  'structure.saveUnit': { buildingId: 'no-such-building', name: '1单元', code: 'U1' },
  'structure.remove': { level: 'unit', id: 'no-such-unit' },
  'tags.list': {},
  'tags.save': { name: '样例标签', color: '#123456', code: '样', discreet: false, order: 50 },
  'tags.remove': { id: 'no-such-tag' },
  'categories.list': { withCounts: true },
  'categories.save': { code: 'SAMPLE', nameZh: '样例分类', nameEn: 'Sample', parentCode: null, pattern: 'YL-{年度}-{件号:3}' },
  'categories.reorder': { parentCode: 'no-such-category', codes: ['no-such-category'] },
  'categories.remove': { code: 'no-such-category' },
  'households.list': {},
  'households.create': { unitId: 'no-such-unit', room: '101', residenceType: 'own' },
  'households.update': { id: 'no-such-household', unitId: 'no-such-unit', room: '101', residenceType: 'own' },
  'residents.list': {},
  'residents.get': { id: 'no-such-resident', purpose: '核对信息' },
  'residents.create': { householdId: 'no-such-household', name: '张三', residentType: 'registered' },
  'residents.update': { id: 'no-such-resident', householdId: 'no-such-household', name: '张三', residentType: 'registered' },
  'roster.list': { filters: { ageMin: 80 }, sort: { key: 'age', dir: 'desc' } },
  'roster.prefs': {},
  'roster.saveColumns': { columns: ['name', 'age'] },
  'roster.saveSearch': { name: '高龄', filters: { ageMin: 80 } },
  'roster.removeSearch': { name: '高龄' },
  'roster.batchEdit': { residentIds: ['no-such-resident'], addTagIds: ['no-such-tag'] },
  'roster.gridMovePreview': { residentIds: ['no-such-resident'], gridId: 'no-such-grid' },
  'locations.list': {},
  'locations.save': { room: '档案室', cabinet: '1', shelf: '1', box: '1' },
  'records.list': {},
  'records.get': { id: 'no-such-record' },
  'records.byArchiveNo': { archiveNo: 'SQ01-2026-Y-0001' },
  'records.nextNumber': { year: 2026, retentionClass: 'Y' },
  'records.create': {
    title: '样例',
    residentClass: 'registered',
    contentCategory: 'basic',
    carrier: 'electronic',
    pages: 1,
    year: 2026,
    sensitivity: 'internal',
    retentionClass: 'Y',
  },
  'records.update': {
    id: 'no-such-record',
    title: '样例',
    residentClass: 'registered',
    contentCategory: 'basic',
    carrier: 'electronic',
    pages: 1,
    year: 2026,
    sensitivity: 'internal',
    retentionClass: 'Y',
  },
  'attachments.list': { recordId: 'no-such-record' },
  'attachments.add': { recordId: 'no-such-record', fileName: 'a.pdf', mime: 'application/pdf', dataBase64: 'JVBERi0=' },
  'attachments.view': { id: 'no-such-attachment', purpose: '核对' },
  'attachments.export': { id: 'no-such-attachment', purpose: '核对' },
  'attachments.verify': { id: 'no-such-attachment' },
  'review.list': {},
  'review.history': { subject: 'resident:no-such-resident' },
  'review.approve': { id: 'no-such-change' },
  'review.reject': { id: 'no-such-change' },
  'lifeEvents.record': { kind: 'move_out', residentId: 'no-such-resident', on: '2026-01-01', destination: '北京市朝阳区' },
  'lifeEvents.list': { subject: 'resident:no-such-resident' },
  'search.query': { q: 'zs' },
  'dashboard.get': {},
  'print.startCovers': { scope: { kind: 'building', id: 'no-such-building' }, options: {} },
  'print.job': { id: 'no-such-job' },
  'print.cancel': { id: 'no-such-job' },
  'print.buildingCover': { buildingId: 'no-such-building', options: {} },
  'print.boxSpine': { locationId: 'no-such-location', spineWidthMm: 30, options: {} },
  'print.boxSheet': {
    locationId: 'no-such-location',
    notes: [],
    arrangedBy: '甲',
    arrangedDate: '2026-01-01',
    checkedBy: '乙',
    checkedDate: '2026-01-02',
    options: {},
  },
  'print.labels': { recordIds: ['no-such-record'], options: {} },
  'print.calibration': { options: {} },
  'print.annualReport': { year: 2026, format: 'xlsx' },
  'retention.dueList': {},
  'retention.holds': { recordId: 'no-such-record' },
  'retention.hold': { recordId: 'no-such-record', reason: '信访未结' },
  'retention.release': { holdId: 'no-such-hold', reason: '已结' },
  'retention.setClock': { recordId: 'no-such-record', event: 'moved_out', on: '2026-01-01' },
  'appraisal.create': { purpose: '到期鉴定', scope: '全部', members: ['甲', '乙'], recordIds: ['no-such-record'] },
  'appraisal.list': {},
  'appraisal.get': { id: 'no-such-batch' },
  'appraisal.decide': { itemId: 'no-such-item', decision: { kind: 'keep' }, reason: '仍有价值' },
  'appraisal.review': { itemId: 'no-such-item' },
  'appraisal.close': { id: 'no-such-batch' },
  'appraisal.reportPdf': { id: 'no-such-batch' },
  'destruction.propose': { items: [{ recordId: 'no-such-record', reason: '期满' }] },
  'destruction.list': {},
  'destruction.get': { id: 'no-such-batch' },
  'destruction.approve': { id: 'no-such-batch', opinion: '同意' },
  'destruction.repropose': { id: 'no-such-batch' },
  'destruction.tombstone': { recordId: 'no-such-record' },
  'destruction.reject': { id: 'no-such-batch', reason: '暂缓' },
  'destruction.confirmSupervisor': { id: 'no-such-batch', username: 'nobody', password: 'x' },
  'destruction.execute': { id: 'no-such-batch', time: '2026-06-18 10:00', place: '档案室', methods: ['shred'] },
  'destruction.registerPdf': { id: 'no-such-batch' },
  'destruction.certificatePdf': { id: 'no-such-batch' },
  'destruction.checkCertificate': { sha256: 'a'.repeat(64) },
  'lending.checkout': {
    recordIds: ['no-such-record'],
    kind: 'borrow',
    borrower: { kind: 'staff', userId: 'no-such-user' },
    approval: { mode: 'paper', approverName: '李主任', scan: { fileName: 'slip.png', mime: 'image/png', dataBase64: 'iVBORw0KGgo=' } },
    purpose: '核对',
    pagesConfirmed: true,
  },
  'lending.return': { loanId: 'no-such-loan', pagesCounted: 3 },
  'lending.renew': { loanId: 'no-such-loan' },
  'lending.recall': { loanId: 'no-such-loan', method: '电话' },
  'lending.list': {},
  'lending.recalls': { loanId: 'no-such-loan' },
  'lending.approvalScan': { loanId: 'no-such-loan' },
  'lending.slipPdf': { slipNo: 'JY-20260101-001' },
  'lending.recallPdf': { loanId: 'no-such-loan' },
  'lending.stats': { year: 2026 },
  'lookups.request': { subject: 'resident:no-such', purpose: '核对信息' },
  'lookups.mine': {},
  'lookups.pending': {},
  'lookups.decide': { id: 'no-such-request', approve: true },
  'lookups.status': { subject: 'resident:no-such' },
  'audit.list': {},
  'audit.verify': {},
  'audit.bySubject': { subject: 'record:no-such' },
  'audit.checkpoint': {},
  'audit.checkAgainstCheckpoint': { seq: 1, hash: '0'.repeat(64) },
  'audit.export': { from: '2026-01-01', to: '2026-01-31', format: 'csv' },
  'audit.monthlyReport': { month: '2026-01', format: 'xlsx' },
  'importer.template': {},
  'importer.dryRun': { fileName: 'a.csv', dataBase64: Buffer.from('网格,楼栋,单元,房号,姓名\n').toString('base64') },
  'importer.start': { fileName: 'a.csv', dataBase64: Buffer.from('网格,楼栋,单元,房号,姓名\n').toString('base64') },
  'importer.job': { jobId: 'no-such-job' },
  'importer.cancel': { jobId: 'no-such-job' },
  'importer.mappings': {},
  'importer.saveMappings': { mappings: [{ columnKey: 'residenceType', value: '公租房', target: '租住' }] },
  'importer.removeMapping': { columnKey: 'residenceType', value: '没有这个映射' },
  'importer.rejectedRows': { fileName: 'a.csv', dataBase64: Buffer.from('网格,楼栋,单元,房号,姓名\n').toString('base64') },
  'exporter.list': { kind: 'households', format: 'csv', purpose: '核对名单' },
  'backup.create': { path: 'relative.arbak' },
  'backup.status': {},
  // A path that does not exist: the handler refuses before any folder is made.
  'backup.restore': { source: { kind: 'path', path: '/no/such/folder/x.arbak' }, password: 'x' },
  'backup.schedule': {},
  // Off, so the handler saves it without needing the folder to exist.
  'backup.saveSchedule': { enabled: false, folder: '/no/such/folder', frequency: 'weekly', keep: 4 },
  'backup.chooseFolder': {},
};

describe('contract × roles: deny by default', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    for (const role of ROLES) await v.userWithRole(role, `as-${role}`);
  });
  afterAll(() => v.destroy());

  const channels = listChannels();

  it('every channel has a request sample, a handler and a known access rule', () => {
    for (const c of channels) {
      expect(SAMPLES, c.name).toHaveProperty(c.name);
      expect(typeof (handlers as unknown as Record<string, Record<string, unknown>>)[c.area][c.action], c.name).toBe('function');
      expect(c.def.access === 'public' || c.def.access === 'session' || c.def.access in PERMISSIONS, c.name).toBe(true);
      expect(c.def.req.safeParse(SAMPLES[c.name]).success, `${c.name} sample parses`).toBe(true);
    }
  });

  const guarded = channels.filter((c) => c.def.access !== 'public');

  for (const role of ROLES) {
    it(`${role}: every permission-guarded channel outside its grants is refused before the handler runs`, async () => {
      for (const c of guarded.filter((x) => x.def.access !== 'session')) {
        const allowed = isAllowed(role as Role, c.def.access);
        const group = (handlers as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[c.area];
        const spy = vi.spyOn(group, c.action);
        const r = await v.call(`as-${role}`, c.name, SAMPLES[c.name]);
        if (allowed) {
          expect(spy, `${role} ${c.name} reaches its handler`).toHaveBeenCalledTimes(1);
        } else {
          expect(spy, `${role} ${c.name} must not reach its handler`).not.toHaveBeenCalled();
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.code, `${role} ${c.name}`).toBe('FORBIDDEN');
        }
        spy.mockRestore();
      }
    });
  }

  it('no session: every non-public channel says UNAUTHENTICATED', async () => {
    for (const c of guarded) {
      const r = await v.call('stranger', c.name, SAMPLES[c.name]);
      expect(r.ok, c.name).toBe(false);
      if (!r.ok) expect(r.error.code, c.name).toBe('UNAUTHENTICATED');
    }
  });

  it('an untrusted sender is refused on every channel, public ones included', async () => {
    const { dispatch } = await import('../../electron/ipc/dispatch');
    for (const c of channels) {
      const r = await dispatch(v.core, handlers, { trusted: false, clientId: 'as-admin' }, c.name, SAMPLES[c.name]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_SENDER');
    }
  });

  it('unknown channels and prototype names are refused', async () => {
    for (const name of ['users.drop', 'nothing', '__proto__.constructor', 'users.constructor', 'auth.hasOwnProperty']) {
      const r = await v.call('as-admin', name, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('the permission table denies roles and actions it does not name', () => {
    expect(isAllowed('admin', 'no.such.permission')).toBe(false);
    expect(isAllowed(undefined, 'users.read')).toBe(false);
    expect(isAllowed('auditor', 'users.manage')).toBe(false);
    expect(isAllowed('clerk', 'audit.read')).toBe(false);
    expect(isAllowed('auditor', 'audit.read')).toBe(true);
  });

  it('refusals are written to the audit trail', async () => {
    const rows = await v.ok<{ action: string; details: string }[]>('as-admin', 'audit.list', { action: 'access.denied', limit: 500 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.details.includes('users.create'))).toBe(true);
  });
});
