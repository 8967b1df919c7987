import { Like, type EntityManager } from 'typeorm';
import type { AppraisalBatchRow } from '../../shared/contract/retention.contract';
import { applyDecision, classifyDue, parseTerm, type AppraisalDecision } from '../../shared/domain/retention';
import { byNatural } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { AppraisalBatchEntity, AppraisalItemEntity, type AppraisalBatchRecord } from '../db/entities/retention.entity';
import { ArchiveRecordEntity } from '../db/entities/record.entity';
import { appraisalReportPdf } from '../print/appraisal-report.pdf';
import type { AuditService } from './audit.service';
import type { SettingsService } from './settings.service';
import { yearlyNumber } from './register-numbers';
import { columnsOf, readRetention, stateOf, termText } from './retention-state';
import type { RetentionService } from './retention.service';
import { auditRefusals } from './refusals';
import type { Actor } from './actor';
import { displayNames } from './user-names';

type ItemDb = {
  id: string;
  batch_id: string;
  record_id: string;
  original_term: string;
  start_date: string | null;
  due_date: string | null;
  years_kept: number;
  decision: string | null;
  decision_years: number | null;
  transfer_to: string | null;
  reason: string | null;
  appraiser: string | null;
  decided_on: string | null;
  reviewer: string | null;
  reviewed_on: string | null;
  archive_no: string;
  title: string;
  year: number;
};

/** Items with their record's number, title and year, in the row shape above. */
function items(m: EntityManager) {
  const qb = m.createQueryBuilder(AppraisalItemEntity, 'i').innerJoin(ArchiveRecordEntity.options.name, 'a', 'a.id = i.recordId');
  const cols: [string, keyof ItemDb][] = [
    ['i.id', 'id'],
    ['i.batchId', 'batch_id'],
    ['i.recordId', 'record_id'],
    ['i.originalTerm', 'original_term'],
    ['i.startDate', 'start_date'],
    ['i.dueDate', 'due_date'],
    ['i.yearsKept', 'years_kept'],
    ['i.decision', 'decision'],
    ['i.decisionYears', 'decision_years'],
    ['i.transferTo', 'transfer_to'],
    ['i.reason', 'reason'],
    ['i.appraiser', 'appraiser'],
    ['i.decidedOn', 'decided_on'],
    ['i.reviewer', 'reviewer'],
    ['i.reviewedOn', 'reviewed_on'],
    ['a.archiveNo', 'archive_no'],
    ['a.title', 'title'],
    ['a.year', 'year'],
  ];
  qb.select(cols[0][0], cols[0][1]);
  for (const [c, alias] of cols.slice(1)) qb.addSelect(c, alias);
  return qb;
}

function decisionOf(i: Pick<ItemDb, 'decision' | 'decision_years' | 'transfer_to'>): AppraisalDecision | null {
  switch (i.decision) {
    case 'keep':
      return { kind: 'keep', reviewYears: i.decision_years ?? undefined };
    case 'extend':
      return { kind: 'extend', toYears: i.decision_years ?? 0 };
    case 'permanent':
      return { kind: 'permanent' };
    case 'destroy':
      return { kind: 'destroy' };
    case 'transfer':
      return { kind: 'transfer', to: i.transfer_to ?? '' };
    default:
      return null;
  }
}

/** 鉴定: batches of records, a decision per item with reason, appraiser and a second reviewer. */
export class AppraisalService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly retention: RetentionService,
    private readonly deps: { newId: () => string; nowIso: () => string; settings: SettingsService },
  ) {}

  async create(actor: Actor, r: { purpose: string; scope: string; members: string[]; recordIds: string[] }): Promise<AppraisalBatchRow> {
    const today = await this.retention.calendar.today();
    const id = await this.db.write(async (m) => {
      const year = today.slice(0, 4);
      const batchNo = await yearlyNumber(m, 'appraisal', 'JD', year, () => m.countBy(AppraisalBatchEntity, { batchNo: Like(`JD-${year}-%`) }));
      const id = this.deps.newId();
      await m.insert(AppraisalBatchEntity, {
        id,
        batchNo,
        purpose: r.purpose,
        scope: r.scope,
        members: JSON.stringify(r.members),
        status: 'open',
        createdBy: actor.username,
        createdAt: this.deps.nowIso(),
        closedAt: null,
      });
      const holds = await this.retention.holdsByRecord(m, r.recordIds);
      for (const recordId of [...new Set(r.recordIds)]) {
        const row = await readRetention(m, recordId);
        if (!row || row.status === 'destroyed') throw new AppError('VALIDATION', ERR.appraisal.recordMissing);
        const s = stateOf(row, holds.get(recordId) ?? []);
        const due = classifyDue(s, today);
        await m.insert(AppraisalItemEntity, {
          id: this.deps.newId(),
          batchId: id,
          recordId,
          originalTerm: termText(s.term),
          startDate: due.startDate,
          dueDate: due.dueDate,
          yearsKept: due.yearsKept,
        });
      }
      await this.audit.append(m, {
        actor: actor.username,
        action: 'appraisal.create',
        subject: `appraisal:${id}`,
        details: { batchNo, items: r.recordIds.length, members: r.members },
      });
      return id;
    });
    return this.get(id);
  }

  async list() {
    const m = this.db.manager;
    const rows = await m.find(AppraisalBatchEntity, { order: { createdAt: 'DESC' } });
    const counts = await m
      .createQueryBuilder(AppraisalItemEntity, 'i')
      .select('i.batchId', 'batchId')
      .addSelect('COUNT(*)', 'n')
      .addSelect('COUNT(i.decision)', 'decided')
      .groupBy('i.batchId')
      .getRawMany<{ batchId: string; n: number | string; decided: number | string }>();
    const byBatch = new Map(counts.map((c) => [c.batchId, c]));
    const name = await displayNames(
      m,
      rows.map((b) => b.createdBy),
    );
    return rows.map((b) => ({ ...batchHead(b, name), itemCount: Number(byBatch.get(b.id)?.n ?? 0), decided: Number(byBatch.get(b.id)?.decided ?? 0) }));
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<AppraisalBatchRow> {
    const b = await m.findOneBy(AppraisalBatchEntity, { id });
    if (!b) throw new AppError('NOT_FOUND', ERR.appraisal.batchNotFound);
    const rows = await items(m).where('i.batchId = :id', { id }).getRawMany<ItemDb>();
    const name = await displayNames(m, [b.createdBy, ...rows.flatMap((i) => [i.appraiser, i.reviewer])]);
    return { ...batchHead(b, name), items: rows.sort(byNatural((i) => i.archive_no)).map((i) => itemRow(i, name)) };
  }

  async decide(actor: Actor, itemId: string, decision: AppraisalDecision, reason: string) {
    return this.refusable(actor, 'appraisal.decide.refused', itemId, () =>
      this.db.write(async (m) => {
        const item = await this.openItem(m, itemId);
        const row = (await readRetention(m, item.record_id))!;
        const holds = (await this.retention.holdsByRecord(m, [item.record_id])).get(item.record_id) ?? [];
        const today = await this.retention.calendar.today(m);
        const r = applyDecision(stateOf(row, holds), decision, today);
        if (!r.ok) throw new AppError('CONFLICT', { zh: r.zh, en: r.en });
        const years = decision.kind === 'keep' ? (decision.reviewYears ?? null) : decision.kind === 'extend' ? decision.toYears : null;
        await m.update(
          AppraisalItemEntity,
          { id: itemId },
          {
            decision: decision.kind,
            decisionYears: years,
            transferTo: decision.kind === 'transfer' ? decision.to : null,
            reason,
            appraiser: actor.username,
            decidedOn: today,
            reviewer: null,
            reviewedOn: null,
          },
        );
        await this.audit.append(m, {
          actor: actor.username,
          action: 'appraisal.decide',
          subject: `record:${item.record_id}`,
          details: { itemId, decision, reason },
        });
        return this.named(m, await this.item(m, itemId));
      }),
    );
  }

  async review(actor: Actor, itemId: string) {
    return this.refusable(actor, 'appraisal.review.refused', itemId, () =>
      this.db.write(async (m) => {
        const item = await this.openItem(m, itemId);
        if (!item.decision) throw new AppError('CONFLICT', ERR.appraisal.notDecided);
        if (item.appraiser === actor.username) throw new AppError('FORBIDDEN', ERR.appraisal.reviewerIsAppraiser);
        await m.update(AppraisalItemEntity, { id: itemId }, { reviewer: actor.username, reviewedOn: await this.retention.calendar.today(m) });
        await this.audit.append(m, { actor: actor.username, action: 'appraisal.review', subject: `record:${item.record_id}`, details: { itemId } });
        return this.named(m, await this.item(m, itemId));
      }),
    );
  }

  /** Closes the batch and writes every decision into the records' retention, all at once. */
  async close(actor: Actor, id: string): Promise<AppraisalBatchRow> {
    await auditRefusals(this.audit, { actor: actor.username, action: 'appraisal.close.refused', subject: () => `appraisal:${id}` }, () =>
      this.db.write(async (m) => {
        const batch = await this.get(id, m);
        if (batch.status !== 'open') throw new AppError('CONFLICT', ERR.appraisal.batchClosed);
        const missing = batch.items.filter((i) => !i.decision || !i.reviewer);
        if (missing.length) throw new AppError('CONFLICT', ERR.appraisal.notAllDone(missing.length));
        const today = await this.retention.calendar.today(m);
        for (const i of batch.items) {
          const row = (await readRetention(m, i.recordId))!;
          const holds = (await this.retention.holdsByRecord(m, [i.recordId])).get(i.recordId) ?? [];
          const r = applyDecision(stateOf(row, holds), i.decision!, today);
          if (!r.ok) throw new AppError('CONFLICT', ERR.records.refused(i.archiveNo, [r]));
          const c = columnsOf(r.state);
          await m.update(
            ArchiveRecordEntity,
            { id: i.recordId },
            {
              retentionClass: c.retention_class,
              retentionYears: c.retention_years,
              nextAppraisal: c.next_appraisal,
              disposition: c.disposition,
              transferTo: c.transfer_to,
            },
          );
        }
        await m.update(AppraisalBatchEntity, { id }, { status: 'closed', closedAt: this.deps.nowIso() });
        await this.audit.append(m, {
          actor: actor.username,
          action: 'appraisal.close',
          subject: `appraisal:${id}`,
          details: { batchNo: batch.batchNo, decisions: batch.items.map((i) => ({ record: i.recordId, decision: i.decision })) },
        });
      }),
    );
    return this.get(id);
  }

  /** `printedAt` as it is to be printed (the archive's time and zone, see ArchiveCalendar.printStamp). */
  /** 鉴定报告 as printed now, the print in the trail. */
  async printReport(actor: Actor, id: string): Promise<Buffer> {
    const pdf = await this.reportPdf(id, (await this.deps.settings.get()).communityName, await this.retention.calendar.printStamp());
    await this.audit.record({ actor: actor.username, action: 'print.appraisalReport', subject: `appraisal:${id}` });
    return pdf;
  }

  async reportPdf(id: string, communityName: string, printedAt: string): Promise<Buffer> {
    const b = await this.get(id);
    const leadDate = await this.retention.calendar.dateOf(b.createdAt);
    return appraisalReportPdf({
      communityName,
      batchNo: b.batchNo,
      purpose: b.purpose,
      scope: b.scope,
      members: b.members.map((name) => ({ name })),
      lead: { name: b.createdByName, date: leadDate },
      printedAt,
      items: b.items
        .filter((i) => i.decision)
        .map((i) => ({
          archiveNo: i.archiveNo,
          title: i.title,
          year: String(i.year),
          originalTerm: parseTerm(i.originalTerm) ?? { cls: 'Y' },
          startDate: i.startDate,
          dueDate: i.dueDate,
          yearsKept: i.yearsKept,
          decision: i.decision!,
          reason: i.reason ?? '',
          appraiser: i.appraiserName ?? '',
          date: i.decidedOn ?? '',
          reviewer: i.reviewerName ?? undefined,
        })),
    });
  }

  /** A refused step is audited against the record the item is about. */
  private async refusable<T>(
    actor: Actor,
    action: 'appraisal.decide.refused' | 'appraisal.review.refused',
    itemId: string,
    step: () => Promise<T>,
  ): Promise<T> {
    const row = await this.db.manager.findOne(AppraisalItemEntity, { select: ['id', 'recordId'], where: { id: itemId } });
    return auditRefusals(
      this.audit,
      { actor: actor.username, action, subject: () => (row ? `record:${row.recordId}` : null), details: () => ({ itemId }) },
      step,
    );
  }

  private async named(m: EntityManager, i: ItemDb) {
    return itemRow(i, await displayNames(m, [i.appraiser, i.reviewer]));
  }

  private async item(m: EntityManager, itemId: string): Promise<ItemDb> {
    const i = await items(m).where('i.id = :itemId', { itemId }).getRawOne<ItemDb>();
    if (!i) throw new AppError('NOT_FOUND', ERR.appraisal.itemNotFound);
    return i;
  }

  private async openItem(m: EntityManager, itemId: string): Promise<ItemDb> {
    const i = await this.item(m, itemId);
    const b = await m.findOneOrFail(AppraisalBatchEntity, { select: ['id', 'status'], where: { id: i.batch_id } });
    if (b.status !== 'open') throw new AppError('CONFLICT', ERR.appraisal.batchClosed);
    return i;
  }
}

type Names = (u: string | null | undefined) => string;

function batchHead(b: AppraisalBatchRecord, name: Names) {
  return {
    id: b.id,
    batchNo: b.batchNo,
    purpose: b.purpose,
    scope: b.scope,
    members: JSON.parse(b.members) as string[],
    status: b.status as 'open' | 'closed',
    createdBy: b.createdBy,
    createdByName: name(b.createdBy),
    createdAt: b.createdAt,
  };
}

function itemRow(i: ItemDb, name: Names) {
  return {
    id: i.id,
    recordId: i.record_id,
    archiveNo: i.archive_no,
    title: i.title,
    year: Number(i.year),
    originalTerm: i.original_term,
    startDate: i.start_date,
    dueDate: i.due_date,
    yearsKept: Number(i.years_kept),
    decision: decisionOf(i),
    reason: i.reason,
    appraiser: i.appraiser,
    appraiserName: i.appraiser ? name(i.appraiser) : null,
    decidedOn: i.decided_on,
    reviewer: i.reviewer,
    reviewerName: i.reviewer ? name(i.reviewer) : null,
    reviewedOn: i.reviewed_on,
  };
}
