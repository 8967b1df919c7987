import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { In, Like, type EntityManager } from 'typeorm';
import type { DestructionBatchRow } from '../../shared/contract/retention.contract';
import type { Carrier } from '../../shared/domain/archive-types';
import { checkApprover, checkExecutionParties, checkSupervisor, joinRefusals, type SupervisorCandidate } from '../../shared/domain/destruction-procedure';
import { destructionTotals, type DestroyedRecord, type DestructionMethod, type SignOff } from '../../shared/domain/destruction-types';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities/record.entity';
import { DestructionBatchEntity, DestructionItemEntity, ShredQueueEntity, TombstoneEntity } from '../db/entities/retention.entity';
import { destructionCertificatePdf } from '../print/destruction-certificate.pdf';
import { destructionRegisterPdf } from '../print/destruction-register.pdf';
import type { AttachmentsService } from './attachments.service';
import type { AuditService } from './audit.service';
import { yearlyNumber } from './register-numbers';
import { DestructionChecks } from './destruction-checks';
import { freeze, liveSnapshot } from './destruction-live';
import { batchDbOf, batchRow, itemsOf, supervisorsOf, tombstoneOf, type BatchDb, type Problem } from './destruction-view';
import { auditRefusals } from './refusals';
import type { RetentionService } from './retention.service';
import type { SettingsService } from './settings.service';
import type { Actor } from './actor';
import { displayNames } from './user-names';

const sub = (id: string) => () => `destruction:${id}`;

/**
 * 销毁 by procedure: proposed by one user, approved by a different administrator, witnessed by two
 * more people who each confirm with a password of their own, executed in one transaction that
 * leaves tombstones and destroys the attachments' keys. The approved register is frozen (a
 * snapshot and its hash); anything that changes it blocks execution until it is re-submitted and
 * approved again. Every refused step is audited. Ciphertext files are queued in the same
 * transaction and removed right after it — or on the next start, if the process died first.
 */
export class DestructionService {
  private readonly checks: DestructionChecks;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly retention: RetentionService,
    private readonly attachments: AttachmentsService,
    private readonly settings: SettingsService,
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {
    this.checks = new DestructionChecks(retention);
  }

  async propose(
    actor: Actor & { role: Role },
    r: { appraisalBatchId?: string; items: { recordId: string; reason: string; overrideReason?: string }[] },
  ): Promise<DestructionBatchRow> {
    const today = await this.retention.calendar.today();
    let subject: string | null = null;
    const id = await auditRefusals(
      this.audit,
      { actor: actor.username, action: 'destruction.propose.refused', subject: () => subject, details: () => ({ records: r.items.map((i) => i.recordId) }) },
      () =>
        this.db.write(async (m) => {
          for (const it of r.items) {
            subject = `record:${it.recordId}`;
            if (it.overrideReason && actor.role !== 'admin') throw new AppError('FORBIDDEN', ERR.destruction.overrideAdminOnly);
            await this.checks.assertEligible(m, it.recordId, today, it.overrideReason ? { by: actor.username, reason: it.overrideReason } : undefined);
          }
          subject = null;
          const year = today.slice(0, 4);
          const registerNo = await yearlyNumber(m, 'destruction', 'XH', year, () => m.countBy(DestructionBatchEntity, { registerNo: Like(`XH-${year}-%`) }));
          const id = this.deps.newId();
          await m.insert(DestructionBatchEntity, {
            id,
            registerNo,
            status: 'proposed',
            appraisalBatchId: r.appraisalBatchId ?? null,
            proposedBy: actor.username,
            proposedAt: this.deps.nowIso(),
            supervisors: '[]',
            revision: 1,
          });
          for (const it of r.items) {
            await m.insert(DestructionItemEntity, {
              id: this.deps.newId(),
              batchId: id,
              recordId: it.recordId,
              reason: it.reason,
              overrideReason: it.overrideReason ?? null,
              remarks: null,
            });
            await m.update(ArchiveRecordEntity, { id: it.recordId }, { status: 'pending_destruction' });
            if (it.overrideReason)
              await this.audit.append(m, {
                actor: actor.username,
                action: 'destruction.override',
                subject: `record:${it.recordId}`,
                details: { batchId: id, reason: it.overrideReason },
              });
          }
          await this.audit.append(m, {
            actor: actor.username,
            action: 'destruction.propose',
            subject: `destruction:${id}`,
            details: { registerNo, records: r.items.map((i) => i.recordId) },
          });
          return id;
        }),
    );
    return this.get(id);
  }

  /** Approval freezes the register: a snapshot of every listed record and its SHA-256. */
  async approve(actor: Actor, id: string, opinion: string): Promise<DestructionBatchRow> {
    await auditRefusals(this.audit, { actor: actor.username, action: 'destruction.approve.refused', subject: sub(id) }, () =>
      this.db.write(async (m) => {
        const b = await this.batch(m, id, 'proposed');
        const self = checkApprover(actor.username, b.proposed_by);
        if (self) throw new AppError('FORBIDDEN', self);
        const problems = await this.checks.problems(m, id, await this.retention.calendar.today(m));
        if (problems.length) throw new AppError('CONFLICT', this.checks.blockedMessage(problems));
        const frozen = freeze(await liveSnapshot(m, id));
        await m.update(
          DestructionBatchEntity,
          { id },
          {
            status: 'approved',
            approvedBy: actor.username,
            approverOpinion: opinion,
            approvedAt: this.deps.nowIso(),
            approvedSnapshot: frozen.json,
            approvedSha256: frozen.sha256,
          },
        );
        await this.audit.append(m, {
          actor: actor.username,
          action: 'destruction.approve',
          subject: `destruction:${id}`,
          details: { opinion, revision: Number(b.revision ?? 1), snapshotSha256: frozen.sha256 },
        });
      }),
    );
    return this.get(id);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<DestructionBatchRow> {
    await auditRefusals(this.audit, { actor: actor.username, action: 'destruction.reject.refused', subject: sub(id) }, () =>
      this.db.write(async (m) => {
        await this.batch(m, id, 'proposed', 'approved');
        await m.update(DestructionBatchEntity, { id }, { status: 'rejected', rejectedReason: reason });
        await this.setListedStatus(m, id, 'pending_destruction', 'in');
        await this.audit.append(m, { actor: actor.username, action: 'destruction.reject', subject: `destruction:${id}`, details: { reason } });
      }),
    );
    return this.get(id);
  }

  /**
   * 重新提交: the register goes back to "awaiting approval" as it now stands. Records that may no
   * longer be destroyed (put on hold, lent, …) drop out and go back on the shelf; approval and
   * supervisors are cleared, because they signed a register that no longer exists.
   */
  async repropose(actor: Actor, id: string): Promise<DestructionBatchRow> {
    const today = await this.retention.calendar.today();
    await auditRefusals(this.audit, { actor: actor.username, action: 'destruction.repropose.refused', subject: sub(id) }, () =>
      this.db.write(async (m) => {
        const b = await this.batch(m, id, 'proposed', 'approved');
        const items = await itemsOf(m, id);
        const dropped: Problem[] = [];
        for (const it of items) {
          const refusals = await this.checks.refusalsOf(
            m,
            it.record_id,
            today,
            it.override_reason ? { by: b.proposed_by, reason: it.override_reason } : undefined,
          );
          if (!refusals.length) continue;
          dropped.push({ archiveNo: it.archive_no, ...joinRefusals(refusals) });
          await m.delete(DestructionItemEntity, { batchId: id, recordId: it.record_id });
          await m.update(ArchiveRecordEntity, { id: it.record_id, status: 'pending_destruction' }, { status: 'in' });
        }
        if (dropped.length === items.length) {
          throw new AppError('CONFLICT', ERR.destruction.nothingLeft);
        }
        // A record whose hold was released is back "in"; in a live register it is pending again.
        await this.setListedStatus(m, id, 'in', 'pending_destruction');
        const revision = Number(b.revision ?? 1) + 1;
        await m.update(
          DestructionBatchEntity,
          { id },
          {
            status: 'proposed',
            proposedBy: actor.username,
            proposedAt: this.deps.nowIso(),
            approvedBy: null,
            approverOpinion: null,
            approvedAt: null,
            approvedSnapshot: null,
            approvedSha256: null,
            supervisors: '[]',
            revision,
          },
        );
        await this.audit.append(m, {
          actor: actor.username,
          action: 'destruction.repropose',
          subject: `destruction:${id}`,
          details: {
            registerNo: b.register_no,
            revision,
            dropped,
            kept: items.length - dropped.length,
            previous: { status: b.status, approvedBy: b.approved_by ?? null, snapshotSha256: b.approved_sha256 ?? null },
          },
        });
      }),
    );
    return this.get(id);
  }

  /** `verify` checks the supervisor's own password at this desk (and is throttled and audited there). */
  async confirmSupervisor(
    actor: Actor,
    id: string,
    typed: string,
    verify: () => Promise<SupervisorCandidate & { displayName: string }>,
  ): Promise<DestructionBatchRow> {
    await auditRefusals(
      this.audit,
      { actor: actor.username, action: 'destruction.supervise.refused', subject: sub(id), details: () => ({ supervisor: typed }) },
      async () => {
        const user = await verify();
        await this.db.write(async (m) => {
          const b = await this.batch(m, id, 'approved');
          const sups = supervisorsOf(b);
          const refusals = checkSupervisor(user, { proposer: b.proposed_by, approver: b.approved_by as string | null, confirmed: sups.map((s) => s.username) });
          if (refusals.length) throw new AppError('FORBIDDEN', joinRefusals(refusals));
          const drift = await this.checks.driftRefusal(m, b);
          if (drift) throw new AppError('CONFLICT', drift);
          sups.push({ username: user.username, name: user.displayName, confirmedAt: this.deps.nowIso() });
          await m.update(DestructionBatchEntity, { id }, { supervisors: JSON.stringify(sups) });
          await this.audit.append(m, {
            actor: user.username,
            action: 'destruction.supervise',
            subject: `destruction:${id}`,
            details: { at: actor.username, revision: Number(b.revision ?? 1) },
          });
        });
      },
    );
    return this.get(id);
  }

  async execute(actor: Actor, id: string, exec: { time: string; place: string; methods: DestructionMethod[] }): Promise<DestructionBatchRow> {
    await auditRefusals(this.audit, { actor: actor.username, action: 'destruction.execute.refused', subject: sub(id) }, () =>
      this.executeSteps(actor, id, exec),
    );
    await this.finishPending();
    return this.get(id);
  }

  private async executeSteps(actor: Actor, id: string, exec: { time: string; place: string; methods: DestructionMethod[] }): Promise<void> {
    const today = await this.retention.calendar.today();
    // Signature dates are the archive's calendar dates of the stored instants, not their UTC dates.
    const day = (at: unknown) => this.retention.calendar.dateOf(String(at));
    const b = await this.batch(this.db.manager, id);
    if (b.status !== 'approved') throw new AppError('CONFLICT', ERR.destruction.mustBeApproved);
    const sups = supervisorsOf(b);
    const parties = checkExecutionParties({ proposer: b.proposed_by, approver: String(b.approved_by), supervisors: sups.map((s) => s.username) });
    if (parties.length) throw new AppError('CONFLICT', joinRefusals(parties));
    const drift = await this.checks.driftRefusal(this.db.manager, b);
    if (drift) throw new AppError('CONFLICT', drift);
    // The register is printed with the execution details; its hash goes on the certificate.
    const communityName = (await this.settings.get()).communityName;
    const rows = await this.checks.registerRows(this.db.manager, id, today);
    const name = await displayNames(this.db.manager, [b.proposed_by, String(b.approved_by)]);
    const signOffs: SignOff[] = await Promise.all(sups.map(async (s) => ({ name: s.name, date: await day(s.confirmedAt) })));
    const approval = { name: name(String(b.approved_by)), date: await day(b.approved_at) };
    const register = await destructionRegisterPdf({
      communityName,
      registerNo: String(b.register_no),
      appraisalLead: { name: name(b.proposed_by), date: await day(b.proposed_at) },
      approval: { ...approval, opinion: String(b.approver_opinion ?? '') },
      supervisors: signOffs,
      execution: exec,
      rows,
      printedAt: await this.retention.calendar.printStamp(),
    });
    const registerSha = createHash('sha256').update(register).digest('hex');
    const files: { archiveNo: string; fileName: string; sha256: string; keyId: string }[] = [];
    const records: DestroyedRecord[] = [];
    await this.db.write(async (m) => {
      const now = await this.batch(m, id, 'approved');
      // Checked again under the write lock: nothing may have changed since the register was printed.
      if (now.approved_sha256 !== b.approved_sha256 || now.supervisors !== b.supervisors) throw new AppError('CONFLICT', ERR.destruction.changedMeanwhile);
      const again = await this.checks.driftRefusal(m, now);
      if (again) throw new AppError('CONFLICT', again);
      const items = await itemsOf(m, id);
      for (const it of items) {
        await this.checks.assertEligible(m, it.record_id, today, it.override_reason ? { by: b.proposed_by, reason: it.override_reason } : undefined, true);
        const atts = await m.find(AttachmentEntity, { select: ['id', 'fileName', 'sha256'], where: { recordId: it.record_id } });
        const rec = await m.findOneByOrFail(ArchiveRecordEntity, { id: it.record_id });
        await m.insert(TombstoneEntity, {
          id: this.deps.newId(),
          recordId: it.record_id,
          batchId: id,
          archiveNo: rec.archiveNo,
          title: rec.title,
          dateFrom: rec.dateFrom,
          dateTo: rec.dateTo,
          year: rec.year,
          retention: rec.retentionClass === 'CUSTOM' ? `${rec.retentionYears}年` : rec.retentionClass,
          pages: rec.pages,
          items: rec.items,
          sensitivity: rec.sensitivity,
          reason: it.reason,
          destroyedAt: this.deps.nowIso(),
          keyIds: JSON.stringify(atts.map((a) => a.id)),
          fileHashes: JSON.stringify(atts.map((a) => a.sha256)),
        });
        records.push({
          archiveNo: rec.archiveNo,
          title: rec.title,
          carrier: rec.carrier as Carrier,
          unit: Number(rec.items) > 1 ? 'volume' : 'item',
          items: Number(rec.items),
          pages: Number(rec.pages),
          files: atts.length,
        });
        for (const a of atts) {
          files.push({ archiveNo: rec.archiveNo, fileName: a.fileName, sha256: a.sha256, keyId: a.id });
          await m.upsert(ShredQueueEntity, { path: this.attachments.filePath(a.id), batchId: id }, ['path']);
        }
        // Deleting the rows destroys the wrapped keys: the ciphertext can never be opened again.
        await m.delete(AttachmentEntity, { recordId: it.record_id });
        await m.update(
          ArchiveRecordEntity,
          { id: it.record_id },
          {
            status: 'destroyed',
            disposition: null,
            note: null,
            responsible: null,
            residentId: null,
            householdId: null,
            locationId: null,
            updatedAt: this.deps.nowIso(),
          },
        );
        await this.audit.append(m, {
          actor: actor.username,
          action: 'destruction.record',
          subject: `record:${it.record_id}`,
          details: { batchId: id, archiveNo: rec.archiveNo, keysDestroyed: atts.map((a) => a.id) },
        });
      }
      const cert = await destructionCertificatePdf({
        communityName,
        registerNo: String(b.register_no),
        totals: destructionTotals(rows),
        records,
        supervisors: signOffs,
        execution: exec,
        approval,
        electronic: files,
        registerSha256: registerSha,
        printedAt: await this.retention.calendar.printStamp(m),
      });
      await m.update(
        DestructionBatchEntity,
        { id },
        {
          status: 'executed',
          execTime: exec.time,
          place: exec.place,
          methods: exec.methods.join(','),
          executedAt: this.deps.nowIso(),
          registerSha256: registerSha,
          registerPdf: register.toString('base64'),
          certificatePdf: cert.toString('base64'),
        },
      );
      await this.audit.append(m, {
        actor: actor.username,
        action: 'destruction.execute',
        subject: `destruction:${id}`,
        details: {
          registerNo: b.register_no,
          records: items.length,
          files: files.length,
          registerSha256: registerSha,
          snapshotSha256: b.approved_sha256,
          place: exec.place,
          methods: exec.methods,
        },
      });
    });
  }

  /** Removes ciphertext queued by a committed destruction, then checkpoints so no old WAL page keeps data. */
  async finishPending(): Promise<number> {
    const q = await this.db.manager.find(ShredQueueEntity);
    for (const f of q) if (existsSync(f.path)) rmSync(f.path, { force: true });
    if (q.length) await this.db.write((m) => m.delete(ShredQueueEntity, { path: In(q.map((f) => f.path)) }));
    await dialectOf(this.db.ds).checkpoint(this.db.ds);
    return q.length;
  }

  async list() {
    const ids = await this.db.manager.find(DestructionBatchEntity, { select: ['id'], order: { proposedAt: 'DESC' } });
    return Promise.all(
      ids.map(async (r) => {
        const { items: _i, ...rest } = await this.get(r.id);
        return rest;
      }),
    );
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<DestructionBatchRow> {
    const b = await this.batch(m, id);
    const problems = b.status === 'proposed' || b.status === 'approved' ? await this.checks.problems(m, id, await this.retention.calendar.today(m), b) : [];
    return batchRow(m, b, await itemsOf(m, id), problems);
  }

  tombstone(recordId: string) {
    return tombstoneOf(this.db.manager, recordId);
  }

  /** 销毁清册 or 销毁证明 as stored at execution, the print in the trail (the register with its SHA-256, which the certificate names). */
  async printed(actor: Actor, id: string, which: 'register' | 'certificate'): Promise<{ pdf: Buffer; sha256: string }> {
    const pdf = await this.pdf(id, which);
    const action = which === 'register' ? 'print.destructionRegister' : 'print.destructionCertificate';
    await this.audit.record({ actor: actor.username, action, subject: `destruction:${id}` });
    return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
  }

  async pdf(id: string, which: 'register' | 'certificate'): Promise<Buffer> {
    const b = await this.batch(this.db.manager, id);
    const data = which === 'register' ? b.register_pdf : b.certificate_pdf;
    if (!data) throw new AppError('CONFLICT', ERR.destruction.notExecutedYet);
    return Buffer.from(String(data), 'base64');
  }

  async checkCertificate(sha256: string) {
    const b = await this.db.manager.findOneBy(DestructionBatchEntity, { registerSha256: sha256.toLowerCase(), status: 'executed' });
    if (!b) return { found: false, registerNo: null, executedAt: null, items: 0 };
    const n = await this.db.manager.countBy(TombstoneEntity, { batchId: b.id });
    return { found: true, registerNo: b.registerNo, executedAt: b.executedAt as string, items: n };
  }

  async waitingCount(): Promise<number> {
    return this.db.manager.countBy(DestructionBatchEntity, { status: In(['proposed', 'approved']) });
  }

  private async batch(m: EntityManager, id: string, ...states: string[]): Promise<BatchDb> {
    const found = await m.findOneBy(DestructionBatchEntity, { id });
    const b = found && batchDbOf(found);
    if (!b) throw new AppError('NOT_FOUND', ERR.destruction.notFound);
    if (states.length && !states.includes(b.status)) throw new AppError('CONFLICT', ERR.destruction.wrongState(b.status));
    return b;
  }

  /** Moves the listed records of a register from one status to another (those in `from` only). */
  private async setListedStatus(m: EntityManager, batchId: string, from: string, to: string): Promise<void> {
    const listed = m.createQueryBuilder(DestructionItemEntity, 'i').select('i.recordId').where('i.batchId = :batchId', { batchId });
    await m
      .createQueryBuilder()
      .update(ArchiveRecordEntity)
      .set({ status: to })
      .where('status = :from', { from })
      .andWhere(`id IN (${listed.getQuery()})`, listed.getParameters())
      .execute();
  }
}
