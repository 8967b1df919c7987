import type { EntityManager } from 'typeorm';
import type { DueRow } from '../../shared/contract/retention.contract';
import { naturalCompare } from '../../shared/domain/natural-order';
import { classifyDue, DUE_BUCKETS, type ClockEvent, type DueBucket, type Hold } from '../../shared/domain/retention';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/database';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import { RETENTION_COLUMNS, stateOf, termText, type RetentionColumns } from './retention-state';
import type { Actor } from './structure.service';

type HoldDb = {
  id: string;
  record_id: string;
  reason: string;
  set_by: string;
  set_on: string;
  released_on: string | null;
  released_by: string | null;
  release_reason: string | null;
};

export const toHold = (h: HoldDb): Hold => ({
  reason: h.reason,
  setBy: h.set_by,
  setOn: h.set_on,
  releasedOn: h.released_on ?? undefined,
  releasedBy: h.released_by ?? undefined,
  releaseReason: h.release_reason ?? undefined,
});

/** 保管期限: the due list, holds (冻结) and event clocks. The arithmetic lives in shared/domain/retention.ts. */
export class RetentionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly deps: { newId: () => string; now: () => number },
    /** "Today" is the archive's date (its time zone setting); appraisal and destruction use it too. */
    readonly calendar: ArchiveCalendar,
  ) {}

  async holdsByRecord(m: EntityManager, recordIds: string[]): Promise<Map<string, Hold[]>> {
    const out = new Map<string, Hold[]>();
    for (let i = 0; i < recordIds.length; i += 500) {
      const ids = recordIds.slice(i, i + 500);
      const rows: HoldDb[] = await m.query(`SELECT * FROM record_holds WHERE record_id IN (${ids.map(() => '?').join(',')})`, ids);
      for (const h of rows) out.set(h.record_id, [...(out.get(h.record_id) ?? []), toHold(h)]);
    }
    return out;
  }

  async dueList(f: { buckets?: DueBucket[]; contentCategory?: string; limit: number }): Promise<{ rows: DueRow[]; counts: Record<string, number> }> {
    const m = this.db.manager;
    const today = await this.calendar.today(m);
    const want = new Set<DueBucket>(f.buckets ?? ['overdue', 'due_this_year', 'due_next_year']);
    const rows: (RetentionColumns & { id: string; archive_no: string; title: string; status: string; content_category: string })[] = await m.query(
      `SELECT a.id, a.archive_no, a.title, a.status, a.content_category, ${RETENTION_COLUMNS} FROM archive_records a
       WHERE a.status <> 'destroyed' ${f.contentCategory ? 'AND a.content_category = ?' : ''}`,
      f.contentCategory ? [f.contentCategory] : [],
    );
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
    const rows: HoldDb[] = await this.db.manager.query('SELECT * FROM record_holds WHERE record_id = ? ORDER BY set_on', [recordId]);
    return rows.map(holdRow);
  }

  async hold(actor: Actor, recordId: string, reason: string) {
    return this.db.write(async (m) => {
      const [rec] = await m.query('SELECT status FROM archive_records WHERE id = ?', [recordId]);
      if (!rec) throw new AppError('NOT_FOUND', { zh: '未找到该档案。', en: 'Record not found.' });
      if (rec.status === 'destroyed') throw new AppError('CONFLICT', { zh: '已销毁的档案不能冻结。', en: 'A destroyed record cannot be put on hold.' });
      const row: HoldDb = {
        id: this.deps.newId(),
        record_id: recordId,
        reason,
        set_by: actor.username,
        set_on: await this.calendar.today(m),
        released_on: null,
        released_by: null,
        release_reason: null,
      };
      await m.query('INSERT INTO record_holds (id, record_id, reason, set_by, set_on) VALUES (?,?,?,?,?)', [row.id, recordId, reason, row.set_by, row.set_on]);
      // A record on loan stays "on loan" (it is physically out); the hold is still in force.
      await m.query("UPDATE archive_records SET status = 'on_hold' WHERE id = ? AND status IN ('in', 'pending_destruction')", [recordId]);
      // A register the record is listed in is not edited behind its approver's back: the hold
      // blocks it (approval or execution) until someone re-submits it and the record drops out.
      await this.audit.append(m, { actor: actor.username, action: 'retention.hold', subject: `record:${recordId}`, details: { holdId: row.id, reason } });
      return holdRow(row);
    });
  }

  async release(actor: Actor, holdId: string, reason: string) {
    return this.db.write(async (m) => {
      const [h]: HoldDb[] = await m.query('SELECT * FROM record_holds WHERE id = ?', [holdId]);
      if (!h || h.released_on) throw new AppError('NOT_FOUND', { zh: '没有这条生效的冻结。', en: 'No such active hold.' });
      const today = await this.calendar.today(m);
      await m.query('UPDATE record_holds SET released_on = ?, released_by = ?, release_reason = ? WHERE id = ?', [today, actor.username, reason, holdId]);
      const [{ n }] = await m.query('SELECT count(*) AS n FROM record_holds WHERE record_id = ? AND released_on IS NULL', [h.record_id]);
      if (Number(n) === 0) {
        // Back to where it stood: still listed in a live destruction register, or on the shelf.
        const [listed] = await m.query(
          "SELECT 1 AS x FROM destruction_items i JOIN destruction_batches b ON b.id = i.batch_id WHERE i.record_id = ? AND b.status IN ('proposed', 'approved') LIMIT 1",
          [h.record_id],
        );
        await m.query("UPDATE archive_records SET status = ? WHERE id = ? AND status = 'on_hold'", [listed ? 'pending_destruction' : 'in', h.record_id]);
      }
      await this.audit.append(m, { actor: actor.username, action: 'retention.release', subject: `record:${h.record_id}`, details: { holdId, reason } });
      return holdRow({ ...h, released_on: today, released_by: actor.username, release_reason: reason });
    });
  }

  async setClock(actor: Actor, recordId: string, event: ClockEvent | null, on: string | null): Promise<void> {
    await this.db.write(async (m) => {
      const [before] = await m.query('SELECT clock_event, clock_event_on FROM archive_records WHERE id = ?', [recordId]);
      if (!before) throw new AppError('NOT_FOUND', { zh: '未找到该档案。', en: 'Record not found.' });
      await m.query('UPDATE archive_records SET clock_event = ?, clock_event_on = ? WHERE id = ?', [event, event ? on : null, recordId]);
      await this.audit.append(m, {
        actor: actor.username,
        action: 'retention.setClock',
        subject: `record:${recordId}`,
        details: { before, after: { clock_event: event, clock_event_on: on } },
      });
    });
  }
}

function holdRow(h: HoldDb) {
  return { id: h.id, recordId: h.record_id, reason: h.reason, setBy: h.set_by, setOn: h.set_on, releasedOn: h.released_on, releasedBy: h.released_by };
}
