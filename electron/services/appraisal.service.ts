import { Like, type EntityManager } from 'typeorm';
import type { AppraisalBatchRow } from '../../shared/contract/retention.contract';
import { applyDecision, classifyDue, parseTerm, type AppraisalDecision } from '../../shared/domain/retention';
import { byNatural } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { AppraisalBatchEntity } from '../db/entities/retention.entity';
import { appraisalReportPdf } from '../print/appraisal-report.pdf';
import type { AuditService } from './audit.service';
import { columnsOf, RETENTION_COLUMNS, stateOf, termText, type RetentionColumns } from './retention-state';
import type { RetentionService } from './retention.service';
import { auditRefusals } from './refusals';
import type { Actor } from './structure.service';
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
    private readonly deps: { newId: () => string; nowIso: () => string },
  ) {}

  async create(actor: Actor, r: { purpose: string; scope: string; members: string[]; recordIds: string[] }): Promise<AppraisalBatchRow> {
    const today = await this.retention.calendar.today();
    const id = await this.db.write(async (m) => {
      const year = today.slice(0, 4);
      // A locked counter, not count + 1: two keepers opening batches at once get two numbers.
      const n = await dialectOf(m).nextNumber(
        m,
        `appraisal:${year}`,
        async () => 1 + (await m.countBy(AppraisalBatchEntity, { batchNo: Like(`JD-${year}-%`) })),
      );
      const id = this.deps.newId();
      const batchNo = `JD-${year}-${String(n).padStart(3, '0')}`;
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
        const [row]: (RetentionColumns & { status: string })[] = await m.query(`SELECT a.status, ${RETENTION_COLUMNS} FROM archive_records a WHERE a.id = ?`, [
          recordId,
        ]);
        if (!row || row.status === 'destroyed')
          throw new AppError('VALIDATION', { zh: '所选档案不存在或已销毁。', en: 'A chosen record does not exist or was destroyed.' });
        const s = stateOf(row, holds.get(recordId) ?? []);
        const due = classifyDue(s, today);
        await m.query('INSERT INTO appraisal_items (id, batch_id, record_id, original_term, start_date, due_date, years_kept) VALUES (?,?,?,?,?,?,?)', [
          this.deps.newId(),
          id,
          recordId,
          termText(s.term),
          due.startDate,
          due.dueDate,
          due.yearsKept,
        ]);
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
    const rows: Record<string, unknown>[] = await this.db.manager.query(
      `SELECT b.*, (SELECT count(*) FROM appraisal_items i WHERE i.batch_id = b.id) AS item_count,
        (SELECT count(*) FROM appraisal_items i WHERE i.batch_id = b.id AND i.decision IS NOT NULL) AS decided FROM appraisal_batches b ORDER BY b.created_at DESC`,
    );
    const name = await displayNames(
      this.db.manager,
      rows.map((b) => String(b.created_by)),
    );
    return rows.map((b) => ({ ...batchHead(b, name), itemCount: Number(b.item_count), decided: Number(b.decided) }));
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<AppraisalBatchRow> {
    const [b]: Record<string, unknown>[] = await m.query('SELECT * FROM appraisal_batches WHERE id = ?', [id]);
    if (!b) throw new AppError('NOT_FOUND', { zh: '未找到该鉴定批次。', en: 'Appraisal batch not found.' });
    const items: ItemDb[] = await m.query(
      'SELECT i.*, a.archive_no, a.title, a.year FROM appraisal_items i JOIN archive_records a ON a.id = i.record_id WHERE i.batch_id = ? ORDER BY a.archive_no',
      [id],
    );
    const name = await displayNames(m, [String(b.created_by), ...items.flatMap((i) => [i.appraiser, i.reviewer])]);
    return { ...batchHead(b, name), items: items.sort(byNatural((i) => i.archive_no)).map((i) => itemRow(i, name)) };
  }

  async decide(actor: Actor, itemId: string, decision: AppraisalDecision, reason: string) {
    return this.refusable(actor, 'appraisal.decide.refused', itemId, () =>
      this.db.write(async (m) => {
        const item = await this.openItem(m, itemId);
        const [row]: RetentionColumns[] = await m.query(`SELECT ${RETENTION_COLUMNS} FROM archive_records a WHERE a.id = ?`, [item.record_id]);
        const holds = (await this.retention.holdsByRecord(m, [item.record_id])).get(item.record_id) ?? [];
        const today = await this.retention.calendar.today(m);
        const r = applyDecision(stateOf(row, holds), decision, today);
        if (!r.ok) throw new AppError('CONFLICT', { zh: r.zh, en: r.en });
        const years = decision.kind === 'keep' ? (decision.reviewYears ?? null) : decision.kind === 'extend' ? decision.toYears : null;
        await m.query(
          'UPDATE appraisal_items SET decision = ?, decision_years = ?, transfer_to = ?, reason = ?, appraiser = ?, decided_on = ?, reviewer = NULL, reviewed_on = NULL WHERE id = ?',
          [decision.kind, years, decision.kind === 'transfer' ? decision.to : null, reason, actor.username, today, itemId],
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
        if (!item.decision) throw new AppError('CONFLICT', { zh: '该条目尚未鉴定。', en: 'This item has no decision yet.' });
        if (item.appraiser === actor.username) throw new AppError('FORBIDDEN', { zh: '复核人不能是鉴定人本人。', en: 'The reviewer cannot be the appraiser.' });
        await m.query('UPDATE appraisal_items SET reviewer = ?, reviewed_on = ? WHERE id = ?', [
          actor.username,
          await this.retention.calendar.today(m),
          itemId,
        ]);
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
        if (batch.status !== 'open') throw new AppError('CONFLICT', { zh: '该鉴定批次已结束。', en: 'This batch is closed.' });
        const missing = batch.items.filter((i) => !i.decision || !i.reviewer);
        if (missing.length)
          throw new AppError('CONFLICT', { zh: `还有 ${missing.length} 条未鉴定或未复核。`, en: `${missing.length} items are not decided or not reviewed.` });
        const today = await this.retention.calendar.today(m);
        for (const i of batch.items) {
          const [row]: RetentionColumns[] = await m.query(`SELECT ${RETENTION_COLUMNS} FROM archive_records a WHERE a.id = ?`, [i.recordId]);
          const holds = (await this.retention.holdsByRecord(m, [i.recordId])).get(i.recordId) ?? [];
          const r = applyDecision(stateOf(row, holds), i.decision!, today);
          if (!r.ok) throw new AppError('CONFLICT', { zh: `${i.archiveNo}：${r.zh}`, en: `${i.archiveNo}: ${r.en}` });
          const c = columnsOf(r.state);
          await m.query(
            'UPDATE archive_records SET retention_class = ?, retention_years = ?, next_appraisal = ?, disposition = ?, transfer_to = ? WHERE id = ?',
            [c.retention_class, c.retention_years, c.next_appraisal, c.disposition, c.transfer_to, i.recordId],
          );
        }
        await m.query("UPDATE appraisal_batches SET status = 'closed', closed_at = ? WHERE id = ?", [this.deps.nowIso(), id]);
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
    const [row] = await this.db.manager.query('SELECT record_id FROM appraisal_items WHERE id = ?', [itemId]);
    return auditRefusals(
      this.audit,
      { actor: actor.username, action, subject: () => (row ? `record:${row.record_id}` : null), details: () => ({ itemId }) },
      step,
    );
  }

  private async named(m: EntityManager, i: ItemDb) {
    return itemRow(i, await displayNames(m, [i.appraiser, i.reviewer]));
  }

  private async item(m: EntityManager, itemId: string): Promise<ItemDb> {
    const [i]: ItemDb[] = await m.query(
      'SELECT i.*, a.archive_no, a.title, a.year FROM appraisal_items i JOIN archive_records a ON a.id = i.record_id WHERE i.id = ?',
      [itemId],
    );
    if (!i) throw new AppError('NOT_FOUND', { zh: '未找到该鉴定条目。', en: 'Appraisal item not found.' });
    return i;
  }

  private async openItem(m: EntityManager, itemId: string): Promise<ItemDb> {
    const i = await this.item(m, itemId);
    const [b] = await m.query('SELECT status FROM appraisal_batches WHERE id = ?', [i.batch_id]);
    if (b.status !== 'open') throw new AppError('CONFLICT', { zh: '该鉴定批次已结束。', en: 'This batch is closed.' });
    return i;
  }
}

type Names = (u: string | null | undefined) => string;

function batchHead(b: Record<string, unknown>, name: Names) {
  return {
    id: String(b.id),
    batchNo: String(b.batch_no),
    purpose: String(b.purpose),
    scope: String(b.scope),
    members: JSON.parse(String(b.members)) as string[],
    status: b.status as 'open' | 'closed',
    createdBy: String(b.created_by),
    createdByName: name(String(b.created_by)),
    createdAt: String(b.created_at),
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
