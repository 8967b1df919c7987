import { EntitySchema } from 'typeorm';
import { ArchiveRecordEntity } from './record.entity';

/** One record lent on one slip (a slip lends several records: one row each, sharing slip_no). */
export interface LoanRecord {
  id: string;
  slipNo: string;
  /** The record's line on its slip (1, 2, …): the order it was listed at check-out. */
  slipLine: number | null;
  recordId: string;
  kind: string; // UseKind
  borrowerKind: string; // staff | external
  borrowerUserId: string | null;
  borrowerName: string;
  borrowerIdNumber: string | null;
  borrowerOrg: string | null;
  borrowerPhone: string | null;
  letterNo: string | null;
  purpose: string;
  /** users.id of a confirming approver; '' for a paper approval (the signer is known by name only). */
  approverUserId: string;
  approverName: string;
  approverOpinion: string | null;
  /** ApprovalMode: confirmed | paper; null on loans issued before approvals were confirmed (migration 0018). */
  approvalMode: string | null;
  /** The scanned signed slip of a paper approval (loan_approval_scans.id). */
  approvalScanId: string | null;
  checkoutDate: string;
  dueDate: string;
  renewals: number;
  pagesOut: number;
  conditionOut: string | null;
  returnedOn: string | null;
  pagesIn: number | null;
  damageNote: string | null;
  missingPages: string | null;
  alterations: string | null;
  receivedBy: string | null;
  copiesMade: number | null;
  outcome: string | null;
  createdBy: string;
  createdAt: string;
}

const o = (name: string, length: number) => ({ name, type: 'varchar' as const, length, nullable: true });
const s = (name: string, length: number) => ({ name, type: 'varchar' as const, length });

export const LoanEntity = new EntitySchema<LoanRecord>({
  name: 'Loan',
  tableName: 'loans',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    slipNo: s('slip_no', 40),
    slipLine: { name: 'slip_line', type: 'integer', nullable: true },
    recordId: s('record_id', 36),
    kind: s('kind', 12),
    borrowerKind: s('borrower_kind', 12),
    borrowerUserId: o('borrower_user_id', 36),
    borrowerName: s('borrower_name', 40),
    borrowerIdNumber: o('borrower_id_number', 30),
    borrowerOrg: o('borrower_org', 100),
    borrowerPhone: o('borrower_phone', 20),
    letterNo: o('letter_no', 40),
    purpose: s('purpose', 200),
    approverUserId: s('approver_user_id', 36),
    approverName: s('approver_name', 40),
    approverOpinion: o('approver_opinion', 200),
    approvalMode: o('approval_mode', 12),
    approvalScanId: o('approval_scan_id', 36),
    checkoutDate: s('checkout_date', 10),
    dueDate: s('due_date', 10),
    renewals: { type: 'integer' },
    pagesOut: { name: 'pages_out', type: 'integer' },
    conditionOut: o('condition_out', 200),
    returnedOn: o('returned_on', 10),
    pagesIn: { name: 'pages_in', type: 'integer', nullable: true },
    damageNote: o('damage_note', 200),
    missingPages: o('missing_pages', 200),
    alterations: o('alterations', 200),
    receivedBy: o('received_by', 32),
    copiesMade: { name: 'copies_made', type: 'integer', nullable: true },
    outcome: o('outcome', 200),
    createdBy: s('created_by', 32),
    createdAt: s('created_at', 32),
  },
  indices: [
    { name: 'idx_loans_record', columns: ['recordId'] },
    { name: 'idx_loans_open', columns: ['returnedOn', 'dueDate'] },
    { name: 'idx_loans_slip', columns: ['slipNo'] },
  ],
  foreignKeys: [{ target: ArchiveRecordEntity, columnNames: ['recordId'], referencedColumnNames: ['id'] }],
});

/** A recall or reminder sent for a loan (phone, letter, in person). */
export interface RecallNoticeRecord {
  id: string;
  loanId: string;
  date: string;
  method: string;
  tierId: string | null;
  dueDate: string | null;
  note: string | null;
  byUser: string;
}

export const RecallNoticeEntity = new EntitySchema<RecallNoticeRecord>({
  name: 'RecallNotice',
  tableName: 'recall_notices',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    loanId: s('loan_id', 36),
    date: s('date', 10),
    method: s('method', 12),
    tierId: o('tier_id', 20),
    dueDate: o('due_date', 10),
    note: o('note', 200),
    byUser: s('by_user', 32),
  },
  indices: [{ name: 'idx_recalls_loan', columns: ['loanId'] }],
  foreignKeys: [{ target: LoanEntity, columnNames: ['loanId'], referencedColumnNames: ['id'] }],
});

/**
 * The scan of a paper approval slip (纸质审批), one per slip. Encrypted like a record's attachment
 * (AES-256-GCM under a random key of its own, that key wrapped by the vault's attachment wrapping
 * key, SHA-256 of the plaintext for fixity), but kept in the database rather than as a file: a slip
 * scan is small, and so it travels with the database in backups and on PostgreSQL without a file
 * of its own to copy, and a re-key re-wraps it with the attachments (electron/core/rekey.ts).
 */
export interface LoanApprovalScanRecord {
  id: string;
  slipNo: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  wrappedKey: string;
  /** The sealed bytes (JSON of iv, ct, tag), AAD `loan-approval-scan:<id>`. */
  sealedData: string;
  createdAt: string;
  createdBy: string;
}

export const LoanApprovalScanEntity = new EntitySchema<LoanApprovalScanRecord>({
  name: 'LoanApprovalScan',
  tableName: 'loan_approval_scans',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    slipNo: s('slip_no', 40),
    fileName: s('file_name', 200),
    mime: s('mime', 100),
    size: { type: 'integer' },
    sha256: s('sha256', 64),
    wrappedKey: { name: 'wrapped_key', type: 'text' },
    sealedData: { name: 'sealed_data', type: 'text' },
    createdAt: s('created_at', 32),
    createdBy: s('created_by', 32),
  },
});
