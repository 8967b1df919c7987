/**
 * Lending (借阅) rules as pure functions (domain.md, Lending): kinds of use, check-out refusals,
 * due dates, renewals, overdue days and tiered recall reminders (催还).
 *
 * Dates are the archive's calendar dates 'YYYY-MM-DD' passed in by the caller (archive-time.ts).
 * Arithmetic runs on UTC day numbers, so it never meets a time zone or a daylight-saving jump and
 * crosses month ends, year ends and 29 February exactly. No node:* imports: this file is shared with the renderer.
 */
import type { Carrier, RecordStatus } from './archive-types';
import type { Bilingual, IsoDate } from '../text';
export type { Bilingual, IsoDate };

// ---------------------------------------------------------------------------------------------
// Date-only arithmetic
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid date, or NaN (so 2026-02-30 is not silently 2026-03-02). */
function dayNumberOrNaN(d: string): number {
  const m = DATE_RE.exec(d);
  if (!m) return NaN;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, da); // setUTCFullYear keeps years 0–99 literal, unlike Date.UTC
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== da) return NaN;
  return Math.round(t.getTime() / DAY_MS);
}

export function isIsoDate(d: string): boolean {
  return !Number.isNaN(dayNumberOrNaN(d));
}

/** Days since 1970-01-01; throws on anything that is not a real calendar date. */
export function dayNumber(d: IsoDate): number {
  const n = dayNumberOrNaN(d);
  if (Number.isNaN(n)) throw new RangeError(`not a date (YYYY-MM-DD): ${d}`);
  return n;
}

export function fromDayNumber(n: number): IsoDate {
  const t = new Date(n * DAY_MS);
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(d) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

// "Today" is not computed here: it is the archive's date in its time zone (archive-time.ts archiveToday).

// ---------------------------------------------------------------------------------------------
// Kinds of use and policy
// ---------------------------------------------------------------------------------------------

/** 查阅 read in the room / 借出 take out / 复制 copy / 摘录 extract. */
export const USE_KINDS = ['read', 'borrow', 'copy', 'extract'] as const;
export type UseKind = (typeof USE_KINDS)[number];

/**
 * How a loan was approved. `confirmed`: the approver typed their own password at the keeper's desk
 * (the server checked it and the approval entry is signed with the approver's own key). `paper`:
 * the approver signed a paper slip (纸质审批), which the keeper scanned and attached. `unconfirmed`:
 * loans issued before approvals were confirmed, when the keeper picked the approver from a list.
 */
export const APPROVAL_MODES = ['confirmed', 'paper', 'unconfirmed'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
export const APPROVAL_MODE_LABELS: Record<ApprovalMode, Bilingual> = {
  confirmed: { zh: '审批人本人密码确认', en: 'Confirmed with own password' },
  paper: { zh: '纸质审批', en: 'Paper approval' },
  unconfirmed: { zh: '登记审批人（未确认）', en: 'Approver entered (not confirmed)' },
};
export const USE_KIND_LABELS: Record<UseKind, Bilingual> = {
  read: { zh: '查阅', en: 'Read in room' },
  borrow: { zh: '借出', en: 'Take out' },
  copy: { zh: '复制', en: 'Copy' },
  extract: { zh: '摘录', en: 'Extract' },
};

/**
 * Reading in the room and taking out both hand over the paper, so both need a paper original.
 * Copies and extracts can be made from the electronic copy.
 */
export function needsPaper(kind: UseKind): boolean {
  return kind === 'read' || kind === 'borrow';
}

/**
 * Whether this use occupies the paper original (and so counts as the record's one active loan):
 * any use of a record that has paper hands the paper over, even for copying in the room.
 */
export function occupiesPaper(kind: UseKind, carrier: Carrier): boolean {
  return carrier !== 'electronic' || needsPaper(kind);
}

/** A recall reminder tier: `offsetDays` relative to the due date (negative = before due). */
export interface ReminderTier {
  id: string;
  offsetDays: number;
  zh: string;
  en: string;
}

export interface LendingPolicy {
  /** Calendar days a 借出 loan runs; domain.md: 7–14 by default, configurable. */
  loanDays: number;
  /** Days each renewal adds to the current due date. */
  renewalDays: number;
  maxRenewals: number;
  reminderTiers: readonly ReminderTier[];
}

export const DEFAULT_REMINDER_TIERS: readonly ReminderTier[] = [
  { id: 'before', offsetDays: -3, zh: '到期前提醒', en: 'Before due' },
  { id: 'due', offsetDays: 0, zh: '到期提醒', en: 'Due today' },
  { id: 'overdue7', offsetDays: 7, zh: '逾期7天催还', en: '7 days overdue' },
  { id: 'overdue30', offsetDays: 30, zh: '逾期30天催还', en: '30 days overdue' },
];

export const DEFAULT_LENDING_POLICY: LendingPolicy = {
  loanDays: 14,
  renewalDays: 14,
  maxRenewals: 2,
  reminderTiers: DEFAULT_REMINDER_TIERS,
};

/** A problem with a configured policy, or null. */
export function checkPolicy(p: LendingPolicy): Bilingual | null {
  const days = (n: number) => Number.isInteger(n) && n >= 1 && n <= 365;
  if (!days(p.loanDays) || !days(p.renewalDays)) return { zh: '借期和续借天数须为 1–365 的整数', en: 'Loan and renewal days must be whole numbers, 1–365' };
  if (!Number.isInteger(p.maxRenewals) || p.maxRenewals < 0 || p.maxRenewals > 20) return { zh: '续借次数上限须为 0–20', en: 'The renewal limit must be 0–20' };
  const ids = new Set(p.reminderTiers.map((t) => t.id));
  if (ids.size !== p.reminderTiers.length) return { zh: '催还档次名称重复', en: 'Reminder tiers have duplicate names' };
  if (p.reminderTiers.some((t) => !Number.isInteger(t.offsetDays) || Math.abs(t.offsetDays) > 365)) {
    return { zh: '催还档次天数须为 -365–365 的整数', en: 'Reminder offsets must be whole numbers, -365–365' };
  }
  return null;
}

/**
 * Due date of a new slip. In-room uses (查阅, 复制, 摘录) end the same day: the paper goes back
 * on the shelf when the room closes. Only 借出 runs for the policy's loan days.
 */
export function dueDateFor(kind: UseKind, checkout: IsoDate, policy: LendingPolicy = DEFAULT_LENDING_POLICY): IsoDate {
  return kind === 'borrow' ? addDays(checkout, policy.loanDays) : addDays(checkout, 0);
}

// ---------------------------------------------------------------------------------------------
// Check-out
// ---------------------------------------------------------------------------------------------

export type Borrower =
  | { kind: 'staff'; userId: string; name: string; idNumber?: string; phone?: string }
  | { kind: 'external'; name: string; idNumber: string; organisation: string; letterNo: string; phone?: string };

export interface Approver {
  /**
   * The approving staff member's user identity (users.id); empty for a paper approval, where the
   * keeper records the name of whoever signed the slip (who may not be a user of the app).
   */
  userId: string;
  /** Their display name, as printed on the slip. */
  name: string;
  /** Their sign-in name, when known: a borrower typed as "liuqiang" is the same person. */
  username?: string;
  /** Staff have no ID number on file; present only where one is known. */
  idNumber?: string;
}

export interface LendableRecord {
  carrier: Carrier;
  status: RecordStatus;
  /** An unreturned slip that occupies the paper exists (the status column may lag behind it). */
  activeLoan?: boolean;
  /** A hold is in force (冻结), whatever the status column says. */
  held?: boolean;
}

export interface CheckoutRequest {
  kind: UseKind;
  record: LendableRecord;
  borrower: Borrower;
  approver: Approver;
  purpose: string;
  checkout: IsoDate;
  /** A due date agreed at approval; defaults to the policy's. */
  dueDate?: IsoDate;
}

export const LENDING_REFUSALS = {
  ELECTRONIC_ONLY: { zh: '该档案只有电子版，不能借出或到馆查阅原件。', en: 'The record is electronic only; there is no paper to lend or read.' },
  ON_LOAN: { zh: '该档案已借出，尚未归还。', en: 'The record is already out and not yet returned.' },
  ON_HOLD: { zh: '该档案已冻结，不能借阅。', en: 'The record is on hold and cannot be lent.' },
  PENDING_DESTRUCTION: { zh: '该档案待销毁，不能借阅。', en: 'The record is pending destruction and cannot be lent.' },
  DESTROYED: { zh: '该档案已销毁。', en: 'The record has been destroyed.' },
  APPROVER_IS_BORROWER: {
    zh: '审批人不能是借阅人本人（外单位借阅人与审批人同名时，也须由另一位档案员审批）。',
    en: "The approver cannot be the borrower (an external borrower with the approver's name needs another keeper to approve).",
  },
  APPROVER_MISSING: { zh: '借阅须经审批。', en: 'A loan needs an approver.' },
  PURPOSE_MISSING: { zh: '请填写借阅事由。', en: 'Enter the purpose of use.' },
  BORROWER_NAME_MISSING: { zh: '请填写借阅人姓名。', en: "Enter the borrower's name." },
  EXTERNAL_ORG_MISSING: { zh: '外单位借阅人须填写所在单位。', en: 'An external borrower needs an organisation.' },
  EXTERNAL_ID_MISSING: { zh: '外单位借阅人须填写证件号码。', en: 'An external borrower needs an ID number.' },
  EXTERNAL_LETTER_MISSING: { zh: '外单位借阅须填写介绍信编号。', en: 'An external borrower needs an authorisation letter number (介绍信).' },
  DUE_BEFORE_CHECKOUT: { zh: '应还日期不能早于借出日期。', en: 'The due date cannot be before the check-out date.' },
} as const satisfies Record<string, Bilingual>;
export type LendingRefusalCode = keyof typeof LENDING_REFUSALS;

export interface LendingRefusal {
  code: LendingRefusalCode;
  zh: string;
  en: string;
}

function refusal(code: LendingRefusalCode): LendingRefusal {
  return { code, ...LENDING_REFUSALS[code] };
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.trim().toUpperCase() === b.trim().toUpperCase();
}

/**
 * A name as a person would be recognised by: full-width forms folded (NFKC), case ignored, and
 * spaces and the middle dots of transcribed names (·・•‧) dropped, so "李 主任" is "李主任" and
 * "买买提·艾力" is "买买提•艾力".
 */
export function personKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00b7\u2022\u2027\u30fb\uff65.]/g, '');
}

/**
 * Is the borrower the approving staff member? A staff borrower is compared by user identity.
 * An external borrower cannot be: staff approvers have no ID number on file, so an ID cannot
 * tell the approver apart from a namesake. The safe rule is to refuse when the borrower's name
 * is the approver's display name (or user name), whatever ID number is typed, and when the ID
 * numbers match where the approver has one. A true namesake is approved by another keeper.
 */
export function approverIsBorrower(b: Borrower, a: Approver): boolean {
  // A paper approver is known by name only: a staff borrower with that name is the same person.
  if (b.kind === 'staff') return sameId(b.userId, a.userId) || sameId(b.idNumber, a.idNumber) || (!a.userId.trim() && personKey(b.name) === personKey(a.name));
  if (sameId(b.idNumber, a.idNumber)) return true;
  const who = personKey(b.name);
  return who.length > 0 && [a.name, a.username ?? ''].some((n) => personKey(n) === who);
}

/** Refusals caused by the record's state alone; also used when renewing. */
export function recordRefusals(kind: UseKind, r: LendableRecord): LendingRefusal[] {
  const out: LendingRefusal[] = [];
  if (r.status === 'destroyed') return [refusal('DESTROYED')];
  if (r.carrier === 'electronic' && needsPaper(kind)) out.push(refusal('ELECTRONIC_ONLY'));
  if (occupiesPaper(kind, r.carrier) && (r.status === 'on_loan' || r.activeLoan)) out.push(refusal('ON_LOAN'));
  if (r.status === 'on_hold' || r.held) out.push(refusal('ON_HOLD'));
  if (r.status === 'pending_destruction') out.push(refusal('PENDING_DESTRUCTION'));
  return out;
}

/** Refusals caused by who borrows and who approves. */
export function partyRefusals(b: Borrower, a: Approver): LendingRefusal[] {
  const out: LendingRefusal[] = [];
  if (!b.name.trim()) out.push(refusal('BORROWER_NAME_MISSING'));
  if (b.kind === 'external') {
    if (!b.organisation.trim()) out.push(refusal('EXTERNAL_ORG_MISSING'));
    if (!b.idNumber.trim()) out.push(refusal('EXTERNAL_ID_MISSING'));
    if (!b.letterNo.trim()) out.push(refusal('EXTERNAL_LETTER_MISSING'));
  }
  if (!a.userId.trim() && !a.name.trim()) out.push(refusal('APPROVER_MISSING'));
  else if (approverIsBorrower(b, a)) out.push(refusal('APPROVER_IS_BORROWER'));
  return out;
}

export type CheckoutCheck = { ok: true; dueDate: IsoDate; occupiesPaper: boolean } | { ok: false; refusals: LendingRefusal[] };

/** Whether a slip may be issued, with every reason it may not (the desk fixes them all at once). */
export function checkCheckout(req: CheckoutRequest, policy: LendingPolicy = DEFAULT_LENDING_POLICY): CheckoutCheck {
  const out = [...recordRefusals(req.kind, req.record), ...partyRefusals(req.borrower, req.approver)];
  if (!req.purpose.trim()) out.push(refusal('PURPOSE_MISSING'));
  const due = req.dueDate ?? dueDateFor(req.kind, req.checkout, policy);
  if (daysBetween(req.checkout, due) < 0) out.push(refusal('DUE_BEFORE_CHECKOUT'));
  if (out.length) return { ok: false, refusals: out };
  return { ok: true, dueDate: due, occupiesPaper: occupiesPaper(req.kind, req.record.carrier) };
}

// ---------------------------------------------------------------------------------------------
// Loans: renewals, overdue, reminders
// ---------------------------------------------------------------------------------------------

export interface LoanState {
  kind: UseKind;
  checkout: IsoDate;
  dueDate: IsoDate;
  renewals: number;
  returnedOn?: IsoDate;
}

export const RENEWAL_REFUSALS = {
  RETURNED: { zh: '该借阅已归还，不能续借。', en: 'This loan has been returned; it cannot be renewed.' },
  IN_ROOM_USE: { zh: '馆内查阅、复制、摘录当日归还，不能续借。', en: 'In-room use ends the same day and cannot be renewed.' },
  LIMIT_REACHED: { zh: '已达续借次数上限，请先归还。', en: 'The renewal limit is reached; return the record first.' },
  OVERDUE: { zh: '已逾期，须先归还或催还，不能续借。', en: 'The loan is overdue; it must be returned, not renewed.' },
  RECORD_BLOCKED: { zh: '该档案已冻结或待销毁，须归还，不能续借。', en: 'The record is on hold or pending destruction; it must come back, not be renewed.' },
} as const satisfies Record<string, Bilingual>;
export type RenewalRefusalCode = keyof typeof RENEWAL_REFUSALS;

export type RenewalCheck = { ok: true; dueDate: IsoDate; renewals: number } | { ok: false; code: RenewalRefusalCode; zh: string; en: string };

/**
 * Renews a loan on `today`. The new due date counts from the current due date, not from today,
 * so renewing early does not shorten the loan and renewing late does not lengthen it. An overdue
 * loan is not renewed: it has to come back first (that is what the recall schedule is for).
 */
export function renew(
  loan: LoanState,
  today: IsoDate,
  policy: LendingPolicy = DEFAULT_LENDING_POLICY,
  record?: Pick<LendableRecord, 'status' | 'held'>,
): RenewalCheck {
  const no = (code: RenewalRefusalCode): RenewalCheck => ({ ok: false, code, ...RENEWAL_REFUSALS[code] });
  if (loan.returnedOn) return no('RETURNED');
  if (loan.kind !== 'borrow') return no('IN_ROOM_USE');
  if (record && (record.held || record.status === 'on_hold' || record.status === 'pending_destruction')) return no('RECORD_BLOCKED');
  if (loan.renewals >= policy.maxRenewals) return no('LIMIT_REACHED');
  if (overdueDays(loan.dueDate, today) > 0) return no('OVERDUE');
  return { ok: true, dueDate: addDays(loan.dueDate, policy.renewalDays), renewals: loan.renewals + 1 };
}

/**
 * Days overdue on `on` (or at return, if returned earlier): the due date is the last day to bring
 * the record back, so returning on it is 0 days overdue.
 */
export function overdueDays(dueDate: IsoDate, on: IsoDate, returnedOn?: IsoDate): number {
  const end = returnedOn && returnedOn < on ? returnedOn : on;
  return Math.max(0, daysBetween(dueDate, end));
}

/** The date each tier falls on for a loan, earliest first; tiers before the check-out are dropped. */
export function reminderSchedule(
  loan: Pick<LoanState, 'checkout' | 'dueDate'>,
  tiers: readonly ReminderTier[] = DEFAULT_REMINDER_TIERS,
): Array<{ tier: ReminderTier; date: IsoDate }> {
  return tiers
    .map((tier) => ({ tier, date: addDays(loan.dueDate, tier.offsetDays) }))
    .filter((x) => x.date >= loan.checkout) // a 3-day "before due" tier means nothing on a same-day slip
    .sort((a, b) => a.date.localeCompare(b.date) || a.tier.offsetDays - b.tier.offsetDays);
}

/** A reminder already sent, for a given due date (a renewal moves the due date and restarts them). */
export interface SentReminder {
  tierId: string;
  dueDate: IsoDate;
}

export interface ReminderStatus {
  /** The latest tier reached on this date, or null before the first one (or once returned). */
  current: ReminderTier | null;
  /** The current tier if it has not been sent yet: what to send today. */
  sendNow: ReminderTier | null;
  /** Tiers reached on this date and not sent for the current due date, earliest first. */
  unsent: ReminderTier[];
  /** The next tier still ahead, with its date. */
  next: { tier: ReminderTier; date: IsoDate } | null;
}

/**
 * Which reminder tier applies on `on`. Only the current tier is offered for sending: a keeper who
 * missed the "before due" reminder sends the overdue one, not both. Returned loans get nothing.
 */
export function reminderStatus(
  loan: LoanState,
  on: IsoDate,
  sent: readonly SentReminder[] = [],
  tiers: readonly ReminderTier[] = DEFAULT_REMINDER_TIERS,
): ReminderStatus {
  if (loan.returnedOn && loan.returnedOn <= on) return { current: null, sendNow: null, unsent: [], next: null };
  const sentIds = new Set(sent.filter((s) => s.dueDate === loan.dueDate).map((s) => s.tierId));
  const schedule = reminderSchedule(loan, tiers);
  const reached = schedule.filter((x) => x.date <= on);
  const current = reached.length ? reached[reached.length - 1].tier : null;
  return {
    current,
    sendNow: current && !sentIds.has(current.id) ? current : null,
    unsent: reached.map((x) => x.tier).filter((t) => !sentIds.has(t.id)),
    next: schedule.find((x) => x.date > on) ?? null,
  };
}
