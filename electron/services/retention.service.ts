import { In, IsNull, type EntityManager } from 'typeorm';
import type { DueRow } from '../../shared/contract/retention.contract';
import { naturalCompare } from '../../shared/domain/natural-order';
import { classifyDue, DUE_BUCKETS, type ClockEvent, type DueBucket, type Hold } from '../../shared/domain/retention';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { ArchiveRecordEntity } from '../db/entities/record.entity';
import { DestructionBatchEntity, DestructionItemEntity, RecordHoldEntity, type RecordHoldRecord } from '../db/entities/retention.entity';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import type { CategoriesService } from './categories.service';
import { selectRetention, stateOf, termText, type RetentionColumns } from './retention-state';
import type { Actor } from './actor';

export const toHold = (h: RecordHoldRecord): Hold => ({
  reason: h.reason,
  setBy: h.setBy,
  setOn: h.setOn,
  releasedOn: h.releasedOn ?? undefined,
  releasedBy: h.releasedBy ?? undefined,
  releaseReason: h.releaseReason ?? undefined,
});

/** 保管期限: the due list, holds (冻结) and event clocks. The arithmetic lives in shared/domain/retention.ts. */
export class RetentionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly deps: { newId: () => string; now: () => number },
    /** "Today" is the archive's date (its time zone setting); appraisal and destruction use it too. */
    readonly calendar: ArchiveCalendar,
    /** The 分类 tree: a category filter takes in the classes under the chosen one. */
    private readonly categories?: CategoriesService,
  ) {}

  async holdsByRecord(m: EntityManager, recordIds: string[]): Promise<Map<string, Hold[]>> {
    const out = new Map<string, Hold[]>();
    for (let i = 0; i < recordIds.length; i += 500) {
      const ids = recordIds.slice(i, i + 500);
      const rows = await m.findBy(RecordHoldEntity, { recordId: In(ids) });
      for (const h of rows) out.set(h.recordId, [...(out.get(h.recordId) ?? []), toHold(h)]);
    }
    return out;
  }

  async dueList(f: { buckets?: DueBucket[]; contentCategory?: string; limit: number }): Promise<{ rows: DueRow[]; counts: Record<string, number> }> {
    const m = this.db.manager;
    const today = await this.calendar.today(m);
    const want = new Set<DueBucket>(f.buckets ?? ['overdue', 'due_this_year', 'due_next_year']);
    const qb = selectRetention(m.createQueryBuilder(ArchiveRecordEntity, 'a').select('a.id', 'id'))
      .addSelect('a.archiveNo', 'archive_no')
      .addSelect('a.title', 'title')
      .addSelect('a.status', 'status')
      .addSelect('a.contentCategory', 'content_category')
      .where("a.status <> 'destroyed'");
    if (f.contentCategory) {
      const codes = this.categories ? await this.categories.codesUnder(f.contentCategory, m) : [f.contentCategory];
      qb.andWhere('a.contentCategory IN (:...cc)', { cc: codes });
    }
    const rows = await qb.getRawMany<RetentionColumns & { id: string; archive_no: string; title: string; status: string; content_category: string }>();
    const holds = await this.holdsByRecord(
      m,
      rows.filter((r) => r.status === 'on_hold').map((r) => r.id),
    );
    const counts: Record<string, number> = Object.fromEntries(DUE_BUCKETS.map((b) => [b, 0]));
    const out: DueRow[] = [];
    for (const r of rows) {
      const s = stateOf(r, holds.get(r.id) ?? []);
      const due = classifyDue(s, today);
      counts[due.bucket]++;
      if (!want.has(due.bucket)) continue;
      out.push({
        recordId: r.id,
        archiveNo: r.archive_no,
        title: r.title,
        year: Number(r.year),
        term: termText(s.term),
        bucket: due.bucket,
        startDate: due.startDate,
        dueDate: due.dueDate,
        yearsKept: due.yearsKept,
        held: due.held || r.status === 'on_hold',
        status: r.status,
        contentCategory: r.content_category,
      });
    }
    out.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || naturalCompare(a.archiveNo, b.archiveNo));
    return { rows: out.slice(0, f.limit), counts };
  }

  async holds(recordId: string) {
    const rows = await this.db.manager.find(RecordHoldEntity, { where: { recordId }, order: { setOn: 'ASC' } });
    return rows.map(holdRow);
  }

  async hold(actor: Actor, recordId: string, reason: string) {
    return this.db.write(async (m) => {
      const rec = await m.findOne(ArchiveRecordEntity, { select: ['id', 'status'], where: { id: recordId } });
      if (!rec) throw new AppError('NOT_FOUND', ERR.records.notFound);
      if (rec.status === 'destroyed') throw new AppError('CONFLICT', ERR.retention.destroyedNoHold);
      const row: RecordHoldRecord = {
        id: this.deps.newId(),
        recordId,
        reason,
        setBy: actor.username,
        setOn: await this.calendar.today(m),
        releasedOn: null,
        releasedBy: null,
        releaseReason: null,
      };
      await m.insert(RecordHoldEntity, row);
      // A record on loan stays "on loan" (it is physically out); the hold is still in force.
      await m.update(ArchiveRecordEntity, { id: recordId, status: In(['in', 'pending_destruction']) }, { status: 'on_hold' });
      // A register the record is listed in is not edited behind its approver's back: the hold
      // blocks it (approval or execution) until someone re-submits it and the record drops out.
      await this.audit.append(m, { actor: actor.username, action: 'retention.hold', subject: `record:${recordId}`, details: { holdId: row.id, reason } });
      return holdRow(row);
    });
  }

  async release(actor: Actor, holdId: string, reason: string) {
    return this.db.write(async (m) => {
      const h = await m.findOneBy(RecordHoldEntity, { id: holdId });
      if (!h || h.releasedOn) throw new AppError('NOT_FOUND', ERR.retention.noActiveHold);
      const today = await this.calendar.today(m);
      await m.update(RecordHoldEntity, { id: holdId }, { releasedOn: today, releasedBy: actor.username, releaseReason: reason });
      const open = await m.countBy(RecordHoldEntity, { recordId: h.recordId, releasedOn: IsNull() });
      if (open === 0) {
        // Back to where it stood: still listed in a live destruction register, or on the shelf.
        const listed = await m
          .createQueryBuilder(DestructionItemEntity, 'i')
          .innerJoin(DestructionBatchEntity.options.name, 'b', 'b.id = i.batchId')
          .where('i.recordId = :recordId', { recordId: h.recordId })
          .andWhere('b.status IN (:...live)', { live: ['proposed', 'approved'] })
          .getExists();
        await m.update(ArchiveRecordEntity, { id: h.recordId, status: 'on_hold' }, { status: listed ? 'pending_destruction' : 'in' });
      }
      await this.audit.append(m, { actor: actor.username, action: 'retention.release', subject: `record:${h.recordId}`, details: { holdId, reason } });
      return holdRow({ ...h, releasedOn: today, releasedBy: actor.username, releaseReason: reason });
    });
  }

  async setClock(actor: Actor, recordId: string, event: ClockEvent | null, on: string | null): Promise<void> {
    await this.db.write(async (m) => {
      const rec = await m.findOne(ArchiveRecordEntity, { select: ['id', 'clockEvent', 'clockEventOn'], where: { id: recordId } });
      if (!rec) throw new AppError('NOT_FOUND', ERR.records.notFound);
      // The audit keeps the column names it always had.
      const before = { clock_event: rec.clockEvent ?? null, clock_event_on: rec.clockEventOn ?? null };
      await m.update(ArchiveRecordEntity, { id: recordId }, { clockEvent: event, clockEventOn: event ? on : null });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'retention.setClock',
        subject: `record:${recordId}`,
        details: { before, after: { clock_event: event, clock_event_on: on } },
      });
    });
  }
}

function holdRow(h: RecordHoldRecord) {
  return { id: h.id, recordId: h.recordId, reason: h.reason, setBy: h.setBy, setOn: h.setOn, releasedOn: h.releasedOn, releasedBy: h.releasedBy };
}
