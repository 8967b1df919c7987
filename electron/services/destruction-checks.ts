import { IsNull, type EntityManager } from 'typeorm';
import type { Sensitivity } from '../../shared/domain/archive-types';
import { checkDestruction, type DestructionOverride, type DestructionRefusal } from '../../shared/domain/destruction-rules';
import { driftMessage, snapshotDrift, type SnapshotItem } from '../../shared/domain/destruction-snapshot';
import type { DestructionRegisterRow } from '../../shared/domain/destruction-types';
import { yearsKept, type Bilingual } from '../../shared/domain/retention';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { LoanEntity } from '../db/entities/lending.entity';
import { ArchiveRecordEntity } from '../db/entities/record.entity';
import { DestructionItemEntity } from '../db/entities/retention.entity';
import { freeze, liveSnapshot } from './destruction-live';
import { itemsOf, type BatchDb, type Problem } from './destruction-view';
import { selectRetention, stateOf, type RetentionColumns } from './retention-state';
import type { RetentionService } from './retention.service';

/** The database side of the destruction rules: eligibility of listed records and the frozen register. */
export class DestructionChecks {
  constructor(private readonly retention: RetentionService) {}

  /**
   * Why a record may not be destroyed now (empty: it may). `listed`: it is already in this
   * register, so "pending destruction" is its expected state, not a second register.
   */
  async refusalsOf(
    m: EntityManager,
    recordId: string,
    today: string,
    override?: DestructionOverride,
    listed = true,
  ): Promise<(DestructionRefusal | Bilingual)[]> {
    const row = await selectRetention(m.createQueryBuilder(ArchiveRecordEntity, 'a').select('a.status', 'status'))
      .addSelect('a.carrier', 'carrier')
      .addSelect('a.archiveNo', 'archive_no')
      .where('a.id = :recordId', { recordId })
      .getRawOne<RetentionColumns & { status: string; carrier: string; archive_no: string }>();
    if (!row) return [ERR.records.notFound];
    if (!listed && row.status === 'pending_destruction') return [ERR.destruction.inAnotherRegister];
    const holds = (await this.retention.holdsByRecord(m, [recordId])).get(recordId) ?? [];
    const loan = await m.existsBy(LoanEntity, { recordId, returnedOn: IsNull() });
    const status = listed && row.status === 'pending_destruction' ? 'in' : row.status;
    const c = checkDestruction({ status: status as never, carrier: row.carrier as never, retention: stateOf(row, holds), activeLoan: loan }, today, override);
    return c.ok ? [] : c.refusals;
  }

  async assertEligible(m: EntityManager, recordId: string, today: string, override?: DestructionOverride, listed = false): Promise<void> {
    const refusals = await this.refusalsOf(m, recordId, today, override, listed);
    if (!refusals.length) return;
    const rec = await m.findOne(ArchiveRecordEntity, { select: ['id', 'archiveNo'], where: { id: recordId } });
    if (!rec) throw new AppError('NOT_FOUND', ERR.records.notFound);
    throw new AppError('CONFLICT', ERR.records.refused(rec.archiveNo, refusals));
  }

  /** What changed since approval, per record; empty while the approved register still stands. */
  async driftOf(m: EntityManager, b: BatchDb): Promise<Problem[]> {
    if (!b.approved_snapshot) return [{ archiveNo: '', ...ERR.destruction.noSnapshot }];
    const live = await liveSnapshot(m, b.id);
    if (freeze(live).sha256 === b.approved_sha256) return [];
    const d = snapshotDrift(JSON.parse(String(b.approved_snapshot)) as SnapshotItem[], live);
    return d.length ? d.map((x) => ({ archiveNo: x.archiveNo, zh: x.zh, en: x.en })) : [{ archiveNo: '', ...ERR.destruction.snapshotHashMismatch }];
  }

  /** The refusal for an approved register that no longer matches its snapshot, or null. */
  async driftRefusal(m: EntityManager, b: BatchDb): Promise<Bilingual | null> {
    const d = await this.driftOf(m, b);
    if (!d.length) return null;
    return d.length === 1 && !d[0].archiveNo ? { zh: d[0].zh, en: d[0].en } : driftMessage(d);
  }

  /**
   * What stops this register going on: for an approved one, every change since approval; and any
   * listed record that may no longer be destroyed (on hold, on loan, …).
   */
  async problems(m: EntityManager, id: string, today: string, b?: BatchDb): Promise<Problem[]> {
    const drift = b?.status === 'approved' ? await this.driftOf(m, b) : [];
    const seen = new Set(drift.map((d) => d.archiveNo));
    const out = [...drift];
    for (const it of await itemsOf(m, id)) {
      if (seen.has(it.archive_no)) continue;
      const r = await this.refusalsOf(
        m,
        it.record_id,
        today,
        it.override_reason ? { by: String(b?.proposed_by ?? ''), reason: it.override_reason } : undefined,
      );
      if (r.length) out.push({ archiveNo: it.archive_no, zh: r.map((x) => x.zh).join(' '), en: r.map((x) => x.en).join(' ') });
    }
    return out;
  }

  blockedMessage(problems: readonly Problem[]): Bilingual {
    return ERR.destruction.blocked(problems);
  }

  async registerRows(m: EntityManager, id: string, today: string): Promise<DestructionRegisterRow[]> {
    const rows: (RetentionColumns & {
      archive_no: string;
      title: string;
      date_from: string | null;
      date_to: string | null;
      pages: number;
      items: number;
      sensitivity: string;
      reason: string;
      remarks: string | null;
    })[] = await selectRetention(
      m
        .createQueryBuilder(DestructionItemEntity, 'i')
        .innerJoin(ArchiveRecordEntity.options.name, 'a', 'a.id = i.recordId')
        .select('i.reason', 'reason')
        .addSelect('i.remarks', 'remarks')
        .addSelect('a.archiveNo', 'archive_no')
        .addSelect('a.title', 'title')
        .addSelect('a.dateFrom', 'date_from')
        .addSelect('a.dateTo', 'date_to')
        .addSelect('a.pages', 'pages')
        .addSelect('a.items', 'items')
        .addSelect('a.sensitivity', 'sensitivity'),
    )
      .where('i.batchId = :id', { id })
      .orderBy('a.archiveNo')
      .getRawMany();
    return rows.map((r) => {
      const s = stateOf(r);
      return {
        archiveNo: r.archive_no,
        title: r.title,
        yearOrRange: r.date_from && r.date_to ? `${r.date_from}—${r.date_to}` : String(r.year),
        term: s.term,
        yearsKept: yearsKept(s, today),
        unit: Number(r.items) > 1 ? 'volume' : 'item',
        items: Number(r.items),
        pages: Number(r.pages),
        sensitivity: r.sensitivity as Sensitivity,
        reason: r.reason,
        remarks: r.remarks ?? undefined,
      };
    });
  }
}
