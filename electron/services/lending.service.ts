import { SENSITIVITY_LABELS, type Sensitivity } from '../../shared/domain/archive-types';
import type { EntityManager } from 'typeorm';
import type { LoanRow } from '../../shared/contract/lending.contract';
import type { Settings } from '../../shared/contract/settings.contract';
import type { Carrier, RecordStatus } from '../../shared/domain/archive-types';
import {
  addDays,
  checkCheckout,
  DEFAULT_REMINDER_TIERS,
  overdueDays,
  reminderStatus,
  renew,
  type Borrower,
  type LendingPolicy,
  type ReminderTier,
  type UseKind,
} from '../../shared/domain/lending';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { LoanEntity } from '../db/entities/lending.entity';
import type { ArchiveCalendar } from './archive-calendar';
import { SqlWhere } from '../db/sql-where';
import type { AuditService } from './audit.service';
import type { SettingsService } from './settings.service';
import type { Actor } from './structure.service';

export type BorrowerInput =
  { kind: 'staff'; userId: string } | { kind: 'external'; name: string; idNumber: string; organisation: string; letterNo: string; phone?: string };

export interface CheckoutInput {
  recordIds: string[];
  kind: UseKind;
  borrower: BorrowerInput;
  approverUserId: string;
  approverOpinion?: string;
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

const LOAN_SELECT = `SELECT l.*, a.archive_no, a.title, (SELECT count(*) FROM recall_notices n WHERE n.loan_id = l.id) AS recalls FROM loans l JOIN archive_records a ON a.id = l.record_id`;

/** 借阅: check-out with approval, return with pages counted, renewals, overdue reminders, recalls. */
export class LendingService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly deps: { newId: () => string; nowIso: () => string; now: () => number },
    /** "Today" is the archive's date (its time zone setting), not this process's. */
    readonly calendar: ArchiveCalendar,
  ) {}

  async checkout(actor: Actor, input: CheckoutInput): Promise<LoanRow[]> {
    const policy = policyOf(await this.settings.get());
    const today = await this.calendar.today();
    return this.db.write(async (m) => {
      const approver = await this.user(m, input.approverUserId);
      if (!approver || !approver.active || !['admin', 'keeper'].includes(approver.role)) {
        throw new AppError('VALIDATION', {
          fields: [{ path: 'approverUserId', zh: '审批人须为在职的管理员或档案员', en: 'The approver must be an active administrator or keeper' }],
        });
      }
      const borrower = await this.borrower(m, input.borrower);
      const slipNo = await this.nextSlipNo(m, today);
      const ids: string[] = [];
      for (const recordId of input.recordIds) {
        const rec: { id: string; carrier: Carrier; status: RecordStatus; pages: number; archive_no: string }[] = await m.query(
          'SELECT id, carrier, status, pages, archive_no FROM archive_records WHERE id = ?',
          [recordId],
        );
        if (!rec[0]) throw new AppError('NOT_FOUND', { zh: '未找到该档案。', en: 'Record not found.' });
        const active: unknown[] = await m.query(
          "SELECT 1 FROM loans l JOIN archive_records a ON a.id = l.record_id WHERE l.record_id = ? AND l.returned_on IS NULL AND (l.kind IN ('read', 'borrow') OR a.carrier <> 'electronic')",
          [recordId],
        );
        const check = checkCheckout(
          {
            kind: input.kind,
            record: { carrier: rec[0].carrier, status: rec[0].status, activeLoan: active.length > 0 },
            borrower,
            approver: { userId: approver.id, name: approver.display_name, username: approver.username },
            purpose: input.purpose,
            checkout: today,
            dueDate: input.dueDate,
          },
          policy,
        );
        if (!check.ok) {
          const zh = check.refusals.map((r) => r.zh).join(' ');
          const en = check.refusals.map((r) => r.en).join(' ');
          throw new AppError('CONFLICT', { zh: `${rec[0].archive_no}：${zh}`, en: `${rec[0].archive_no}: ${en}` });
        }
        const id = this.deps.newId();
        const b = borrower;
        await m.query(
          `INSERT INTO loans (id, slip_no, record_id, kind, borrower_kind, borrower_user_id, borrower_name, borrower_id_number, borrower_org, borrower_phone, letter_no,
            purpose, approver_user_id, approver_name, approver_opinion, checkout_date, due_date, renewals, pages_out, condition_out, created_by, created_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)`,
          [
            id,
            slipNo,
            recordId,
            input.kind,
            b.kind,
            b.kind === 'staff' ? b.userId : null,
            b.name,
            b.idNumber ?? null,
            b.kind === 'external' ? b.organisation : null,
            b.phone ?? null,
            b.kind === 'external' ? b.letterNo : null,
            input.purpose,
            approver.id,
            approver.display_name,
            input.approverOpinion ?? null,
            today,
            check.dueDate,
            rec[0].pages,
            input.condition ?? null,
            actor.username,
            this.deps.nowIso(),
          ],
        );
        if (check.occupiesPaper) await m.query("UPDATE archive_records SET status = 'on_loan', updated_at = ? WHERE id = ?", [this.deps.nowIso(), recordId]);
        await this.audit.append(m, {
          actor: actor.username,
          action: 'loan.checkout',
          subject: `record:${recordId}`,
          details: { loanId: id, slipNo, kind: input.kind, borrowerKind: b.kind, approver: approver.username, due: check.dueDate, pages: rec[0].pages },
        });
        ids.push(id);
      }
      return Promise.all(ids.map((id) => this.get(id, m)));
    });
  }

  async return(
    actor: Actor,
    r: { loanId: string; pagesCounted: number; damageNote?: string; missingPages?: string; alterations?: string; outcome?: string; copiesMade?: number },
  ): Promise<LoanRow> {
    return this.db.write(async (m) => {
      const loan = await this.get(r.loanId, m);
      if (loan.returnedOn) throw new AppError('CONFLICT', { zh: '该借阅已归还。', en: 'This loan was already returned.' });
      const today = await this.calendar.today(m);
      await m.query(
        'UPDATE loans SET returned_on = ?, pages_in = ?, damage_note = ?, missing_pages = ?, alterations = ?, outcome = ?, copies_made = ?, received_by = ? WHERE id = ?',
        [
          today,
          r.pagesCounted,
          r.damageNote ?? null,
          r.missingPages ?? null,
          r.alterations ?? null,
          r.outcome ?? null,
          r.copiesMade ?? null,
          actor.username,
          r.loanId,
        ],
      );
      await m.query("UPDATE archive_records SET status = 'in', updated_at = ? WHERE id = ? AND status = 'on_loan'", [this.deps.nowIso(), loan.recordId]);
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
      const [rec] = await m.query('SELECT status FROM archive_records WHERE id = ?', [loan.recordId]);
      const r = renew(
        { kind: loan.kind, checkout: loan.checkoutDate, dueDate: loan.dueDate, renewals: loan.renewals, returnedOn: loan.returnedOn ?? undefined },
        await this.calendar.today(m),
        policy,
        { status: rec.status === 'on_loan' ? 'in' : rec.status },
      );
      if (!r.ok) throw new AppError('CONFLICT', { zh: r.zh, en: r.en });
      await m.query('UPDATE loans SET due_date = ?, renewals = ? WHERE id = ?', [r.dueDate, r.renewals, loanId]);
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
      if (loan.returnedOn) throw new AppError('CONFLICT', { zh: '该借阅已归还，无需催还。', en: 'This loan was returned; no recall is needed.' });
      const today = await this.calendar.today(m);
      const st = await this.reminder(m, loan, policy, today);
      const row = { id: this.deps.newId(), loanId, date: today, method, tierId: st.current?.id ?? null, note: note ?? null, by: actor.username };
      await m.query('INSERT INTO recall_notices (id, loan_id, date, method, tier_id, due_date, note, by_user) VALUES (?,?,?,?,?,?,?,?)', [
        row.id,
        loanId,
        row.date,
        method,
        row.tierId,
        loan.dueDate,
        row.note,
        row.by,
      ]);
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
    const rows: { id: string; loan_id: string; date: string; method: string; tier_id: string | null; note: string | null; by_user: string }[] =
      await this.db.manager.query('SELECT * FROM recall_notices WHERE loan_id = ? ORDER BY date', [loanId]);
    return rows.map((r) => ({ id: r.id, loanId: r.loan_id, date: r.date, method: r.method, tierId: r.tier_id, note: r.note, by: r.by_user }));
  }

  async list(f: { state: 'out' | 'overdue' | 'dueSoon' | 'all'; recordId?: string; borrower?: string; limit: number }): Promise<LoanRow[]> {
    const today = await this.calendar.today();
    const w = new SqlWhere()
      .if(f.state !== 'all', 'l.returned_on IS NULL')
      .if(f.state === 'overdue', 'l.due_date < ?', today)
      .if(f.state === 'dueSoon', 'l.due_date >= ? AND l.due_date <= ?', today, addDays(today, 7))
      .when(f.recordId, 'l.record_id = ?')
      .when(f.borrower, 'l.borrower_name = ?');
    const rows: Record<string, unknown>[] = await this.db.manager.query(`${LOAN_SELECT} ${w} ORDER BY l.due_date LIMIT ?`, [...w.params, f.limit]);
    const policy = policyOf(await this.settings.get());
    return Promise.all(rows.map((r) => this.decorate(this.db.manager, r, policy, today)));
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<LoanRow> {
    const rows: Record<string, unknown>[] = await m.query(`${LOAN_SELECT} WHERE l.id = ?`, [id]);
    if (!rows[0]) throw new AppError('NOT_FOUND', { zh: '未找到该借阅记录。', en: 'Loan not found.' });
    return this.decorate(m, rows[0], policyOf(await this.settings.get(m)), await this.calendar.today(m));
  }

  async bySlip(slipNo: string): Promise<LoanRow[]> {
    const rows: { id: string }[] = await this.db.manager.query('SELECT id FROM loans WHERE slip_no = ? ORDER BY rowid', [slipNo]);
    if (!rows.length) throw new AppError('NOT_FOUND', { zh: '未找到该借阅单。', en: 'Slip not found.' });
    return Promise.all(rows.map((r) => this.get(r.id)));
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
    const first: { borrower_phone: string | null; created_at: string }[] = loans.length
      ? await m.query('SELECT borrower_phone, created_at FROM loans WHERE id = ?', [loans[0].id])
      : [];
    const records: Record<string, { sensitivity: string | null; location: string | null }> = {};
    for (const l of loans) {
      const [r]: { sensitivity: string; room: string | null; cabinet: string | null; shelf: string | null; box: string | null }[] = await m.query(
        'SELECT a.sensitivity, l.room, l.cabinet, l.shelf, l.box FROM archive_records a LEFT JOIN locations l ON l.id = a.location_id WHERE a.id = ?',
        [l.recordId],
      );
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
    const byMonth: { month: string; count: number }[] = await m.query(
      'SELECT substr(checkout_date, 1, 7) AS month, count(*) AS count FROM loans WHERE substr(checkout_date, 1, 4) = ? GROUP BY month ORDER BY month',
      [y],
    );
    const byKind: { kind: string; count: number }[] = await m.query(
      'SELECT kind, count(*) AS count FROM loans WHERE substr(checkout_date, 1, 4) = ? GROUP BY kind ORDER BY kind',
      [y],
    );
    const byOutcome: { outcome: string; count: number }[] = await m.query(
      "SELECT coalesce(outcome, '未填写') AS outcome, count(*) AS count FROM loans WHERE substr(checkout_date, 1, 4) = ? AND returned_on IS NOT NULL GROUP BY outcome ORDER BY count DESC",
      [y],
    );
    const num = <T extends { count: unknown }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));
    return { byMonth: num(byMonth), byKind: num(byKind), byOutcome: num(byOutcome) };
  }

  private async decorate(m: EntityManager, r: Record<string, unknown>, policy: LendingPolicy, today: string): Promise<LoanRow> {
    const s = (k: string) => (r[k] as string | null) ?? null;
    const idNo = s('borrower_id_number');
    const loan: LoanRow = {
      id: String(r.id),
      slipNo: String(r.slip_no),
      recordId: String(r.record_id),
      archiveNo: String(r.archive_no),
      title: String(r.title),
      kind: r.kind as UseKind,
      borrowerKind: r.borrower_kind as 'staff' | 'external',
      borrowerName: String(r.borrower_name),
      borrowerOrg: s('borrower_org'),
      borrowerIdMasked: idNo ? `${idNo.slice(0, 4)}****${idNo.slice(-4)}` : null,
      letterNo: s('letter_no'),
      purpose: String(r.purpose),
      approverName: String(r.approver_name),
      approverOpinion: s('approver_opinion'),
      checkoutDate: String(r.checkout_date),
      dueDate: String(r.due_date),
      renewals: Number(r.renewals),
      pagesOut: Number(r.pages_out),
      conditionOut: s('condition_out'),
      returnedOn: s('returned_on'),
      pagesIn: r.pages_in == null ? null : Number(r.pages_in),
      damageNote: s('damage_note'),
      receivedBy: s('received_by'),
      outcome: s('outcome'),
      overdueDays: overdueDays(String(r.due_date), today, s('returned_on') ?? undefined),
      reminder: { current: null, sendNow: null, label: null },
      recalls: Number(r.recalls ?? 0),
    };
    const st = await this.reminder(m, loan, policy, today);
    loan.reminder = { current: st.current?.id ?? null, sendNow: st.sendNow?.id ?? null, label: st.current ? `${st.current.zh} / ${st.current.en}` : null };
    return loan;
  }

  private async reminder(m: EntityManager, loan: LoanRow, policy: LendingPolicy, today: string) {
    const sent: { tier_id: string; due_date: string }[] = await m.query(
      'SELECT tier_id, due_date FROM recall_notices WHERE loan_id = ? AND tier_id IS NOT NULL',
      [loan.id],
    );
    return reminderStatus(
      { kind: loan.kind, checkout: loan.checkoutDate, dueDate: loan.dueDate, renewals: loan.renewals, returnedOn: loan.returnedOn ?? undefined },
      today,
      sent.map((x) => ({ tierId: x.tier_id, dueDate: x.due_date })),
      policy.reminderTiers,
    );
  }

  private async user(m: EntityManager, id: string): Promise<{ id: string; username: string; display_name: string; role: string; active: number } | undefined> {
    return (await m.query('SELECT id, username, display_name, role, active FROM users WHERE id = ?', [id]))[0];
  }

  private async borrower(m: EntityManager, b: BorrowerInput): Promise<Borrower & { phone?: string; idNumber?: string }> {
    if (b.kind === 'external') return b;
    const u = await this.user(m, b.userId);
    if (!u || !u.active)
      throw new AppError('VALIDATION', { fields: [{ path: 'borrower.userId', zh: '借阅人不存在或已停用', en: 'No such active staff member' }] });
    return { kind: 'staff', userId: u.id, name: u.display_name };
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
