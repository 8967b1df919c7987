import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/contract/audit.contract';
import type { DestructionBatchRow, TombstoneRow } from '../../shared/contract/retention.contract';
import { hasAuditWords } from '../../shared/domain/audit-actions';
import { pdfText } from '../helpers/pdf-tools';
import { PASSWORD, TestVault } from '../helpers/vault-fixture';

/**
 * The destruction procedure as a keeper and an inspector read it: paper-only and electronic
 * records; a register frozen at approval (a hold afterwards blocks execution until it is
 * re-submitted and approved again); four different people, supervisors on passwords of their
 * own; every refusal in the audit trail; a certificate naming every 档号 and every person.
 */
describe('destruction by procedure: frozen register, four people, refusals audited', () => {
  const v = new TestVault();
  const TEMP = 'Temp-pass-2026';
  const user = { approver: '', sup1: '', sup2: '', temp: '', keeper: '' };
  type Rec = { id: string; archiveNo: string; carrier: string };
  const recs: Rec[] = [];
  let held: Rec;
  let edited: Rec;
  let batch: DestructionBatchRow;
  const attachmentIds: string[] = [];

  /** A user with a display name of their own, signed in as client `client` with their own password. */
  async function person(client: string, role: string, username: string, displayName: string, ownPassword = true): Promise<string> {
    await v.ok('admin', 'users.create', { username, displayName, role, password: TEMP });
    if (ownPassword) {
      await v.ok(client, 'auth.signIn', { username, password: TEMP });
      await v.ok(client, 'auth.changePassword', { currentPassword: TEMP, newPassword: PASSWORD });
    }
    return username;
  }
  async function record(title: string, carrier: string): Promise<Rec> {
    const loc =
      (await v.ok<{ id: string }[]>('admin', 'locations.list'))[0]?.id ??
      (await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '02', shelf: '3', box: '010' })).id;
    const r = await v.ok<{ id: string; archiveNo: string }>('admin', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory: 'living',
      carrier,
      pages: 7,
      year: 2010,
      sensitivity: 'internal',
      retentionClass: 'D10',
      locationId: carrier === 'electronic' ? null : loc,
    });
    if (carrier !== 'paper') {
      const a = await v.ok<{ id: string }>('admin', 'attachments.add', {
        recordId: r.id,
        fileName: `${title}.pdf`,
        mime: 'application/pdf',
        dataBase64: Buffer.from(`%PDF-1.4\n% ${title}\n%%EOF\n`).toString('base64'),
      });
      attachmentIds.push(a.id);
    }
    return { ...r, carrier };
  }
  const refusals = async (action: string) => v.ok<AuditRow[]>('admin', 'audit.list', { action, limit: 50 });
  const supervise = (username: string, password = PASSWORD) => v.call('keeper', 'destruction.confirmSupervisor', { id: batch.id, username, password });

  beforeAll(async () => {
    v.clock.advance(new Date(2026, 5, 18, 9, 0).getTime() - Date.now());
    await v.setup(); // admin 王管理 proposes
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    user.keeper = await person('keeper', 'keeper', 'lidangan', '李档案');
    user.approver = await person('admin2', 'admin', 'zhaosj', '赵书记');
    user.sup1 = await person('sup1', 'auditor', 'sunjd', '孙监督');
    user.sup2 = await person('sup2', 'keeper', 'zhouwy', '周委员');
    user.temp = await person('temp', 'keeper', 'qianlin', '钱临时', false);
    await person('clerk', 'clerk', 'wuchayue', '吴查阅');
    recs.push(await record('王某某低保申请材料', 'paper'));
    recs.push(await record('李某某困难补助材料', 'paper'));
    recs.push(await record('赵某某迁出登记材料', 'paper'));
    recs.push(await record('孙某某入户调查（纸质+扫描）', 'both'));
    recs.push(await record('周某某服务办理（纸质+扫描）', 'both'));
    recs.push(await record('吴某某电子表格', 'electronic'));
    held = recs[2];
    edited = recs[1];
  }, 120_000);
  afterAll(() => v.destroy());

  it('refuses to list a held record, and the refusal is in the audit trail', async () => {
    const h = await v.ok<{ id: string }>('keeper', 'retention.hold', { recordId: recs[0].id, reason: '信访案件未结' });
    const r = await v.call('admin', 'destruction.propose', { items: [{ recordId: recs[0].id, reason: '保管期满' }] });
    expect(!r.ok && r.error.zh).toContain('冻结');
    const [entry] = await refusals('destruction.propose.refused');
    expect(entry).toMatchObject({ actor: 'admin', subject: `record:${recs[0].id}` });
    expect(JSON.parse(entry.details).reason).toContain('冻结');
    await v.ok('keeper', 'retention.release', { holdId: h.id, reason: '案件已结' });
  });

  it('the proposer cannot approve their own register (refusal audited)', async () => {
    batch = await v.ok<DestructionBatchRow>('admin', 'destruction.propose', {
      items: recs.map((r) => ({ recordId: r.id, reason: '保管期满，经鉴定无保存价值' })),
    });
    expect(batch).toMatchObject({ status: 'proposed', revision: 1, proposedBy: 'admin', proposedByName: '王管理', problems: [] });
    const self = await v.call('admin', 'destruction.approve', { id: batch.id, opinion: '同意' });
    expect(!self.ok && self.error.zh).toContain('提出人以外');
    const [entry] = await refusals('destruction.approve.refused');
    expect(entry).toMatchObject({ actor: 'admin', subject: `destruction:${batch.id}` });
    expect(JSON.parse(entry.details)).toMatchObject({ code: 'FORBIDDEN', reason: expect.stringContaining('提出人以外') });
  });

  it('approval freezes the register; the approver names are display names', async () => {
    batch = await v.ok<DestructionBatchRow>('admin2', 'destruction.approve', { id: batch.id, opinion: '同意按清册销毁' });
    expect(batch).toMatchObject({ status: 'approved', approvedBy: user.approver, approvedByName: '赵书记', problems: [] });
    const [entry] = await refusals('destruction.approve');
    expect(JSON.parse(entry.details).snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('supervisors: not the proposer, not the approver, not on a temporary password — each refusal audited', async () => {
    const cases: [string, string, string][] = [
      ['admin', 'Admin-pass-2026', '提出人不能担任监销人'],
      [user.approver, PASSWORD, '审批人不能担任监销人'],
      [user.temp, TEMP, '临时密码'],
    ];
    for (const [who, pw, why] of cases) {
      const r = await supervise(who, pw);
      expect(!r.ok && r.error.zh, who).toContain(why);
    }
    const wrong = await supervise(user.sup1, 'not-it-12345');
    expect(!wrong.ok && wrong.error.code).toBe('BAD_CREDENTIALS');
    const logged = (await refusals('destruction.supervise.refused')).map((e) => ({ actor: e.actor, subject: e.subject, ...JSON.parse(e.details) }));
    expect(logged.map((e) => e.supervisor).sort()).toEqual(['admin', user.approver, user.sup1, user.temp].sort());
    for (const e of logged) expect(e).toMatchObject({ actor: user.keeper, subject: `destruction:${batch.id}` });
    expect(logged.find((e) => e.supervisor === user.temp)!.reason).toContain('临时密码');
    batch = await v.ok<DestructionBatchRow>('admin', 'destruction.get', { id: batch.id });
    expect(batch.supervisors).toEqual([]);
  });

  it('a hold placed after approval does not edit the register: execution is refused with what changed', async () => {
    v.clock.advance(2_000_000); // past the throttle after the wrong password
    await v.travel(0, ['keeper']);
    await v.ok('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: user.sup1, password: PASSWORD });
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: user.sup2, password: PASSWORD });
    expect(batch.supervisors.map((s) => s.name)).toEqual(['孙监督', '周委员']);

    await v.ok('keeper', 'retention.hold', { recordId: held.id, reason: '居民提出异议，暂缓销毁' });
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.get', { id: batch.id });
    expect(batch.items.map((i) => i.archiveNo)).toContain(held.archiveNo); // still listed: nothing silently removed
    expect(batch.problems.map((p) => p.archiveNo)).toEqual([held.archiveNo]);
    expect(batch.problems[0].zh).toContain('审批后被冻结');

    const r = await v.call('keeper', 'destruction.execute', {
      id: batch.id,
      time: '2026-06-18 10:00',
      place: '社区档案室',
      methods: ['shred', 'key_destruction'],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.zh).toContain(`${held.archiveNo}（审批后被冻结）`);
      expect(r.error.zh).toContain('重新提交');
      expect(r.error.en).toContain('Re-submit');
    }
    const m = v.core.services.db.manager;
    expect((await m.query("SELECT count(*) AS n FROM archive_records WHERE status = 'destroyed'"))[0].n).toBe(0);
    expect(await m.query('SELECT * FROM tombstones')).toHaveLength(0);
    const [entry] = await refusals('destruction.execute.refused');
    expect(entry).toMatchObject({ actor: user.keeper, subject: `destruction:${batch.id}` });
    expect(JSON.parse(entry.details).reason).toContain(held.archiveNo);
    // The supervisors cannot confirm a changed register either.
    const late = await supervise(user.sup1);
    expect(late.ok).toBe(false);
  });

  it('re-submitting drops the held record and clears approval and supervisors', async () => {
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.repropose', { id: batch.id });
    expect(batch).toMatchObject({
      status: 'proposed',
      revision: 2,
      proposedBy: user.keeper,
      proposedByName: '李档案',
      approvedBy: null,
      supervisors: [],
      problems: [],
    });
    expect(batch.items.map((i) => i.archiveNo)).not.toContain(held.archiveNo);
    expect(batch.items).toHaveLength(5);
    expect((await v.ok<{ status: string }>('admin', 'records.get', { id: held.id })).status).toBe('on_hold');
    const [entry] = await refusals('destruction.repropose');
    expect(JSON.parse(entry.details).dropped[0]).toMatchObject({ archiveNo: held.archiveNo });
  });

  it('an edit of a listed record after the second approval blocks it too', async () => {
    batch = await v.ok<DestructionBatchRow>('admin2', 'destruction.approve', { id: batch.id, opinion: '同意销毁（第二次审批）' });
    const before = await v.ok<Record<string, unknown>>('admin', 'records.get', { id: edited.id });
    const { id: _id, archiveNo, title: _t, pages: _p, ...rest } = before;
    const keep = Object.fromEntries(
      Object.entries(rest).filter(([k]) =>
        [
          'responsible',
          'residentId',
          'householdId',
          'buildingId',
          'residentClass',
          'contentCategory',
          'carrier',
          'items',
          'dateFrom',
          'dateTo',
          'year',
          'sensitivity',
          'retentionClass',
          'retentionYears',
          'locationId',
          'note',
        ].includes(k),
      ),
    );
    await v.ok('admin', 'records.update', { id: edited.id, archiveNo, title: '李某某困难补助材料（补）', pages: 9, ...keep });
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.get', { id: batch.id });
    expect(batch.problems).toEqual([expect.objectContaining({ archiveNo: edited.archiveNo, zh: '题名、页数已修改' })]);
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.repropose', { id: batch.id });
    expect(batch.revision).toBe(3);
    expect(batch.items).toHaveLength(5); // still eligible: it stays, with its new title and pages
  });

  it('approve → two supervisors → execute: every 档号 and every name on the certificate, totals that add up', async () => {
    batch = await v.ok<DestructionBatchRow>('admin2', 'destruction.approve', { id: batch.id, opinion: '同意销毁' });
    await v.ok('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: user.sup1, password: PASSWORD });
    await v.ok('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: user.sup2, password: PASSWORD });
    batch = await v.ok<DestructionBatchRow>('keeper', 'destruction.execute', {
      id: batch.id,
      time: '2026-06-18 10:00',
      place: '社区档案室',
      methods: ['shred', 'key_destruction'],
    });
    expect(batch.status).toBe('executed');
    const destroyed = recs.filter((r) => r !== held);
    // The register drawer: electronic files counted from the tombstones, not the (deleted) attachment rows.
    expect(Object.fromEntries(batch.items.map((i) => [i.archiveNo, i.attachments]))).toEqual(
      Object.fromEntries(destroyed.map((r) => [r.archiveNo, r.carrier === 'paper' ? 0 : 1])),
    );
    expect(batch).toMatchObject({ approvedByName: '赵书记', proposedByName: '李档案' });

    const cert = pdfText(Buffer.from((await v.ok<{ dataBase64: string }>('admin', 'destruction.certificatePdf', { id: batch.id })).dataBase64, 'base64'), {
      layout: true,
    });
    const flat = cert.replace(/\s+/g, '');
    for (const r of destroyed) expect(flat, r.archiveNo).toContain(r.archiveNo.replace(/\s+/g, ''));
    expect(flat).not.toContain(held.archiveNo.replace(/\s+/g, ''));
    for (const n of ['赵书记', '孙监督', '周委员']) expect(flat).toContain(n);
    for (const u of [user.approver, user.sup1, user.sup2]) expect(flat).not.toContain(u);
    expect(flat).toContain('共计0卷5件37页'); // 7+9+7+7+7: the edited record counts with its new pages
    const keyIds: string[] = (await v.core.services.db.manager.query('SELECT key_ids FROM tombstones')).flatMap((t: { key_ids: string }) =>
      JSON.parse(t.key_ids),
    );
    expect(keyIds.sort()).toEqual([...attachmentIds].sort());
    for (const k of keyIds) expect(flat).toContain(k);

    const reg = pdfText(Buffer.from((await v.ok<{ dataBase64: string }>('admin', 'destruction.registerPdf', { id: batch.id })).dataBase64, 'base64'), {
      layout: true,
    }).replace(/\s+/g, '');
    expect(reg).toContain('共计0卷5件37页');
    for (const n of ['李档案', '赵书记', '孙监督', '周委员']) expect(reg).toContain(n);
    expect(reg).not.toContain(user.approver);
  });

  it('the tombstone names the register, the people and the reason; a live record has none', async () => {
    const t = await v.ok<TombstoneRow>('clerk', 'destruction.tombstone', { recordId: recs[3].id });
    expect(t).toMatchObject({
      registerNo: batch.registerNo,
      archiveNo: recs[3].archiveNo,
      place: '社区档案室',
      methods: ['shred', 'key_destruction'],
      reason: '保管期满，经鉴定无保存价值',
      approver: { name: '赵书记', username: user.approver },
      proposer: { name: '李档案' },
      keysDestroyed: 1,
    });
    expect(t.supervisors.map((s) => s.name)).toEqual(['孙监督', '周委员']);
    expect(await v.ok('clerk', 'destruction.tombstone', { recordId: held.id })).toBeNull();
    const edit = await v.call('admin', 'attachments.add', {
      recordId: recs[0].id,
      fileName: 'x.pdf',
      mime: 'application/pdf',
      dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
    });
    expect(!edit.ok && edit.error.zh).toContain('已销毁');
  });

  it('every entry this procedure wrote reads as words', async () => {
    const all = await v.ok<AuditRow[]>('admin', 'audit.list', { limit: 500 });
    const actions = [...new Set(all.map((e) => e.action))];
    expect(actions).toEqual(
      expect.arrayContaining([
        'destruction.propose.refused',
        'destruction.approve.refused',
        'destruction.supervise.refused',
        'destruction.execute.refused',
        'destruction.repropose',
        'destruction.record',
      ]),
    );
    expect(actions.filter((a) => !hasAuditWords(a))).toEqual([]);
    expect((await v.core.services.audit.verify()).ok).toBe(true);
  });

  it('the audit export and the monthly report carry the same words', async () => {
    const day = '2026-06-18';
    const csv = Buffer.from((await v.ok<{ base64: string }>('admin', 'audit.export', { from: day, to: day, format: 'csv' })).base64, 'base64').toString('utf8');
    const refused = csv.split('\r\n').find((l) => l.includes(',destruction.execute.refused,'))!;
    expect(refused.endsWith('执行销毁被拒绝 / Destruction refused')).toBe(true);
    const report = await v.ok<{ base64: string }>('admin', 'audit.monthlyReport', { month: '2026-06', format: 'pdf' });
    const text = pdfText(Buffer.from(report.base64, 'base64')).replace(/\s+/g, '');
    expect(text).toContain('监销人确认被拒绝/Supervisorconfirmationrefused（destruction.supervise.refused）');
  });
});
