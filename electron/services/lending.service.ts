import { SENSITIVITY_LABELS, type Sensitivity } from '../../shared/domain/archive-types';
import { Brackets, In, type EntityManager } from 'typeorm';
import type { ApprovalInput, LoanRow } from '../../shared/contract/lending.contract';
import type { Settings } from '../../shared/contract/settings.contract';
import type { Carrier, RecordStatus } from '../../shared/domain/archive-types';
import {
  addDays,
  checkCheckout,
  DEFAULT_REMINDER_TIERS,
  overdueDays,
  reminderStatus,
  renew,
  type ApprovalMode,
  type Borrower,
  type LendingPolicy,
  type ReminderTier,
  type UseKind,
} from '../../shared/domain/lending';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { LoanApprovalScanEntity, LoanEntity, RecallNoticeEntity, type LoanApprovalScanRecord, type LoanRecord } from '../db/entities/lending.entity';
import { ArchiveRecordEntity, LocationEntity } from '../db/entities/record.entity';
import { UserEntity, type UserRecord } from '../db/entities/user.entity';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import { openScan, resolveApproval, sealScan, type ScanSecrets, type VerifyApprover } from './loan-approval';
import type { SettingsService } from './settings.service';
import type { Actor } from './actor';

export type BorrowerInput =
  { kind: 'staff'; userId: string } | { kind: 'external'; name: string; idNumber: string; organisation: string; letterNo: string; phone?: string };

export interface CheckoutInput {
  recordIds: string[];
  kind: UseKind;
  borrower: BorrowerInput;
  approval: ApprovalInput;
  purpose: string;
  dueDate?: string;
  condition?: string;
}

export function policyOf(s: Settings): LendingPolicy {
  const tiers: ReminderTier[] = s.reminderOffsets.map((d) => {
    const known = DEFAULT_REMINDER_TIERS.find((t) => t.offsetDays === d);
    if (known) return known;
    return d < 0
      ? { id: `before${-d}`, offsetDays: d, zh: `到期前${-d}天提醒`, en: `${-d} days before due` }
      : { id: `overdue${d}`, offsetDays: d, zh: `逾期${d}天催还`, en: `${d} days overdue` };
  });
  return { loanDays: s.loanDays, renewalDays: s.renewalDays, maxRenewals: s.maxRenewals, reminderTiers: tiers };
}

/** 借阅: check-out with approval, return with pages counted, renewals, overdue reminders, recalls. */
export class LendingService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly deps: { newId: () => string; nowIso: () => string; now: () => number; randomBytes: (n: number) => Buffer },
    /** "Today" is the archive's date (its time zone setting), not this process's. */
    readonly calendar: ArchiveCalendar,
    /** Read at each use: a re-key replaces the wrapping key in place. */
    private readonly secrets: ScanSecrets,
  ) {}

  /**
   * Issues a slip. The approval comes one of two ways (ApprovalInput):
   *  - `confirmed`: the approver types their user name and password at this desk. `verify` checks
   *    them exactly as sign-in does (argon2id, the same per-name throttle and failure count, a failure
   *    audited as auth.confirm.failed), and their unlocked signing key is held for one entry. The
   *    approval is then written as its own entry, `loan.approve`, whose actor is the approver and whose
   *    signature is made with the approver's own key — so the trail does not merely say the keeper
   *    claims a confirmation; it carries the approver's signature, which no one else can make. The
   *    keeper's own `loan.checkout` entries name the approver and point at that entry's slip.
   *  - `paper`: the approver signed a paper slip. The keeper types the name and attaches the scan; the
   *    keeper is the actor (that is all the trail can honestly say), the scan's SHA-256 is in the entry,
   *    and the slip prints 纸质审批.
   * A refused confirmation (wrong password, no right to approve, disabled) writes nothing but its
   * `loan.approve.refused` entry.
   */
  async checkout(actor: Actor, input: CheckoutInput, verify: VerifyApprover): Promise<LoanRow[]> {
    const a = input.approval;
    const { approver, scan } = await resolveApproval(this.audit, actor, input.recordIds, a, verify);
    const policy = policyOf(await this.settings.get());
    const today = await this.calendar.today();
    return this.db.write(async (m) => {
      const borrower = await this.borrower(m, input.borrower);
      const slipNo = await this.nextSlipNo(m, today);
      const nowIso = this.deps.nowIso();
      let scanRow: LoanApprovalScanRecord | null = null;
      if (scan) {
        scanRow = sealScan(
          this.secrets.attachmentWrap,
          scan,
          { id: this.deps.newId(), slipNo, createdAt: nowIso, createdBy: actor.username },
          this.deps.randomBytes,
        );
        await m.insert(LoanApprovalScanEntity, scanRow);
      }
      const ids: string[] = [];
      for (const [line, recordId] of input.recordIds.entries()) {
        const found = await m.findOne(ArchiveRecordEntity, { select: ['id', 'carrier', 'status', 'pages', 'archiveNo'], where: { id: recordId } });
        if (!found) throw new AppError('NOT_FOUND', ERR.records.notFound);
        const rec = [{ carrier: found.carrier as Carrier, status: found.status as RecordStatus, pages: found.pages, archive_no: found.archiveNo }];
        const active = await m
          .createQueryBuilder(LoanEntity, 'l')
          .innerJoin(ArchiveRecordEntity.options.name, 'a', 'a.id = l.recordId')
          .where('l.recordId = :recordId AND l.returnedOn IS NULL', { recordId })
          .andWhere(new Brackets((w) => w.where('l.kind IN (:...reading)', { reading: ['read', 'borrow'] }).orWhere("a.carrier <> 'electronic'")))
          .getExists();
        const check = checkCheckout(
          {
            kind: input.kind,
            record: { carrier: rec[0].carrier, status: rec[0].status, activeLoan: active },
            borrower,
            approver: { userId: approver.userId, name: approver.name, username: approver.username },
            purpose: input.purpose,
            checkout: today,
            dueDate: input.dueDate,
          },
          policy,
        );
        if (!check.ok) throw new AppError('CONFLICT', ERR.records.refused(rec[0].archive_no, check.refusals));
        const id = this.deps.newId();
        const b = borrower;
        await m.insert(LoanEntity, {
          id,
          slipNo,
          slipLine: line + 1,
          recordId,
          kind: input.kind,
          borrowerKind: b.kind,
          borrowerUserId: b.kind === 'staff' ? b.userId : null,
          borrowerName: b.name,
          borrowerIdNumber: b.idNumber ?? null,
          borrowerOrg: b.kind === 'external' ? b.organisation : null,
          borrowerPhone: b.phone ?? null,
          letterNo: b.kind === 'external' ? b.letterNo : null,
          purpose: input.purpose,
          approverUserId: approver.userId,
          approverName: approver.name,
          approverOpinion: a.opinion ?? null,
          approvalMode: approver.mode,
          approvalScanId: scanRow?.id ?? null,
          checkoutDate: today,
          dueDate: check.dueDate,
          renewals: 0,
          pagesOut: rec[0].pages,
          conditionOut: input.condition ?? null,
          createdBy: actor.username,
          createdAt: nowIso,
        });
        if (check.occupiesPaper) await m.update(ArchiveRecordEntity, { id: recordId }, { status: 'on_loan', updatedAt: nowIso });
        await this.audit.append(m, {
          actor: actor.username,
          action: 'loan.checkout',
          subject: `record:${recordId}`,
          details: {
            loanId: id,
            slipNo,
            kind: input.kind,
            borrowerKind: b.kind,
            approval: approver.mode,
            approver: approver.username ?? approver.name,
            due: check.dueDate,
            pages: rec[0].pages,
          },
        });
        ids.push(id);
      }
      if (approver.mode === 'confirmed') {
        // Signed with the approver's own key (held for this one entry by verifyPassword).
        await this.audit.append(m, {
          actor: approver.username!,
          action: 'loan.approve',
          subject: `slip:${slipNo}`,
          details: { confirmed: 'password', at: actor.username, loans: ids, records: input.recordIds, kind: input.kind, opinion: a.opinion ?? null },
        });
      } else if (scanRow) {
        await this.audit.append(m, {
          actor: actor.username,
          action: 'loan.paperApproval',
          subject: `slip:${slipNo}`,
          details: { approverName: approver.name, loans: ids, scanId: scanRow.id, fileName: scanRow.fileName, size: scanRow.size, sha256: scanRow.sha256 },
        });
      }
      return Promise.all(ids.map((id) => this.get(id, m)));
    });
  }

  /** A paper approval's scan, decrypted in memory for viewing (audited: it carries a signature). */
  async approvalScan(actor: Actor, loanId: string): Promise<{ row: LoanApprovalScanRecord; data: Buffer }> {
    const loan = await this.db.manager.findOne(LoanEntity, { select: ['id', 'slipNo', 'approvalScanId'], where: { id: loanId } });
    if (!loan) throw new AppError('NOT_FOUND', ERR.lending.loanNotFound);
    const row = loan.approvalScanId ? await this.db.manager.findOneBy(LoanApprovalScanEntity, { id: loan.approvalScanId }) : null;
    if (!row) throw new AppError('NOT_FOUND', ERR.lending.noScan);
    const data = openScan(this.secrets.attachmentWrap, row);
    await this.audit.record({ actor: actor.username, action: 'loan.approvalScan.view', subject: `slip:${loan.slipNo}`, details: { loanId, scanId: row.id } });
    return { row, data };
  }

  async return(
    actor: Actor,
    r: { loanId: string; pagesCounted: number; damageNote?: string; missingPages?: string; alterations?: string; outcome?: string; copiesMade?: number },
  ): Promise<LoanRow> {
    return this.db.write(async (m) => {
      const loan = await this.get(r.loanId, m);
      if (loan.returnedOn) throw new AppError('CONFLICT', ERR.lending.alreadyReturned);
      const today = await this.calendar.today(m);
      await m.update(
        LoanEntity,
        { id: r.loanId },
        {
          returnedOn: today,
          pagesIn: r.pagesCounted,
          damageNote: r.damageNote ?? null,
          missingPages: r.missingPages ?? null,
          alterations: r.alterations ?? null,
          outcome: r.outcome ?? null,
          copiesMade: r.copiesMade ?? null,
          receivedBy: actor.username,
        },
      );
      await m.update(ArchiveRecordEntity, { id: loan.recordId, status: 'on_loan' }, { status: 'in', updatedAt: this.deps.nowIso() });
      const pagesDiffer = r.pagesCounted !== loan.pagesOut;
      await this.audit.append(m, {
        actor: actor.username,
        action: 'loan.return',
        subject: `record:${loan.recordId}`,
        details: {
          loanId: r.loanId,
          pagesOut: loan.pagesOut,
          pagesIn: r.pagesCounted,
          pagesDiffer,
          damage: r.damageNote ?? null,
          missing: r.missingPages ?? null,
          overdueDays: loan.overdueDays,
        },
      });
      return this.get(r.loanId, m);
    });
  }

  async renew(actor: Actor, loanId: string): Promise<LoanRow> {
    const policy = policyOf(await this.settings.get());
    return this.db.write(async (m) => {
      const loan = await this.get(loanId, m);
      const rec = await m.findOneOrFail(ArchiveRecordEntity, { select: ['id', 'status'], where: { id: loan.recordId } });
      const r = renew(
        { kind: loan.kind, checkout: loan.checkoutDate, dueDate: loan.dueDate, renewals: loan.renewals, returnedOn: loan.returnedOn ?? undefined },
        await this.calendar.today(m),
        policy,
        { status: rec.status === 'on_loan' ? 'in' : (rec.status as RecordStatus) },
      );
      if (!r.ok) throw new AppError('CONFLICT', { zh: r.zh, en: r.en });
      await m.update(LoanEntity, { id: loanId }, { dueDate: r.dueDate, renewals: r.renewals });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'loan.renew',
        subject: `record:${loan.recordId}`,
        details: { loanId, from: loan.dueDate, to: r.dueDate, renewals: r.renewals },
      });
      return this.get(loanId, m);
    });
  }

  async recall(actor: Actor, loanId: string, method: string, note?: string) {
    const policy = policyOf(await this.settings.get());
    return this.db.write(async (m) => {
      const loan = await this.get(loanId, m);
      if (loan.returnedOn) throw new AppError('CONFLICT', ERR.lending.returnedNoRecall);
      const today = await this.calendar.today(m);
      const st = await this.reminder(m, loan, policy, today);
      const row = { id: this.deps.newId(), loanId, date: today, method, tierId: st.current?.id ?? null, note: note ?? null, by: actor.username };
      await m.insert(RecallNoticeEntity, {
        id: row.id,
        loanId,
        date: row.date,
        method,
        tierId: row.tierId,
        dueDate: loan.dueDate,
        note: row.note,
        byUser: row.by,
      });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'loan.recall',
        subject: `record:${loan.recordId}`,
        details: { loanId, method, tier: row.tierId, overdueDays: loan.overdueDays },
      });
      return row;
    });
  }

  async recalls(loanId: string) {
    const rows = await this.db.manager.find(RecallNoticeEntity, { where: { loanId }, order: { date: 'ASC' } });
    return rows.map((r) => ({ id: r.id, loanId: r.loanId, date: r.date, method: r.method, tierId: r.tierId, note: r.note, by: r.byUser }));
  }

  async list(f: { state: 'out' | 'overdue' | 'dueSoon' | 'all'; recordId?: string; borrower?: string; limit: number }): Promise<LoanRow[]> {
    const today = await this.calendar.today();
    const qb = this.db.manager.createQueryBuilder(LoanEntity, 'l').orderBy('l.dueDate').addOrderBy('l.id').take(f.limit);
    if (f.state !== 'all') qb.andWhere('l.returnedOn IS NULL');
    if (f.state === 'overdue') qb.andWhere('l.dueDate < :today', { today });
    if (f.state === 'dueSoon') qb.andWhere('l.dueDate >= :today AND l.dueDate <= :soon', { today, soon: addDays(today, 7) });
    if (f.recordId) qb.andWhere('l.recordId = :recordId', { recordId: f.recordId });
    if (f.borrower) qb.andWhere('l.borrowerName = :borrower', { borrower: f.borrower });
    const loans = await qb.getMany();
    return this.decorateAll(this.db.manager, loans, policyOf(await this.settings.get()), today);
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<LoanRow> {
    const loan = await m.findOneBy(LoanEntity, { id });
    if (!loan) throw new AppError('NOT_FOUND', ERR.lending.loanNotFound);
    const [row] = await this.decorateAll(m, [loan], policyOf(await this.settings.get(m)), await this.calendar.today(m));
    return row;
  }

  async bySlip(slipNo: string): Promise<LoanRow[]> {
    // In the order the records were listed at check-out (the slip's lines).
    const loans = await this.db.manager.find(LoanEntity, { where: { slipNo }, order: { slipLine: 'ASC', id: 'ASC' } });
    if (!loans.length) throw new AppError('NOT_FOUND', ERR.lending.slipNotFound);
    return this.decorateAll(this.db.manager, loans, policyOf(await this.settings.get()), await this.calendar.today());
  }

  /**
   * What a 借阅单 prints beyond the loan rows: the borrower's phone, the approval date (the approver
   * signs at check-out), the renewal limit, and per record its 密级 and 存放位置.
   */
  async slipExtras(loans: LoanRow[]): Promise<{
    borrowerPhone: string | null;
    approvedOn: string | null;
    renewalLimit: number;
    records: Record<string, { sensitivity: string | null; location: string | null }>;
  }> {
    const m = this.db.manager;
    const head = loans.length ? await m.findOne(LoanEntity, { select: ['id', 'borrowerPhone', 'createdAt'], where: { id: loans[0].id } }) : null;
    const first = head ? [{ borrower_phone: head.borrowerPhone, created_at: head.createdAt }] : [];
    const records: Record<string, { sensitivity: string | null; location: string | null }> = {};
    for (const l of loans) {
      const r = await m
        .createQueryBuilder(ArchiveRecordEntity, 'a')
        .leftJoin(LocationEntity.options.name, 'loc', 'loc.id = a.locationId')
        .select('a.sensitivity', 'sensitivity')
        .addSelect(['loc.room AS room', 'loc.cabinet AS cabinet', 'loc.shelf AS shelf', 'loc.box AS box'])
        .where('a.id = :id', { id: l.recordId })
        .getRawOne<{ sensitivity: string; room: string | null; cabinet: string | null; shelf: string | null; box: string | null }>();
      if (!r) continue;
      const label = SENSITIVITY_LABELS[r.sensitivity as Sensitivity];
      records[l.recordId] = {
        sensitivity: label ? label.zh : r.sensitivity,
        location: r.room ? `${r.room} · ${r.cabinet}柜 · ${r.shelf}层 · ${r.box}盒` : null,
      };
    }
    return {
      borrowerPhone: first[0]?.borrower_phone ?? null,
      approvedOn: first[0] ? await this.calendar.dateOf(first[0].created_at) : null,
      renewalLimit: policyOf(await this.settings.get()).maxRenewals,
      records,
    };
  }

  async stats(year: number) {
    const m = this.db.manager;
    const y = String(year);
    // Dates are 'YYYY-MM-DD' text: a year is a range, a month its first seven characters (substr is standard SQL).
    const inYear = () =>
      m.createQueryBuilder(LoanEntity, 'l').where('l.checkoutDate >= :from AND l.checkoutDate < :to', { from: `${y}-01-01`, to: `${year + 1}-01-01` });
    const byMonth = await inYear()
      .select('substr(l.checkoutDate, 1, 7)', 'month')
      .addSelect('COUNT(*)', 'count')
      .groupBy('substr(l.checkoutDate, 1, 7)')
      .orderBy('month')
      .getRawMany<{ month: string; count: number }>();
    const byKind = await inYear()
      .select('l.kind', 'kind')
      .addSelect('COUNT(*)', 'count')
      .groupBy('l.kind')
      .orderBy('kind')
      .getRawMany<{ kind: string; count: number }>();
    const byOutcome = await inYear()
      .andWhere('l.returnedOn IS NOT NULL')
      .select("coalesce(l.outcome, '未填写')", 'outcome')
      .addSelect('COUNT(*)', 'count')
      .groupBy("coalesce(l.outcome, '未填写')")
      .orderBy('count', 'DESC')
      .getRawMany<{ outcome: string; count: number }>();
    const num = <T extends { count: unknown }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));
    return { byMonth: num(byMonth), byKind: num(byKind), byOutcome: num(byOutcome) };
  }

  /** Loan rows with their record's number and title and their recall count (three queries, not one per loan). */
  private async decorateAll(m: EntityManager, loans: LoanRecord[], policy: LendingPolicy, today: string): Promise<LoanRow[]> {
    if (!loans.length) return [];
    const recordIds = [...new Set(loans.map((l) => l.recordId))];
    const recs = await m.find(ArchiveRecordEntity, { select: ['id', 'archiveNo', 'title'], where: { id: In(recordIds) } });
    const byId = new Map(recs.map((r) => [r.id, r]));
    const counts = await m
      .createQueryBuilder(RecallNoticeEntity, 'n')
      .select('n.loanId', 'loanId')
      .addSelect('COUNT(*)', 'n')
      .where('n.loanId IN (:...ids)', { ids: loans.map((l) => l.id) })
      .groupBy('n.loanId')
      .getRawMany<{ loanId: string; n: number | string }>();
    const recalls = new Map(counts.map((c) => [c.loanId, Number(c.n)]));
    const scanIds = [...new Set(loans.map((l) => l.approvalScanId).filter((x): x is string => !!x))];
    const scanRows = scanIds.length ? await m.find(LoanApprovalScanEntity, { select: ['id', 'fileName', 'sha256'], where: { id: In(scanIds) } }) : [];
    const scans = new Map(scanRows.map((x) => [x.id, { id: x.id, fileName: x.fileName, sha256: x.sha256 }]));
    const out: LoanRow[] = [];
    for (const l of loans) {
      const row = await this.decorate(m, l, byId.get(l.recordId), recalls.get(l.id) ?? 0, policy, today);
      row.approvalScan = (l.approvalScanId && scans.get(l.approvalScanId)) || null;
      out.push(row);
    }
    return out;
  }

  private async decorate(
    m: EntityManager,
    r: LoanRecord,
    rec: { archiveNo: string; title: string } | undefined,
    recalls: number,
    policy: LendingPolicy,
    today: string,
  ): Promise<LoanRow> {
    const idNo = r.borrowerIdNumber;
    const loan: LoanRow = {
      id: r.id,
      slipNo: r.slipNo,
      recordId: r.recordId,
      archiveNo: String(rec?.archiveNo),
      title: String(rec?.title),
      kind: r.kind as UseKind,
      borrowerKind: r.borrowerKind as 'staff' | 'external',
      borrowerName: r.borrowerName,
      borrowerOrg: r.borrowerOrg,
      borrowerIdMasked: idNo ? `${idNo.slice(0, 4)}****${idNo.slice(-4)}` : null,
      letterNo: r.letterNo,
      purpose: r.purpose,
      approverName: r.approverName,
      approverOpinion: r.approverOpinion,
      approvalMode: (r.approvalMode as ApprovalMode | null) ?? 'unconfirmed',
      approvalScan: null,
      checkoutDate: r.checkoutDate,
      dueDate: r.dueDate,
      renewals: Number(r.renewals),
      pagesOut: Number(r.pagesOut),
      conditionOut: r.conditionOut,
      returnedOn: r.returnedOn,
      pagesIn: r.pagesIn == null ? null : Number(r.pagesIn),
      damageNote: r.damageNote,
      receivedBy: r.receivedBy,
      outcome: r.outcome,
      overdueDays: overdueDays(r.dueDate, today, r.returnedOn ?? undefined),
      reminder: { current: null, sendNow: null, label: null },
      recalls,
    };
    const st = await this.reminder(m, loan, policy, today);
    loan.reminder = { current: st.current?.id ?? null, sendNow: st.sendNow?.id ?? null, label: st.current ? `${st.current.zh} / ${st.current.en}` : null };
    return loan;
  }

  private async reminder(m: EntityManager, loan: LoanRow, policy: LendingPolicy, today: string) {
    const sent = (await m.find(RecallNoticeEntity, { select: ['id', 'tierId', 'dueDate'], where: { loanId: loan.id } }))
      .filter((x) => x.tierId !== null)
      .map((x) => ({ tier_id: x.tierId as string, due_date: x.dueDate as string }));
    return reminderStatus(
      { kind: loan.kind, checkout: loan.checkoutDate, dueDate: loan.dueDate, renewals: loan.renewals, returnedOn: loan.returnedOn ?? undefined },
      today,
      sent.map((x) => ({ tierId: x.tier_id, dueDate: x.due_date })),
      policy.reminderTiers,
    );
  }

  private async user(m: EntityManager, id: string): Promise<UserRecord | null> {
    return m.findOneBy(UserEntity, { id });
  }

  private async borrower(m: EntityManager, b: BorrowerInput): Promise<Borrower & { phone?: string; idNumber?: string }> {
    if (b.kind === 'external') return b;
    const u = await this.user(m, b.userId);
    if (!u || !u.active) throw new AppError('VALIDATION', ERR.lending.noBorrower);
    return { kind: 'staff', userId: u.id, name: u.displayName };
  }

  /** JY-YYYYMMDD-NNN: slip numbers are per day and never reused. */
  private async nextSlipNo(m: EntityManager, today: string): Promise<string> {
    const prefix = `JY-${today.replace(/-/g, '')}-`;
    // A locked counter, not count + 1: two desks checking out at once get two slips.
    const n = await dialectOf(m).nextNumber(m, `slip:${prefix}`, async () => {
      const r = await m
        .createQueryBuilder(LoanEntity, 'l')
        .select('COUNT(DISTINCT l.slipNo)', 'n')
        .where('l.slipNo LIKE :p', { p: `${prefix}%` })
        .getRawOne<{ n: number | string }>();
      return Number(r?.n ?? 0) + 1;
    });
    return `${prefix}${String(n).padStart(3, '0')}`;
  }
}
