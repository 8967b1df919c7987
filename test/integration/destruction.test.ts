import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../../electron/db/engine';
import { pdfText } from '../helpers/pdf-tools';
import { PASSWORD, TestVault } from '../helpers/vault-fixture';

type Batch = { id: string; registerNo: string; status: string; supervisors: unknown[]; items: { recordId: string }[]; registerSha256: string | null };

/** Appraise → propose → approve → two supervisors → execute, on a real vault with attachments. */
describe('retention, appraisal and destruction by procedure', () => {
  const v = new TestVault();
  const ids: string[] = [];
  const nos: string[] = [];
  const attachmentIds: string[] = [];
  let cipherSample = Buffer.alloc(0);
  let batch: Batch;
  let sup1 = '';
  let sup2 = '';
  let admin2 = '';

  const record = async (title: string, year: number, retentionClass: string, carrier = 'both') => {
    const loc =
      (await v.ok<{ id: string }[]>('admin', 'locations.list'))[0]?.id ??
      (await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '02', shelf: '3', box: '010' })).id;
    return v.ok<{ id: string; archiveNo: string }>('admin', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory: 'living',
      carrier,
      pages: 7,
      year,
      sensitivity: 'internal',
      retentionClass,
      locationId: loc,
    });
  };

  beforeAll(async () => {
    v.clock.advance(new Date(2026, 5, 18, 9, 0).getTime() - Date.now());
    await v.setup();
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    await v.userWithRole('keeper', 'keeper');
    admin2 = await v.userWithRole('admin', 'admin2');
    sup1 = await v.userWithRole('auditor', 'sup1');
    sup2 = await v.userWithRole('keeper', 'sup2');
    for (let i = 0; i < 3; i++) {
      const r = await record(`王某某生活状况档案第${i + 1}件`, 2012 + i, 'D10');
      ids.push(r.id);
      nos.push(r.archiveNo);
    }
    const pdf = Buffer.from(`%PDF-1.4\n% SECRET-SCAN-CONTENT-${'x'.repeat(2000)}\n%%EOF\n`);
    for (const id of ids.slice(0, 2)) {
      const a = await v.ok<{ id: string }>('admin', 'attachments.add', {
        recordId: id,
        fileName: '入户调查.pdf',
        mime: 'application/pdf',
        dataBase64: pdf.toString('base64'),
      });
      attachmentIds.push(a.id);
    }
    cipherSample = readFileSync(join(v.dataDir, 'attachments', `${attachmentIds[0]}.enc`)).subarray(64, 1024);
  });
  afterAll(() => v.destroy());

  it('the due list shows records whose 10 years have run out, earliest first', async () => {
    const due = await v.ok<{ rows: { recordId: string; bucket: string; dueDate: string; yearsKept: number }[]; counts: Record<string, number> }>(
      'keeper',
      'retention.dueList',
      {},
    );
    const mine = due.rows.filter((r) => ids.includes(r.recordId));
    expect(mine.map((r) => r.dueDate)).toEqual(['2023-01-01', '2024-01-01', '2025-01-01']);
    expect(mine.every((r) => r.bucket === 'overdue')).toBe(true);
    expect(mine[0].yearsKept).toBe(13);
  });

  it('holds block destruction; not-due records are refused unless an administrator overrides with a reason', async () => {
    const young = await record('新近档案', 2025, 'D10');
    const h = await v.ok<{ id: string }>('keeper', 'retention.hold', { recordId: ids[2], reason: '信访案件未结' });
    const held = await v.call('keeper', 'destruction.propose', { items: [{ recordId: ids[2], reason: '保管期满' }] });
    expect(!held.ok && held.error.zh).toContain('冻结');
    await v.ok('keeper', 'retention.release', { holdId: h.id, reason: '案件已结' });
    const notDue = await v.call('keeper', 'destruction.propose', { items: [{ recordId: young.id, reason: '重复件' }] });
    expect(!notDue.ok && notDue.error.zh).toContain('未满');
    const keeperOverride = await v.call('keeper', 'destruction.propose', { items: [{ recordId: young.id, reason: '重复件', overrideReason: '与另一件重复' }] });
    expect(!keeperOverride.ok && keeperOverride.error.code).toBe('FORBIDDEN');
    const ok = await v.ok<Batch>('admin', 'destruction.propose', {
      items: [{ recordId: young.id, reason: '重复件', overrideReason: '与 SQ01 另一件完全重复' }],
    });
    await v.ok('admin2', 'destruction.reject', { id: ok.id, reason: '暂缓' });
    expect((await v.ok<{ status: string }>('admin', 'records.get', { id: young.id })).status).toBe('in');
    const log = await v.ok<{ action: string }[]>('admin', 'audit.list', { action: 'destruction.override', limit: 5 });
    expect(log).toHaveLength(1);
  });

  it('appraisal: decisions with a second reviewer, then the batch closes and marks the records', async () => {
    const b = await v.ok<{ id: string; items: { id: string; recordId: string }[] }>('keeper', 'appraisal.create', {
      purpose: '2026年度到期档案鉴定',
      scope: '生活状况类 D10',
      members: ['王主任', '李档案'],
      recordIds: ids,
    });
    for (const it of b.items) await v.ok('keeper', 'appraisal.decide', { itemId: it.id, decision: { kind: 'destroy' }, reason: '保管期满，无继续保存价值' });
    const self = await v.call('keeper', 'appraisal.review', { itemId: b.items[0].id });
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
    const early = await v.call('admin', 'appraisal.close', { id: b.id });
    expect(!early.ok && early.error.zh).toContain('未鉴定或未复核');
    for (const it of b.items) await v.ok('admin', 'appraisal.review', { itemId: it.id });
    await v.ok('admin', 'appraisal.close', { id: b.id });
    const report = Buffer.from((await v.ok<{ dataBase64: string }>('admin', 'appraisal.reportPdf', { id: b.id })).dataBase64, 'base64');
    const text = pdfText(report).replace(/\s+/g, '');
    for (const no of nos) expect(text).toContain(no.replace(/\s+/g, ''));
  });

  it('propose (keeper) → approve (another administrator) → two supervisors with their own passwords', async () => {
    batch = await v.ok<Batch>('keeper', 'destruction.propose', { items: ids.map((recordId) => ({ recordId, reason: '保管期满，经鉴定无保存价值' })) });
    expect(batch.status).toBe('proposed');
    expect((await v.ok<{ status: string }>('admin', 'records.get', { id: ids[0] })).status).toBe('pending_destruction');
    const loan = await v.call('admin', 'lending.checkout', {
      recordIds: [ids[0]],
      kind: 'borrow',
      borrower: { kind: 'staff', userId: 'x' },
      approval: { mode: 'paper', approverName: '李主任', scan: { fileName: 'slip.png', mime: 'image/png', dataBase64: 'iVBORw0KGgo=' } },
      purpose: 'x',
      pagesConfirmed: true,
    });
    expect(loan.ok).toBe(false);
    const keeperApproves = await v.call('keeper', 'destruction.approve', { id: batch.id, opinion: '同意' });
    expect(!keeperApproves.ok && keeperApproves.error.code).toBe('FORBIDDEN');
    batch = await v.ok<Batch>('admin2', 'destruction.approve', { id: batch.id, opinion: '同意销毁' });
    const early = await v.call('keeper', 'destruction.execute', {
      id: batch.id,
      time: '2026-06-18 10:00',
      place: '社区档案室',
      methods: ['shred', 'key_destruction'],
    });
    expect(!early.ok && early.error.zh).toContain('两名监销人');
    const wrong = await v.call('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: sup1, password: 'not-it-123' });
    expect(!wrong.ok && wrong.error.code).toBe('BAD_CREDENTIALS');
    await v.ok('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: sup1, password: PASSWORD });
    const twice = await v.call('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: sup1, password: PASSWORD });
    expect(twice.ok).toBe(false);
    batch = await v.ok<Batch>('keeper', 'destruction.confirmSupervisor', { id: batch.id, username: sup2, password: PASSWORD });
    expect(batch.supervisors).toHaveLength(2);
    void admin2;
  });

  it('executes in one go: tombstones, keys and ciphertext gone, register and certificate printed', async () => {
    batch = await v.ok<Batch>('keeper', 'destruction.execute', {
      id: batch.id,
      time: '2026-06-18 10:00',
      place: '社区档案室',
      methods: ['shred', 'key_destruction'],
    });
    expect(batch.status).toBe('executed');
    const m = v.core.services.db.manager;
    expect((await m.query("SELECT count(*) AS n FROM archive_records WHERE status = 'destroyed'"))[0].n).toBe(3);
    const tomb: { archive_no: string; title: string; key_ids: string }[] = await m.query(
      'SELECT archive_no, title, key_ids FROM tombstones ORDER BY archive_no',
    );
    expect(tomb.map((t) => t.archive_no)).toEqual(nos);
    expect(tomb[0].title).toContain('王某某');
    await expect(m.query('DELETE FROM tombstones')).rejects.toThrow(/append-only/);
    expect(await m.query('SELECT * FROM attachments')).toHaveLength(0);
    for (const a of attachmentIds) expect(existsSync(join(v.dataDir, 'attachments', `${a}.enc`))).toBe(false);
    // The viewer gets nothing of a destroyed record's file, and no view is logged.
    const viewed = await v.call('admin', 'attachments.view', { id: attachmentIds[0], purpose: '核对' });
    expect(!viewed.ok && viewed.error.code).toBe('NOT_FOUND');
    expect(Number((await m.query("SELECT count(*) AS n FROM audit_log WHERE action = 'attachment.view'"))[0].n)).toBe(0);
    expect(await dialectOf(v.core.services.db.ds).integrityCheck(v.core.services.db.ds)).toBe('ok');
    expect((await v.core.services.audit.verify()).ok).toBe(true);

    const reg = await v.ok<{ dataBase64: string; sha256: string }>('admin', 'destruction.registerPdf', { id: batch.id });
    const regBytes = Buffer.from(reg.dataBase64, 'base64');
    expect(createHash('sha256').update(regBytes).digest('hex')).toBe(batch.registerSha256);
    const regText = pdfText(regBytes, { layout: true });
    for (const no of nos) expect(regText).toContain(no);
    expect(regText).toContain('共计 0 卷 3 件 21 页');
    const cert = pdfText(Buffer.from((await v.ok<{ dataBase64: string }>('admin', 'destruction.certificatePdf', { id: batch.id })).dataBase64, 'base64'), {
      layout: true,
    }).replace(/\s+/g, '');
    expect(cert).toContain(batch.registerSha256!);
    expect(cert).toContain(batch.registerNo);
    expect(cert).toContain('共计0卷3件21页');
    expect(await v.ok('admin', 'destruction.checkCertificate', { sha256: batch.registerSha256! })).toMatchObject({
      found: true,
      registerNo: batch.registerNo,
      items: 3,
    });
    expect(await v.ok('admin', 'destruction.checkCertificate', { sha256: 'a'.repeat(64) })).toMatchObject({ found: false });
  });

  it('nothing of the destroyed attachments remains anywhere in the data folder', async () => {
    const m = v.core.services.db.manager;
    const [rec] = await m.query('SELECT resident_id, household_id, note, responsible FROM archive_records WHERE id = ?', [ids[0]]);
    expect(rec).toEqual({ resident_id: null, household_id: null, note: null, responsible: null });
    await v.close();
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
    walk(v.dataDir);
    for (const f of files) {
      const b = readFileSync(f);
      expect(b.includes(cipherSample), `ciphertext in ${f}`).toBe(false);
      expect(b.includes(Buffer.from('SECRET-SCAN-CONTENT')), `plaintext in ${f}`).toBe(false);
    }
  });
});
