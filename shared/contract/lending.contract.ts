import { z } from 'zod';
import { CITIZEN_ID_MESSAGES, normalizeCitizenId, parseCitizenId } from '../domain/citizen-id';
import { APPROVAL_MODES, USE_KINDS } from '../domain/lending';
import { bi, channel } from './channel';
import { Id, Password, PdfFile } from './common';
import { DateStr } from './register-fields';

const txt = (max: number) => z.string().trim().max(max);
/**
 * A number meant as a citizen ID: digits (the last may be X) of 15 to 20 characters — a mistyped
 * 18-character ID with a digit too few or too many included, and Excel's scientific notation. Other
 * papers (passport E12345678, 港澳通行证, 台胞证 of 8 digits, 军官证) are taken as written.
 */
const looksLikeCitizenId = (v: string) => {
  const n = normalizeCitizenId(v);
  return /^\d{14,19}[\dX]$/.test(n) || /^\d(\.\d+)?E\+?\d+$/i.test(n);
};

export const BorrowerInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), userId: z.string().min(1, bi('请选择借阅人', 'Choose the borrower')) }),
  z.object({
    kind: z.literal('external'),
    name: txt(40).min(1, bi('请填写借阅人姓名', "Enter the borrower's name")),
    // A number shaped like a citizen ID is checked as a resident's is (length, check digit, birth date)
    // before it is printed on a slip; other papers (passport, 军官证) are taken as written.
    idNumber: txt(30)
      .min(1, bi('外单位借阅人须填写证件号码', 'External borrowers need an ID number'))
      .transform((v) => (looksLikeCitizenId(v) ? normalizeCitizenId(v) : v))
      .superRefine((v, ctx) => {
        if (!looksLikeCitizenId(v)) return;
        const p = parseCitizenId(v);
        if (!p.ok) ctx.addIssue({ code: 'custom', message: bi(CITIZEN_ID_MESSAGES[p.problem].zh, CITIZEN_ID_MESSAGES[p.problem].en) });
      }),
    organisation: txt(100).min(1, bi('外单位借阅人须填写所在单位', 'External borrowers need an organisation')),
    letterNo: txt(40).min(1, bi('外单位借阅须填写介绍信编号', 'External borrowers need an authorisation letter number')),
    phone: txt(20).optional(),
  }),
]);

/** A scanned approval slip is one or two pages: PDF, JPG or PNG, at most 10 MB. */
export const APPROVAL_SCAN_MAX_BYTES = 10 * 1024 * 1024;
export const APPROVAL_SCAN_TYPES = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' } as const;

/**
 * Who approved, one of two ways. `confirmed`: the approver types their user name and password at
 * the keeper's desk (the server checks them as at sign-in, throttled, and the approval is signed
 * with the approver's own key). `paper`: the approver signed a paper slip; the keeper types the
 * approver's name and attaches its scan (kept encrypted like a record's attachments).
 */
export const ApprovalInput = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('confirmed'),
    username: z.string().trim().min(1, bi('请审批人输入用户名', 'The approver enters their user name')).max(32),
    password: Password,
    opinion: txt(200).optional(),
  }),
  z.object({
    mode: z.literal('paper'),
    approverName: txt(40).min(1, bi('请填写纸质审批单上的审批人姓名', 'Enter the name of the approver who signed the slip')),
    opinion: txt(200).optional(),
    scan: z.object({
      fileName: z.string().trim().min(1, bi('请附上签字审批单的扫描件', 'Attach the scan of the signed slip')).max(200),
      mime: z.string().max(100),
      dataBase64: z
        .string()
        .min(1, bi('请附上签字审批单的扫描件', 'Attach the scan of the signed slip'))
        .max(Math.ceil(APPROVAL_SCAN_MAX_BYTES / 3) * 4, bi('扫描件不能超过 10 MB', 'The scan must be at most 10 MB')),
    }),
  }),
]);
export type ApprovalInput = z.infer<typeof ApprovalInput>;

export const LoanRow = z.object({
  id: z.string(),
  slipNo: z.string(),
  recordId: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  kind: z.enum(USE_KINDS),
  borrowerKind: z.enum(['staff', 'external']),
  borrowerName: z.string(),
  borrowerOrg: z.string().nullable(),
  borrowerIdMasked: z.string().nullable(),
  letterNo: z.string().nullable(),
  purpose: z.string(),
  approverName: z.string(),
  approverOpinion: z.string().nullable(),
  approvalMode: z.enum(APPROVAL_MODES),
  /** A paper approval's scanned slip (view it with lending.approvalScan). */
  approvalScan: z.object({ id: z.string(), fileName: z.string(), sha256: z.string() }).nullable(),
  checkoutDate: z.string(),
  dueDate: z.string(),
  renewals: z.number(),
  pagesOut: z.number(),
  conditionOut: z.string().nullable(),
  returnedOn: z.string().nullable(),
  pagesIn: z.number().nullable(),
  damageNote: z.string().nullable(),
  receivedBy: z.string().nullable(),
  outcome: z.string().nullable(),
  overdueDays: z.number(),
  reminder: z.object({ current: z.string().nullable(), sendNow: z.string().nullable(), label: z.string().nullable() }),
  recalls: z.number(),
});
export type LoanRow = z.infer<typeof LoanRow>;

export const RecallRow = z.object({
  id: z.string(),
  loanId: z.string(),
  date: z.string(),
  method: z.string(),
  tierId: z.string().nullable(),
  note: z.string().nullable(),
  by: z.string(),
});

export const lendingContract = {
  checkout: channel({
    req: z.object({
      recordIds: z.array(Id).min(1, bi('请选择要借阅的档案', 'Choose the records')).max(50),
      kind: z.enum(USE_KINDS),
      borrower: BorrowerInput,
      approval: ApprovalInput,
      purpose: txt(200).min(1, bi('请填写借阅事由', 'Enter the purpose of use')),
      dueDate: DateStr.optional(),
      pagesConfirmed: z.literal(true, { error: bi('请核对页数后勾选确认', 'Check the pages and confirm') }),
      condition: txt(200).optional(),
    }),
    res: z.array(LoanRow),
    access: 'lending.manage',
  }),
  return: channel({
    req: z.object({
      loanId: Id,
      pagesCounted: z.number().int().min(0).max(100000),
      damageNote: txt(200).optional(),
      missingPages: txt(200).optional(),
      alterations: txt(200).optional(),
      outcome: txt(200).optional(),
      copiesMade: z.number().int().min(0).max(10000).optional(),
    }),
    res: LoanRow,
    access: 'lending.manage',
  }),
  renew: channel({ req: z.object({ loanId: Id }), res: LoanRow, access: 'lending.manage' }),
  recall: channel({
    req: z.object({ loanId: Id, method: z.enum(['电话', '短信', '书面', '上门']), note: txt(200).optional() }),
    res: RecallRow,
    access: 'lending.manage',
  }),
  list: channel({
    req: z.object({
      state: z.enum(['out', 'overdue', 'dueSoon', 'all']).default('out'),
      recordId: z.string().optional(),
      borrower: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    res: z.array(LoanRow),
    access: 'lending.read',
  }),
  recalls: channel({ req: z.object({ loanId: Id }), res: z.array(RecallRow), access: 'lending.read' }),
  /** A paper approval's scanned slip, decrypted in memory for the in-app viewer (PDF pages drawn by pdf.js there). */
  approvalScan: channel({
    req: z.object({ loanId: Id }),
    res: z.object({ fileName: z.string(), mime: z.string(), sha256: z.string(), dataBase64: z.string() }),
    access: 'lending.manage',
  }),
  slipPdf: channel({ req: z.object({ slipNo: z.string().max(40) }), res: PdfFile, access: 'lending.manage' }),
  recallPdf: channel({ req: z.object({ loanId: Id }), res: PdfFile, access: 'lending.manage' }),
  stats: channel({
    req: z.object({ year: z.number().int().min(2000).max(2200) }),
    res: z.object({
      byMonth: z.array(z.object({ month: z.string(), count: z.number() })),
      byKind: z.array(z.object({ kind: z.string(), count: z.number() })),
      byOutcome: z.array(z.object({ outcome: z.string(), count: z.number() })),
    }),
    access: 'lending.read',
  }),
};
