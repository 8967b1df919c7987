import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import type { DestructionBatchRow } from '../../shared/contract/retention.contract';
import type { Sensitivity } from '../../shared/domain/archive-types';
import { destructionTotals, type DestructionMethod, type DestructionRegisterRow, type SignOff } from '../../shared/domain/destruction-types';
import { checkDestruction } from '../../shared/domain/destruction-rules';
import { yearsKept } from '../../shared/domain/retention';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import type { Database } from '../db/database';
import { checkpoint } from '../db/dialect';
import { destructionCertificatePdf } from '../print/destruction-certificate.pdf';
import { destructionRegisterPdf } from '../print/destruction-register.pdf';
import type { AttachmentsService } from './attachments.service';
import type { AuditService } from './audit.service';
import { RETENTION_COLUMNS, stateOf, type RetentionColumns } from './retention-state';
import type { RetentionService } from './retention.service';
import type { SettingsService } from './settings.service';
import type { Actor } from './structure.service';

type BatchDb = Record<string, string | null>;
type ItemDb = { record_id: string; reason: string; override_reason: string | null; remarks: string | null; archive_no: string; title: string; pages: number; items: number; attachments: number };

/**
 * 销毁 by procedure: proposed by one user, approved by a different administrator, witnessed by at
 * least two supervisors who each confirm with their own password, executed in one transaction
 * that leaves tombstones and destroys the attachments' keys. Ciphertext files are queued in the
 * same transaction and removed right after it — or on the next start, if the process died first.
 */
export class DestructionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly retention: RetentionService,
    private readonly attachments: AttachmentsService,
    private readonly settings: SettingsService,
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {}

  async propose(actor: Actor & { role: Role }, r: { appraisalBatchId?: string; items: { recordId: string; reason: string; overrideReason?: string }[] }): Promise<DestructionBatchRow> {
    const today = await this.retention.calendar.today();
    const id = await this.db.write(async (m) => {
      for (const it of r.items) {
        if (it.overrideReason && actor.role !== 'admin') throw new AppError('FORBIDDEN', { zh: '只有管理员可以提前销毁（须填写理由）。', en: 'Only an administrator may override (with a reason).' });
        await this.assertEligible(m, it.recordId, today, it.overrideReason ? { by: actor.username, reason: it.overrideReason } : undefined);
      }
      const [{ n }] = await m.query('SELECT count(*) AS n FROM destruction_batches WHERE register_no LIKE ?', [`XH-${today.slice(0, 4)}-%`]);
      const id = this.deps.newId();
      const registerNo = `XH-${today.slice(0, 4)}-${String(Number(n) + 1).padStart(3, '0')}`;
      await m.query('INSERT INTO destruction_batches (id, register_no, status, appraisal_batch_id, proposed_by, proposed_at, supervisors) VALUES (?,?,?,?,?,?,?)', [
        id, registerNo, 'proposed', r.appraisalBatchId ?? null, actor.username, this.deps.nowIso(), '[]',
      ]);
      for (const it of r.items) {
        await m.query('INSERT INTO destruction_items (id, batch_id, record_id, reason, override_reason) VALUES (?,?,?,?,?)', [this.deps.newId(), id, it.recordId, it.reason, it.overrideReason ?? null]);
        await m.query("UPDATE archive_records SET status = 'pending_destruction' WHERE id = ?", [it.recordId]);
        if (it.overrideReason) await this.audit.append(m, { actor: actor.username, action: 'destruction.override', subject: `record:${it.recordId}`, details: { batchId: id, reason: it.overrideReason } });
      }
      await this.audit.append(m, { actor: actor.username, action: 'destruction.propose', subject: `destruction:${id}`, details: { registerNo, records: r.items.map((i) => i.recordId) } });
      return id;
    });
    return this.get(id);
  }

  async approve(actor: Actor, id: string, opinion: string): Promise<DestructionBatchRow> {
    await this.db.write(async (m) => {
      const b = await this.batch(m, id, 'proposed');
      if (b.proposed_by === actor.username) throw new AppError('FORBIDDEN', { zh: '审批人须是提出人以外的另一位管理员。', en: 'The approver must be an administrator other than the proposer.' });
      await m.query("UPDATE destruction_batches SET status = 'approved', approved_by = ?, approver_opinion = ?, approved_at = ? WHERE id = ?", [actor.username, opinion, this.deps.nowIso(), id]);
      await this.audit.append(m, { actor: actor.username, action: 'destruction.approve', subject: `destruction:${id}`, details: { opinion } });
    });
    return this.get(id);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<DestructionBatchRow> {
    await this.db.write(async (m) => {
      await this.batch(m, id, 'proposed', 'approved');
      await m.query("UPDATE destruction_batches SET status = 'rejected', rejected_reason = ? WHERE id = ?", [reason, id]);
      await m.query("UPDATE archive_records SET status = 'in' WHERE status = 'pending_destruction' AND id IN (SELECT record_id FROM destruction_items WHERE batch_id = ?)", [id]);
      await this.audit.append(m, { actor: actor.username, action: 'destruction.reject', subject: `destruction:${id}`, details: { reason } });
    });
    return this.get(id);
  }

  /** Called after the supervisor's own password was checked against the keyring. */
  async confirmSupervisor(actor: Actor, id: string, supervisor: { username: string; name: string; active: boolean }): Promise<DestructionBatchRow> {
    await this.db.write(async (m) => {
      const b = await this.batch(m, id, 'approved');
      const sups: { username: string; name: string; confirmedAt: string }[] = JSON.parse(b.supervisors ?? '[]');
      if (!supervisor.active) throw new AppError('USER_DISABLED');
      if (supervisor.username === b.proposed_by) throw new AppError('FORBIDDEN', { zh: '提出人不能担任监销人。', en: 'The proposer cannot be a supervisor.' });
      if (sups.some((s) => s.username === supervisor.username)) throw new AppError('CONFLICT', { zh: '该监销人已确认。', en: 'This supervisor has already confirmed.' });
      sups.push({ username: supervisor.username, name: supervisor.name, confirmedAt: this.deps.nowIso() });
      await m.query('UPDATE destruction_batches SET supervisors = ? WHERE id = ?', [JSON.stringify(sups), id]);
      await this.audit.append(m, { actor: supervisor.username, action: 'destruction.supervise', subject: `destruction:${id}`, details: { at: actor.username } });
    });
    return this.get(id);
  }

  async execute(actor: Actor, id: string, exec: { time: string; place: string; methods: DestructionMethod[] }): Promise<DestructionBatchRow> {
    const today = await this.retention.calendar.today();
    const day = (at: string) => this.retention.calendar.dateOf(at);
    const before = await this.get(id);
    if (before.status !== 'approved') throw new AppError('CONFLICT', { zh: '销毁须先经审批。', en: 'The batch must be approved first.' });
    if (before.supervisors.length < 2) throw new AppError('CONFLICT', { zh: '至少须两名监销人确认。', en: 'At least two supervisors must confirm.' });
    // The register is printed with the execution details; its hash goes on the certificate.
    const communityName = (await this.settings.get()).communityName;
    const rows = await this.registerRows(id, today);
    const signOffs: SignOff[] = await Promise.all(before.supervisors.map(async (s) => ({ name: s.name, date: await day(s.confirmedAt) })));
    const register = await destructionRegisterPdf({
      communityName, registerNo: before.registerNo, appraisalLead: { name: before.proposedBy, date: await day(before.proposedAt) },
      approval: { name: before.approvedBy!, date: await day(before.approvedAt!), opinion: before.approverOpinion ?? '' }, supervisors: signOffs,
      execution: exec, rows, printedAt: await this.retention.calendar.printStamp(),
    });
    const registerSha = createHash('sha256').update(register).digest('hex');
    const files: { archiveNo: string; fileName: string; sha256: string; keyId: string; path: string }[] = [];
    await this.db.write(async (m) => {
      await this.batch(m, id, 'approved');
      const items: ItemDb[] = await this.itemsOf(m, id);
      for (const it of items) {
        await this.assertEligible(m, it.record_id, today, it.override_reason ? { by: before.proposedBy, reason: it.override_reason } : undefined, true);
        const atts: { id: string; file_name: string; sha256: string }[] = await m.query('SELECT id, file_name, sha256 FROM attachments WHERE record_id = ?', [it.record_id]);
        const [rec] = await m.query('SELECT * FROM archive_records WHERE id = ?', [it.record_id]);
        await m.query(
          `INSERT INTO tombstones (id, record_id, batch_id, archive_no, title, date_from, date_to, year, retention, pages, items, sensitivity, reason, destroyed_at, key_ids, file_hashes)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
          [this.deps.newId(), it.record_id, id, rec.archive_no, rec.title, rec.date_from, rec.date_to, rec.year, rec.retention_class === 'CUSTOM' ? `${rec.retention_years}年` : rec.retention_class,
            rec.pages, rec.items, rec.sensitivity, it.reason, this.deps.nowIso(), JSON.stringify(atts.map((a) => a.id)), JSON.stringify(atts.map((a) => a.sha256))],
        );
        for (const a of atts) {
          files.push({ archiveNo: rec.archive_no, fileName: a.file_name, sha256: a.sha256, keyId: a.id, path: this.attachments.filePath(a.id) });
          await m.query('INSERT OR REPLACE INTO shred_queue (path, batch_id) VALUES (?, ?)', [this.attachments.filePath(a.id), id]);
        }
        // Deleting the rows destroys the wrapped keys: the ciphertext can never be opened again.
        await m.query('DELETE FROM attachments WHERE record_id = ?', [it.record_id]);
        await m.query(
          "UPDATE archive_records SET status = 'destroyed', disposition = NULL, note = NULL, responsible = NULL, resident_id = NULL, household_id = NULL, location_id = NULL, updated_at = ? WHERE id = ?",
          [this.deps.nowIso(), it.record_id],
        );
        await this.audit.append(m, { actor: actor.username, action: 'destruction.record', subject: `record:${it.record_id}`, details: { batchId: id, archiveNo: rec.archive_no, keysDestroyed: atts.map((a) => a.id) } });
      }
      const cert = await destructionCertificatePdf({
        communityName, registerNo: before.registerNo, totals: destructionTotals(rows), supervisors: signOffs, execution: exec,
        approval: { name: before.approvedBy!, date: await day(before.approvedAt!) }, electronic: files.map(({ path: _p, ...f }) => f), registerSha256: registerSha, printedAt: await this.retention.calendar.printStamp(m),
      });
      await m.query("UPDATE destruction_batches SET status = 'executed', exec_time = ?, place = ?, methods = ?, executed_at = ?, register_sha256 = ?, register_pdf = ?, certificate_pdf = ? WHERE id = ?", [
        exec.time, exec.place, exec.methods.join(','), this.deps.nowIso(), registerSha, register.toString('base64'), cert.toString('base64'), id,
      ]);
      await this.audit.append(m, { actor: actor.username, action: 'destruction.execute', subject: `destruction:${id}`, details: { registerNo: before.registerNo, records: items.length, files: files.length, registerSha256: registerSha, place: exec.place, methods: exec.methods } });
    });
    await this.finishPending();
    return this.get(id);
  }

  /** Removes ciphertext queued by a committed destruction, then checkpoints so no old WAL page keeps data. */
  async finishPending(): Promise<number> {
    const q: { path: string }[] = await this.db.manager.query('SELECT path FROM shred_queue');
    for (const f of q) if (existsSync(f.path)) rmSync(f.path, { force: true });
    if (q.length) await this.db.write((m) => m.query('DELETE FROM shred_queue'));
    await checkpoint(this.db.ds);
    return q.length;
  }

  async list() {
    const ids: { id: string }[] = await this.db.manager.query('SELECT id FROM destruction_batches ORDER BY proposed_at DESC');
    return Promise.all(ids.map(async (r) => {
      const { items: _i, ...rest } = await this.get(r.id);
      return rest;
    }));
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<DestructionBatchRow> {
    const b = await this.batch(m, id);
    const items = await this.itemsOf(m, id);
    return {
      id, registerNo: b.register_no!, status: b.status as DestructionBatchRow['status'], proposedBy: b.proposed_by!, proposedAt: b.proposed_at!, approvedBy: b.approved_by,
      approverOpinion: b.approver_opinion, approvedAt: b.approved_at, supervisors: JSON.parse(b.supervisors ?? '[]'), execTime: b.exec_time, place: b.place,
      methods: (b.methods ? b.methods.split(',') : []) as DestructionMethod[], executedAt: b.executed_at, registerSha256: b.register_sha256,
      items: items.map((i) => ({ recordId: i.record_id, archiveNo: i.archive_no, title: i.title, pages: Number(i.pages), reason: i.reason, overrideReason: i.override_reason, attachments: Number(i.attachments) })),
      totals: { items: items.reduce((s, i) => s + Number(i.items), 0), pages: items.reduce((s, i) => s + Number(i.pages), 0) },
    };
  }

  async pdf(id: string, which: 'register' | 'certificate'): Promise<Buffer> {
    const b = await this.batch(this.db.manager, id);
    const data = which === 'register' ? b.register_pdf : b.certificate_pdf;
    if (!data) throw new AppError('CONFLICT', { zh: '销毁执行后才生成清册和证明。', en: 'The register and certificate are made when the destruction is executed.' });
    return Buffer.from(data, 'base64');
  }

  async checkCertificate(sha256: string) {
    const [b] = await this.db.manager.query("SELECT id, register_no, executed_at FROM destruction_batches WHERE register_sha256 = ? AND status = 'executed'", [sha256.toLowerCase()]);
    if (!b) return { found: false, registerNo: null, executedAt: null, items: 0 };
    const [{ n }] = await this.db.manager.query('SELECT count(*) AS n FROM tombstones WHERE batch_id = ?', [b.id]);
    return { found: true, registerNo: b.register_no as string, executedAt: b.executed_at as string, items: Number(n) };
  }

  async waitingCount(): Promise<number> {
    const [{ n }] = await this.db.manager.query("SELECT count(*) AS n FROM destruction_batches WHERE status IN ('proposed', 'approved')");
    return Number(n);
  }

  private async assertEligible(m: EntityManager, recordId: string, today: string, override?: { by: string; reason: string }, pending = false): Promise<void> {
    const [row]: (RetentionColumns & { status: string; carrier: string; archive_no: string })[] = await m.query(`SELECT a.status, a.carrier, a.archive_no, ${RETENTION_COLUMNS} FROM archive_records a WHERE a.id = ?`, [recordId]);
    if (!row) throw new AppError('NOT_FOUND', { zh: '未找到该档案。', en: 'Record not found.' });
    const holds = (await this.retention.holdsByRecord(m, [recordId])).get(recordId) ?? [];
    const [loan] = await m.query('SELECT 1 AS x FROM loans WHERE record_id = ? AND returned_on IS NULL LIMIT 1', [recordId]);
    const status = pending && row.status === 'pending_destruction' ? 'in' : row.status;
    if (!pending && row.status === 'pending_destruction') throw new AppError('CONFLICT', { zh: `${row.archive_no} 已在另一份销毁清册中。`, en: `${row.archive_no} is already in another register.` });
    const c = checkDestruction({ status: status as never, carrier: row.carrier as never, retention: stateOf(row, holds), activeLoan: !!loan }, today, override);
    if (!c.ok) throw new AppError('CONFLICT', { zh: `${row.archive_no}：${c.refusals.map((r) => r.zh).join(' ')}`, en: `${row.archive_no}: ${c.refusals.map((r) => r.en).join(' ')}` });
  }

  private async batch(m: EntityManager, id: string, ...states: string[]): Promise<BatchDb> {
    const [b]: BatchDb[] = await m.query('SELECT * FROM destruction_batches WHERE id = ?', [id]);
    if (!b) throw new AppError('NOT_FOUND', { zh: '未找到该销毁清册。', en: 'Destruction register not found.' });
    if (states.length && !states.includes(b.status!)) throw new AppError('CONFLICT', { zh: `该清册当前状态为“${b.status}”，不能进行此操作。`, en: `The register is "${b.status}"; this step is not possible now.` });
    return b;
  }

  private itemsOf(m: EntityManager, id: string): Promise<ItemDb[]> {
    return m.query(
      `SELECT i.record_id, i.reason, i.override_reason, i.remarks, a.archive_no, a.title, a.pages, a.items,
        (SELECT count(*) FROM attachments t WHERE t.record_id = a.id) AS attachments
       FROM destruction_items i JOIN archive_records a ON a.id = i.record_id WHERE i.batch_id = ? ORDER BY a.archive_no`,
      [id],
    );
  }

  private async registerRows(id: string, today: string): Promise<DestructionRegisterRow[]> {
    const m = this.db.manager;
    const rows: (RetentionColumns & { archive_no: string; title: string; date_from: string | null; date_to: string | null; pages: number; items: number; sensitivity: string; reason: string; remarks: string | null; record_id: string })[] = await m.query(
      `SELECT i.record_id, i.reason, i.remarks, a.archive_no, a.title, a.date_from, a.date_to, a.pages, a.items, a.sensitivity, ${RETENTION_COLUMNS}
       FROM destruction_items i JOIN archive_records a ON a.id = i.record_id WHERE i.batch_id = ? ORDER BY a.archive_no`,
      [id],
    );
    return rows.map((r) => {
      const s = stateOf(r);
      return {
        archiveNo: r.archive_no, title: r.title, yearOrRange: r.date_from && r.date_to ? `${r.date_from}—${r.date_to}` : String(r.year), term: s.term, yearsKept: yearsKept(s, today),
        unit: Number(r.items) > 1 ? 'volume' : 'item', items: Number(r.items), pages: Number(r.pages), sensitivity: r.sensitivity as Sensitivity, reason: r.reason, remarks: r.remarks ?? undefined,
      };
    });
  }
}
