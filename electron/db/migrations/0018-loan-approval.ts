import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Loan approvals are confirmed (#19 item 8): each loan says how it was approved — `confirmed` (the
 * approver's own password at the desk) or `paper` (a signed slip, scanned and attached). Loans
 * issued before keep NULL, shown as "approver entered, not confirmed". The scans live in their own
 * table, encrypted like attachments. Plain ADD COLUMN: TypeORM's addColumn would rebuild `loans`.
 */
export class LoanApproval1700000000018 implements MigrationInterface {
  name = 'LoanApproval1700000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE loans ADD COLUMN approval_mode varchar(12)');
    await q.query('ALTER TABLE loans ADD COLUMN approval_scan_id varchar(36)');
    await q.createTable(
      new Table({
        name: 'loan_approval_scans',
        columns: [
          col.id(),
          col.str('slip_no', 40),
          col.str('file_name', 200),
          col.str('mime', 100),
          col.int('size'),
          col.str('sha256', 64),
          col.text('wrapped_key'),
          col.text('sealed_data'),
          col.str('created_at', 32),
          col.str('created_by', 32),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('loan_approval_scans');
    await q.query('ALTER TABLE loans DROP COLUMN approval_scan_id');
    await q.query('ALTER TABLE loans DROP COLUMN approval_mode');
  }
}
